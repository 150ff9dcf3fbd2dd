import i18n from 'i18next';
import { describe, expect, it } from 'vitest';

import '../i18n';
import type { Schemas } from '../api/client';
import { unitLevel, unitLevelLabel } from './labels';

const t = i18n.t.bind(i18n);

// A unit at the street level is a 街道, a 乡 or a 镇 by its name; other kinds are their kind.
const TABLE: [Schemas['UnitKind'], string, string, string][] = [
  ['street', '淮河路街道', 'street', '街道'],
  ['street', '侯寨乡', 'township', '乡'],
  ['street', '马寨镇', 'town', '镇'],
  ['street', ' 侯寨乡 ', 'township', '乡'],
  ['district', '二七区', 'district', '区'],
  ['community', '侯寨村', 'community', '社区/村'],
  // Only the street level reads its name: a compound called …镇 is still a compound.
  ['compound', '古镇', 'compound', '小区/楼院'],
];

describe('unitLevel', () => {
  it.each(TABLE)('%s %s is a %s (%s)', (kind, name, level, label) => {
    expect(unitLevel({ kind, name })).toBe(level);
    expect(unitLevelLabel(t, { kind, name })).toBe(label);
  });
});

// What the board can be filtered by, read from the URL.
import type { Schemas } from '../../api/client';

/** What the public board shows: never `submitted` or `withdrawn` (SPEC §4.7). */
export const PUBLIC_STATES = ['published', 'accepted', 'resolved', 'rejected', 'merged', 'referred'] as const satisfies readonly Schemas['DemandState'][];
export const SORTS = ['newest', 'cosigns'] as const;

export function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return values.find((v) => v === raw);
}

export interface Filters {
  unit?: string;
  state?: Schemas['DemandState'];
  category?: Schemas['DemandCategory'];
  sort?: (typeof SORTS)[number];
  q?: string;
}

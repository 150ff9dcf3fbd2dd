// What withdrawing a resource does, said before it is done: the unallocated part comes back,
// what is allocated to projects stays.
import type { TFunction } from 'i18next';

import { formatQuantity } from '../../components/money';
import type { Resource } from './api';

export function withdrawEffectText(resource: Pick<Resource, 'allocated' | 'remaining' | 'measure'>, t: TFunction): string {
  const remaining = formatQuantity(resource.remaining, resource.measure);
  if (resource.allocated === 0) return t('resourceWithdraw.effectNoneAllocated', { remaining });
  return t('resourceWithdraw.effect', { remaining, allocated: formatQuantity(resource.allocated, resource.measure) });
}

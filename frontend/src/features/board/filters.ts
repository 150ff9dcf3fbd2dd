// What the board can be filtered by, read from the URL.
import type { Schemas } from '../../api/client';
import { CATEGORIES } from '../../components/labels';

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

/** The filters a board URL's query string asks for. */
export function filtersFrom(params: URLSearchParams): Filters {
  return {
    unit: params.get('unit') || undefined,
    state: oneOf(PUBLIC_STATES, params.get('state')),
    category: oneOf(CATEGORIES, params.get('category')),
    sort: oneOf(SORTS, params.get('sort')),
    q: params.get('q')?.trim() || undefined,
  };
}

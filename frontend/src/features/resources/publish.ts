// The publish form's values and how they become the API's body: yuan for funds (sent as
// fen, measure `fen`), a whole number and its measure otherwise; the offer lapses at the end
// of the chosen day.
import type { Dayjs } from 'dayjs';

import type { Schemas } from '../../api/client';
import { FEN, positiveYuanToFen } from '../../components/money';
import type { ResourceKind } from './api';

export interface PublishValues {
  kind?: ResourceKind;
  title?: string;
  description?: string;
  /** Yuan, for funds. */
  amount?: number | string | null;
  /** A count, for every other kind. */
  quantity?: number | null;
  measure?: string;
  available_until?: Dayjs | null;
  unit_id?: string;
}

/** The body of `POST /resources`, or undefined while the values do not make one (the form says why). */
export function publishBody(organizationId: string, values: PublishValues): Schemas['NewResourceRequest'] | undefined {
  const { kind, unit_id } = values;
  const title = values.title?.trim() ?? '';
  if (!kind || !unit_id || title.length < 2) return undefined;
  const funds = kind === 'funds';
  const quantity = funds ? positiveYuanToFen(values.amount) : values.quantity;
  const measure = funds ? FEN : values.measure?.trim();
  if (!quantity || !Number.isSafeInteger(quantity) || quantity < 1 || !measure) return undefined;
  return {
    organization_id: organizationId,
    kind,
    title,
    description: values.description?.trim() ?? '',
    quantity,
    measure,
    unit_id,
    available_until: values.available_until ? values.available_until.endOf('day').toISOString() : null,
  };
}

// The resource form's values and how they become the API's body, for publishing and for
// editing: yuan for funds (sent as fen, measure `fen`), a whole number and its measure
// otherwise; the offer lapses at the end of the chosen day.
import dayjs, { type Dayjs } from 'dayjs';

import type { Schemas } from '../../api/client';
import { FEN, fenToYuan, positiveYuanToFen } from '../../components/money';
import type { Resource, ResourceKind } from './api';

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

/** The form's values for a resource being edited: what it offers now, in the form's units. */
export function editValues(resource: Resource): PublishValues {
  const funds = resource.kind === 'funds';
  return {
    kind: resource.kind,
    title: resource.title,
    description: resource.description,
    amount: funds ? fenToYuan(resource.quantity) : undefined,
    quantity: funds ? undefined : resource.quantity,
    measure: funds ? FEN : resource.measure,
    available_until: resource.available_until ? dayjs(resource.available_until) : null,
    unit_id: resource.unit_id,
  };
}

/**
 * The body of `PATCH /resources/{id}`: only what changed (the kind, the measure and the unit
 * stay, as claims were made against them); undefined while the values do not make one, or
 * when nothing changed.
 */
export function editBody(resource: Resource, values: PublishValues): Schemas['ResourcePatch'] | undefined {
  const title = values.title?.trim() ?? '';
  const quantity = resource.kind === 'funds' ? positiveYuanToFen(values.amount) : values.quantity;
  if (title.length < 2 || !quantity || !Number.isSafeInteger(quantity) || quantity < 1) return undefined;
  const body: Schemas['ResourcePatch'] = { version: resource.version };
  if (title !== resource.title) body.title = title;
  const description = values.description?.trim() ?? '';
  if (description !== resource.description) body.description = description;
  if (quantity !== resource.quantity) body.quantity = quantity;
  const was = resource.available_until ? dayjs(resource.available_until) : null;
  const until = values.available_until ?? null;
  if (!until && was) body.available_until = null;
  else if (until && !(was && until.isSame(was, 'day'))) body.available_until = until.endOf('day').toISOString();
  return Object.keys(body).length > 1 ? body : undefined;
}

// What every client of the API shares, the web app's (api/client.ts) and the admin scripts'
// (scripts/admin): problems as errors, lists read to their end, and keys that make a write
// once. Nothing here needs a browser or Node, and relative imports name their `.js`, as
// Node's resolution in the scripts' build requires.
import type { Client } from 'openapi-fetch';

import type { components, paths } from './schema.js';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type Api = Client<paths>;

/** A problem+json answer (or a network failure dressed as one). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail);
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'code' in value;
}

/** The data of a call, or its problem thrown as an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError({
      type: 'urn:gongzhi:problem:network',
      title: 'Network error',
      status: 0,
      detail: `the server could not be reached (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)})`,
      code: 'network',
    });
  }
  const { data, error, response } = result;
  if (error !== undefined || !response.ok) {
    if (isProblem(error)) throw new ApiError(error);
    throw new ApiError({
      type: 'urn:gongzhi:problem:unexpected',
      title: response.statusText,
      status: response.status,
      detail: `unexpected response ${response.status}`,
      code: 'unexpected',
    });
  }
  return data as T;
}

/** Every page of a keyset-paged list, in order. */
export async function listAll<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor?: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const got = await page(cursor);
    all.push(...got.items);
    cursor = got.next_cursor ?? undefined;
  } while (cursor);
  return all;
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** An Idempotency-Key that is the same for the same write: sent again after a lost
 * answer, or by a second run within the server's 24 hours, it creates nothing new. */
async function idempotencyKey(path: string, body: unknown): Promise<string> {
  // A page served over plain HTTP (an intranet) has no SubtleCrypto: a random key still makes
  // each request once, and a second run finds what the first made by its name.
  const subtle = globalThis.crypto.subtle as typeof crypto.subtle | undefined;
  const digest = subtle
    ? new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify([path, body]))))
    : crypto.getRandomValues(new Uint8Array(32));
  return `gongzhi-admin-${hex(digest)}`;
}

/** A creating request's body with the Idempotency-Key made from it and the path it goes to:
 * `api.POST(path, await keyed(path, body))`. */
export async function keyed<B>(path: string, body: B): Promise<{ params: { header: { 'Idempotency-Key': string } }; body: B }> {
  return { params: { header: { 'Idempotency-Key': await idempotencyKey(path, body) } }, body };
}

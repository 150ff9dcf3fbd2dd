// One tap, one record: a submission's key is kept while the same body is retried after an
// unknown outcome and replaced after an answer or for another body; while a request is on its
// way, nothing more is sent; the hook puts the key in the `Idempotency-Key` header.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, problem, stubApi } from '../components/testing';
import { api, ApiError, unwrap, type Schemas } from './client';
import { IDEMPOTENCY_KEY, outcomeUnknown, randomKey, SAME_TAP_MS, Submission, useSubmit } from './submission';

const networkError = () =>
  new ApiError({ type: 'urn:gongzhi:problem:network', title: 'Network error', status: 0, detail: 'unreachable', code: 'network' });
const refusal = (status: number, code: string) => new ApiError({ type: `urn:gongzhi:problem:${code}`, title: code, status, detail: code, code });

/** A submission with numbered keys and a clock the test moves. */
function numbered() {
  let n = 0;
  let now = 1_000;
  const submission = new Submission({ newKey: () => `key-${++n}`, now: () => now });
  return { submission, later: (ms: number) => (now += ms) };
}

/** A request the test answers when it likes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const body = { title: '楼道灯坏了', unit_id: 'u1' };

type Demand = Schemas['NewDemandRequest'];
const demand: Demand = { title: '楼道灯坏了', description: '', category: 'safety', unit_id: 'u1' };

describe('a submission', () => {
  it('sends the same key again when the same body is retried after a network error', async () => {
    const { submission } = numbered();
    const keys: string[] = [];
    await expect(submission.run(body, async (key) => { keys.push(key); throw networkError(); })).rejects.toThrow();
    await expect(submission.run(body, async (key) => { keys.push(key); return 'made'; })).resolves.toBe('made');
    expect(keys).toEqual(['key-1', 'key-1']);
  });

  it('keeps the key after a timeout, a busy server, or while the first is still being worked on', async () => {
    const { submission } = numbered();
    const keys: string[] = [];
    for (const error of [refusal(503, 'busy_retry'), refusal(504, 'request_timeout'), refusal(409, 'idempotency_key_in_flight'), new Error('aborted')]) {
      await expect(submission.run(body, async (key) => { keys.push(key); throw error; })).rejects.toBe(error);
    }
    expect(keys).toEqual(['key-1', 'key-1', 'key-1', 'key-1']);
  });

  it('makes a new key after a success', async () => {
    const { submission, later } = numbered();
    const keys: string[] = [];
    const send = async (key: string) => { keys.push(key); return key; };
    await submission.run(body, send);
    await submission.run({ ...body, title: '又一盏灯坏了' }, send);
    later(SAME_TAP_MS);
    await submission.run(body, send);
    expect(keys).toEqual(['key-1', 'key-2', 'key-3']);
  });

  it('makes a new key when the form changed, or after the server refused (nothing was made)', async () => {
    const { submission } = numbered();
    const keys: string[] = [];
    const fail = (error: unknown) => async (key: string) => { keys.push(key); throw error; };
    await submission.run(body, fail(networkError()))?.catch(() => undefined);
    await submission.run({ ...body, title: '楼道灯全坏了' }, fail(refusal(422, 'title_length')))?.catch(() => undefined);
    await submission.run({ ...body, title: '楼道灯全坏了' }, fail(refusal(409, 'already_cosigned')))?.catch(() => undefined);
    expect(keys).toEqual(['key-1', 'key-2', 'key-3']);
  });

  it('sends nothing while a request is on its way, and the first answer stands', async () => {
    const { submission } = numbered();
    const first = deferred<string>();
    const send = vi.fn(() => first.promise);
    const sent = submission.run(body, send);
    expect(submission.pending).toBe(true);
    expect(submission.run(body, send)).toBeNull();
    expect(submission.run({ other: 'body' }, send)).toBeNull();
    first.resolve('made');
    await expect(sent).resolves.toBe('made');
    expect(send).toHaveBeenCalledTimes(1);
    expect(submission.pending).toBe(false);
  });

  it('takes a second tap landing just after the answer as the same tap', async () => {
    const { submission, later } = numbered();
    const send = vi.fn(async () => 'made');
    await submission.run(body, send);
    later(SAME_TAP_MS / 4);
    expect(submission.run(body, send)).toBeNull();
    submission.reset();
    await submission.run(body, send);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('is unlocked again after a failure', async () => {
    const { submission } = numbered();
    await submission.run(body, async () => { throw refusal(422, 'title_length'); })?.catch(() => undefined);
    expect(submission.pending).toBe(false);
    await expect(submission.run(body, async () => 'made')).resolves.toBe('made');
  });

  it('makes keys as UUIDs, also where crypto.randomUUID is missing (plain HTTP)', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(randomKey()).toMatch(uuid);
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) });
    const insecure = randomKey();
    vi.unstubAllGlobals();
    expect(insecure).toMatch(uuid);
    expect(insecure).not.toBe(randomKey());
  });

  it('tells an answer from an unknown outcome', () => {
    expect(outcomeUnknown(networkError())).toBe(true);
    expect(outcomeUnknown(refusal(502, 'unexpected'))).toBe(true);
    expect(outcomeUnknown(refusal(422, 'idempotency_key_reused'))).toBe(false);
    expect(outcomeUnknown(refusal(403, 'forbidden'))).toBe(false);
  });
});

describe('useSubmit', () => {
  afterEach(() => vi.unstubAllGlobals());

  function wrapper({ children }: { children: ReactNode }) {
    const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
    return createElement(QueryClientProvider, { client }, children);
  }

  it('sends the key in the Idempotency-Key header, once however often it is tapped', async () => {
    const answer = deferred<Response>();
    const keys: (string | null)[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        keys.push(request.headers.get(IDEMPOTENCY_KEY));
        return answer.promise;
      }),
    );
    const onSuccess = vi.fn();
    const { result } = renderHook(
      () => useSubmit((b: Demand, headers) => unwrap(api.POST('/api/v1/demands', { body: b, headers })), { onSuccess }),
      { wrapper },
    );
    act(() => {
      result.current.mutate(demand);
      result.current.mutate(demand);
    });
    await waitFor(() => expect(result.current.isPending).toBe(true));
    act(() => result.current.mutate(demand));
    answer.resolve(json({ id: 'd1', similar: [] }, 201));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(result.current.variables).toEqual(demand);
  });

  it('retries with the same key after a network error, and says the error until then', async () => {
    const keys: (string | null)[] = [];
    let fail = true;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        keys.push(request.headers.get(IDEMPOTENCY_KEY));
        if (fail) throw new TypeError('Failed to fetch');
        return json({ id: 'r1' }, 201);
      }),
    );
    const { result } = renderHook(
      () => useSubmit((b: Demand, headers) => unwrap(api.POST('/api/v1/demands', { body: b, headers }))),
      { wrapper },
    );
    act(() => result.current.mutate(demand));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect((result.current.error as ApiError).code).toBe('network');
    fail = false;
    act(() => result.current.mutate(demand));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('is unlocked by a refusal, which is said', async () => {
    stubApi({ 'POST /api/v1/demands': () => problem(422, 'title_length', 'too short', { errors: { title: ['too short'] } }) });
    const { result } = renderHook(
      () => useSubmit((b: Demand, headers) => unwrap(api.POST('/api/v1/demands', { body: b, headers }))),
      { wrapper },
    );
    act(() => result.current.mutate(demand));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect((result.current.error as ApiError).code).toBe('title_length');
    expect(result.current.isPending).toBe(false);
  });
});

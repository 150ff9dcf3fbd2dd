// One tap, one record. Every write a screen sends goes through a `Submission`: it is locked
// while its request is in flight (a second tap does nothing and the first tap's answer is the
// one shown), and each request carries an `Idempotency-Key`, one per submission:
// the same key while the same body is sent again after an unknown outcome (the network
// failed, the server timed out or was busy), a new one after the server answered, or for a
// different body. The API answers a key it has seen with the first response and creates
// nothing, so a retry after a lost answer cannot make a second record either.
import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { useState } from 'react';

import { ApiError } from './client';

/** The header a creating request carries (SPEC §5). */
export const IDEMPOTENCY_KEY = 'Idempotency-Key';
export type KeyHeaders = { [IDEMPOTENCY_KEY]: string };

export const keyHeaders = (key: string): KeyHeaders => ({ [IDEMPOTENCY_KEY]: key });

/**
 * After a success, the same body sent again this soon is the same tap landing late (a
 * double tap on a fast server): nothing is sent, the first answer stands.
 */
export const SAME_TAP_MS = 2_000;

/** Problem codes that say the server has not answered the submission for good. */
const UNANSWERED = new Set(['network', 'idempotency_key_in_flight', 'request_timeout', 'busy_retry']);

/**
 * Whether `error` leaves open what the server did, so that sending the same body again must
 * carry the same key (and is answered with the first response if the first was done). A
 * refusal (a 4xx) created nothing: the next send is a new submission.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return UNANSWERED.has(error.code) || error.status === 0 || error.status === 408 || error.status >= 500;
}

interface Clock {
  /** A fresh key (`randomKey`). */
  newKey: () => string;
  now: () => number;
}

/**
 * A random UUID. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost); an
 * intranet served over plain HTTP still has `getRandomValues`, from which a version 4 is made.
 */
export function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const SYSTEM: Clock = { newKey: randomKey, now: () => Date.now() };

/** One form's (or one button's) submissions, in order. */
export class Submission {
  private key: string | null = null;
  /** The body the key was made for (as JSON). */
  private keyFor: string | null = null;
  private inFlight: Promise<unknown> | null = null;
  private succeeded: { body: string; at: number } | null = null;
  private readonly clock: Clock;

  constructor(clock: Partial<Clock> = {}) {
    this.clock = { ...SYSTEM, ...clock };
  }

  /** Whether a request is on its way (the button is locked). */
  get pending(): boolean {
    return this.inFlight !== null;
  }

  /**
   * Sends `body` with `send(key)`, or, while a request is in flight (or when the same body
   * succeeded a moment ago: a second tap), sends nothing and answers null.
   */
  run<T>(body: unknown, send: (key: string) => Promise<T>): Promise<T> | null {
    if (this.inFlight) return null;
    const text = JSON.stringify(body) ?? '';
    const last = this.succeeded;
    if (last && last.body === text && this.clock.now() - last.at < SAME_TAP_MS) return null;
    if (this.key === null || this.keyFor !== text) {
      this.key = this.clock.newKey();
      this.keyFor = text;
    }
    const answer = send(this.key).then(
      (value) => {
        this.key = null;
        this.succeeded = { body: text, at: this.clock.now() };
        return value;
      },
      (error: unknown) => {
        if (!outcomeUnknown(error)) this.key = null;
        throw error;
      },
    );
    const settled = answer.finally(() => {
      this.inFlight = null;
    });
    this.inFlight = settled;
    return settled;
  }

  /** Forgets the last submission (the form was cleared for a new one). */
  reset() {
    this.key = null;
    this.keyFor = null;
    this.succeeded = null;
  }
}

/** A submission that lives as long as the component holding it. */
export function useSubmission(): Submission {
  const [submission] = useState(() => new Submission());
  return submission;
}

/** What a screen may do after one submission's answer (TanStack's callbacks, with the body sent). */
export interface SubmitCallbacks<TData, TBody> {
  onSuccess?: (data: TData, body: TBody) => unknown;
  onError?: (error: Error, body: TBody) => unknown;
  onSettled?: (data: TData | undefined, error: Error | null, body: TBody) => unknown;
}

type Sent<TBody> = { body: TBody; key: string };

/** Omit from each member of a union (TanStack's result is one per status). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type SubmitMutation<TData, TBody> = OmitEach<UseMutationResult<TData, Error, Sent<TBody>>, 'mutate' | 'mutateAsync' | 'variables' | 'reset'> & {
  /** The body being (or last) sent. */
  variables: TBody | undefined;
  /** Sends `body` unless a submission is in flight (then a tap does nothing). */
  mutate: (body: TBody, callbacks?: SubmitCallbacks<TData, TBody>) => void;
  /** As `mutate`, answering the request's promise, or null when nothing was sent. */
  mutateAsync: (body: TBody, callbacks?: SubmitCallbacks<TData, TBody>) => Promise<TData> | null;
  /** Forgets the last answer and submission (the form is cleared for a new one). */
  reset: () => void;
};

function wrap<TData, TBody>(callbacks: SubmitCallbacks<TData, TBody> = {}) {
  return {
    onSuccess: (data: TData, sent: Sent<TBody>) => callbacks.onSuccess?.(data, sent.body),
    onError: (error: Error, sent: Sent<TBody>) => callbacks.onError?.(error, sent.body),
    onSettled: (data: TData | undefined, error: Error | null, sent: Sent<TBody>) => callbacks.onSettled?.(data, error, sent.body),
  };
}

export interface SubmitOptions<TData, TBody> extends SubmitCallbacks<TData, TBody> {
  /**
   * The whole request a body stands for, when `send` adds to it (the version read, the
   * action): what decides whether a send is the same submission again. The body by default.
   */
  sameAs?: (body: TBody) => unknown;
}

/**
 * A TanStack mutation for a write, through one `Submission`: `send(body, headers)` makes the
 * request with the `Idempotency-Key` headers given; `mutate` is locked while it is in flight.
 */
export function useSubmit<TData, TBody = void>(
  send: (body: TBody, headers: KeyHeaders) => Promise<TData>,
  { sameAs = (body) => body, ...callbacks }: SubmitOptions<TData, TBody> = {},
): SubmitMutation<TData, TBody> {
  const submission = useSubmission();
  const mutation = useMutation<TData, Error, Sent<TBody>>({
    mutationFn: ({ body, key }) => send(body, keyHeaders(key)),
    ...wrap(callbacks),
  });
  const mutateAsync = (body: TBody, perCall?: SubmitCallbacks<TData, TBody>) =>
    submission.run(sameAs(body), (key) => mutation.mutateAsync({ body, key }, perCall && wrap(perCall)));
  return {
    ...mutation,
    variables: mutation.variables?.body,
    mutateAsync,
    // The error is the mutation's (`error`, `onError`): nothing more to catch here.
    mutate: (body, perCall) => void mutateAsync(body, perCall)?.catch(() => undefined),
    reset: () => {
      submission.reset();
      mutation.reset();
    },
  };
}

/** A submit button's props while its submission is in flight: locked, and saying so. */
export const lockedWhile = (busy: boolean) => ({ loading: busy, disabled: busy });

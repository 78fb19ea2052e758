// When a failed attempt is tried again, and how long to wait: the one place that decides it. The same policy
// says whether an error is `retryable`, so a status the policy retries is retryable and one it does not is not.
import { clampDelay } from './limits.js';
import type { BridgeError } from './errors.js';
import type { HttpMethod, RetryOptions } from './types.js';

const IDEMPOTENT: readonly HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];
const RETRY_STATUS: readonly number[] = [408, 429, 500, 502, 503, 504];
// A Retry-After longer than this is an outage, not a hiccup: fail now rather than hold the widget.
const MAX_RETRY_AFTER = 60_000;

export interface RetryPolicy {
  limit: number;
  methods: readonly HttpMethod[];
  statusCodes: readonly number[];
  backoff: (attempt: number) => number;
}

export function retryPolicy(option: number | RetryOptions | undefined): RetryPolicy {
  const options = typeof option === 'object' ? option : { limit: option ?? 0 };
  return {
    limit: options.limit,
    methods: options.methods ?? IDEMPOTENT,
    statusCodes: options.statusCodes ?? RETRY_STATUS,
    backoff: options.backoff ?? jitteredBackoff,
  };
}

/** Exponential from 300 ms, capped at 10 s, with "equal jitter": half fixed, half random. */
function jitteredBackoff(attempt: number): number {
  const ceiling = Math.min(10_000, 300 * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Whether the policy retries this failure of this method, its limit aside: what `retryable` says. Only
 * transient failures (NETWORK_ERROR, TIMEOUT, the policy's statuses) of the policy's methods (a 503 to a POST is
 * transient, but repeating a POST is not safe).
 */
export function retries(policy: RetryPolicy, method: string, error: BridgeError): boolean {
  if (!policy.methods.includes(method as HttpMethod)) return false;
  if (error.code === 'NETWORK_ERROR' || error.code === 'TIMEOUT') return true;
  return error.code === 'HTTP_ERROR' && error.status !== undefined && policy.statusCodes.includes(error.status);
}

/**
 * The delay before retry number `attempt` (1-based), or undefined when the failure must not be retried: the
 * limit is reached, or the policy does not retry it. Never after ABORTED. Always within [0, MAX_TIMEOUT].
 */
export function retryDelay(policy: RetryPolicy, method: string, attempt: number, error: BridgeError, retryAfter?: number): number | undefined {
  if (attempt > policy.limit || !retries(policy, method, error)) return undefined;
  if (retryAfter !== undefined) return retryAfter <= MAX_RETRY_AFTER ? clampDelay(retryAfter) : undefined;
  return clampDelay(policy.backoff(attempt));
}

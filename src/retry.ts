// When and how long to wait before trying a failed attempt again.
import type { BridgeError } from './errors.js';
import type { HttpMethod, RetryOptions } from './types.js';

const IDEMPOTENT: HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];
const RETRY_STATUS = [408, 429, 500, 502, 503, 504];
// A Retry-After longer than this is an outage, not a hiccup: fail now rather than hold the widget.
const MAX_RETRY_AFTER = 60_000;

export interface RetryPolicy {
  limit: number;
  methods: readonly HttpMethod[];
  statusCodes: readonly number[];
  backoff: (attempt: number) => number;
}

export function retryPolicy(option: number | RetryOptions): RetryPolicy {
  const options = typeof option === 'number' ? { limit: option } : option;
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
 * The delay before retry number `attempt` (1-based), or undefined when the failure must not be retried:
 * the limit is reached, the method is not idempotent, or the failure is not transient. Never after ABORTED.
 */
export function retryDelay(policy: RetryPolicy, method: HttpMethod, attempt: number, error: BridgeError, retryAfter?: number): number | undefined {
  if (attempt > policy.limit || !policy.methods.includes(method)) return undefined;
  const transient =
    error.code === 'NETWORK_ERROR' ||
    error.code === 'TIMEOUT' ||
    (error.code === 'HTTP_ERROR' && error.status !== undefined && policy.statusCodes.includes(error.status));
  if (!transient) return undefined;
  if (retryAfter !== undefined) return retryAfter <= MAX_RETRY_AFTER ? retryAfter : undefined;
  return Math.max(0, policy.backoff(attempt));
}

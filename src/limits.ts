// The numbers every client agrees on, and the rules that use them: one place, so createBridge, parentBridge,
// parentFrame and the host frame cannot drift apart.

/** setTimeout fires at once for delays past 2^31-1 ms. */
export const MAX_TIMEOUT = 2_147_483_647;

/** A request's timeout when neither the request nor the bridge gives one. */
export const DEFAULT_TIMEOUT = 30_000;

export const TIMEOUT_RULE = `must be a whole number of ms from 1 to ${MAX_TIMEOUT}`;

/** A timeout, heartbeat or any other period a caller gives: whole ms, at least 1, at most MAX_TIMEOUT. */
export const isTimeout = (ms: unknown): ms is number => typeof ms === 'number' && Number.isInteger(ms) && ms > 0 && ms <= MAX_TIMEOUT;

/** A delay we compute (a backoff, a Retry-After): NaN is 0, and nothing beyond what setTimeout can wait. */
export const clampDelay = (ms: number): number => (ms > 0 ? Math.min(ms, MAX_TIMEOUT) : 0);

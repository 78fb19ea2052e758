// Settling a piece of work by whichever comes first: its own answer, a deadline, the caller's signal, or the
// bridge's destruction. Hand-composed rather than AbortSignal.any/timeout so that timers are always cleared
// and browsers without AbortSignal.any (Safari < 17.4) work too.
import { BridgeError } from './errors.js';

/** The ABORTED error of a destroyed bridge (createBridge, parentBridge, the channel under them). */
export const destroyedError = (): BridgeError => new BridgeError('ABORTED', 'the bridge was destroyed');

/**
 * The error of a caller's signal, keeping its reason as `cause`: ABORTED, or TIMEOUT when the reason is a
 * TimeoutError (`AbortSignal.timeout()`), as fetch and ky report it. The caller chose to stop: never retryable.
 */
export function abortedError(signal: AbortSignal): BridgeError {
  const reason: unknown = signal.reason;
  let timedOut = false;
  try {
    timedOut = (reason as { name?: unknown } | null | undefined)?.name === 'TimeoutError';
  } catch {
    // A reason whose `name` cannot be read is no TimeoutError.
  }
  const fields = { retryable: false, ...(reason !== undefined && { cause: reason }) };
  return timedOut ? new BridgeError('TIMEOUT', "the caller's signal timed out", fields) : new BridgeError('ABORTED', 'the caller aborted the request', fields);
}

export interface Deadlines {
  /** Calls `fire` after `ms` unless the returned cancel function is called first. */
  add(ms: number, fire: () => void): () => void;
  /** Releases the timer at once and drops every deadline (the bridge's destroy). */
  clear(): void;
  /** The deadlines held (for tests of memory). */
  readonly size: number;
}

/**
 * A bridge's deadlines on one timer, armed for the earliest. A browser charges microseconds for each setTimeout
 * and clearTimeout, and requests with one timeout arrive in deadline order, so sequential requests share one
 * timer and it is re-armed only when it fires (a sweep of the requests still in flight). A settled deadline is
 * dropped at once: memory follows the requests in flight, whatever their timeouts.
 */
export function deadlines(): Deadlines {
  const pending = new Set<{ at: number; fire: () => void }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedAt = Infinity;
  const arm = (at: number) => {
    clearTimeout(timer);
    armedAt = at;
    timer = setTimeout(sweep, Math.max(0, at - Date.now()));
    // In Node, an idle timer must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
  };
  const sweep = () => {
    const now = Date.now();
    let next = Infinity;
    armedAt = Infinity;
    timer = undefined;
    for (const deadline of pending) {
      if (deadline.at > now) next = Math.min(next, deadline.at);
      else {
        pending.delete(deadline);
        deadline.fire();
      }
    }
    if (next < Infinity) arm(next);
  };
  return {
    add(ms, fire) {
      const deadline = { at: Date.now() + ms, fire };
      pending.add(deadline);
      if (deadline.at < armedAt) arm(deadline.at);
      return () => void pending.delete(deadline);
    },
    clear() {
      clearTimeout(timer);
      timer = undefined;
      armedAt = Infinity;
      pending.clear();
    },
    get size() {
      return pending.size;
    },
  };
}

/** The bridge's work in flight: `destroy()` fails every member (cheaper than a listener per request). */
export type InFlight = Set<(error: BridgeError) => void>;

export interface Stops {
  /** After `ms` (on the bridge's `deadlines`), the work fails with `error()`. */
  deadline?: { ms: number; error: () => BridgeError; deadlines: Pick<Deadlines, 'add'> };
  /** The caller's signal: aborting it settles the work with `onAbort(signal)`. */
  signal?: AbortSignal | undefined;
  onAbort: (signal: AbortSignal) => BridgeError;
  /** Where `destroy()` finds the work; work nested in a tracked piece (an attempt) needs none. */
  inFlight?: InFlight;
}

/**
 * Runs `work` with a signal that aborts when the first stop fires. The returned promise settles exactly once;
 * an answer that arrives after a stop is dropped. The timer and the listener are released on settle.
 */
export function settleFirst<T>(work: (signal: AbortSignal) => Promise<T>, stops: Stops): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const { signal, deadline, inFlight } = stops;
    if (signal?.aborted) return reject(stops.onAbort(signal));
    const controller = new AbortController();
    let cancelDeadline: (() => void) | undefined;
    let settled = false;

    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      cancelDeadline?.();
      signal?.removeEventListener('abort', onAbort);
      inFlight?.delete(fail);
      return true;
    };
    function fail(error: BridgeError): void {
      if (!finish()) return;
      controller.abort(error);
      reject(error);
    }
    function onAbort(): void {
      fail(stops.onAbort(signal as AbortSignal));
    }

    inFlight?.add(fail);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (deadline) cancelDeadline = deadline.deadlines.add(deadline.ms, () => fail(deadline.error()));

    let running: Promise<T>;
    try {
      running = work(controller.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => finish() && resolve(value),
      (error: unknown) => finish() && reject(error),
    );
  });
}

/** Waits `ms`; rejects with the signal's reason as soon as it aborts. The timer is cleared either way. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** After an await: stop here if the request was settled meanwhile (deadline, abort, destroy). */
export function stopIfSettled(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

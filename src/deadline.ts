// Settling a piece of work by whichever comes first: its own answer, a deadline, the caller's signal, or the
// bridge's destruction. Hand-composed rather than AbortSignal.any/timeout so that the timer is always cleared
// and browsers without AbortSignal.any (Safari < 17.4) work too.
import type { BridgeError } from './errors.js';

export interface Stops {
  /** After `ms`, the work fails with `error()`. */
  deadline?: { ms: number; error: () => BridgeError };
  /** The caller's signal and the bridge's lifetime: either aborting settles the work with `onAbort(signal)`. */
  signals: Array<AbortSignal | undefined>;
  onAbort: (signal: AbortSignal) => BridgeError;
}

/**
 * Runs `work` with a signal that aborts when the first stop fires. The returned promise settles exactly once;
 * an answer that arrives after a stop is dropped. The timer and every listener are released on settle.
 */
export function settleFirst<T>(work: (signal: AbortSignal) => Promise<T>, stops: Stops): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    const listeners: Array<() => void> = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;

    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const remove of listeners) remove();
      return true;
    };
    const fail = (error: BridgeError): void => {
      if (!finish()) return;
      controller.abort(error);
      reject(error);
    };

    for (const signal of stops.signals) {
      if (!signal) continue;
      if (signal.aborted) return fail(stops.onAbort(signal));
      const onAbort = () => fail(stops.onAbort(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      listeners.push(() => signal.removeEventListener('abort', onAbort));
    }
    const { deadline } = stops;
    if (deadline) timer = setTimeout(() => fail(deadline.error()), deadline.ms);

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

/** Waits `ms`, or rejects with `onAbort(signal)` as soon as one of `signals` aborts. */
export function pause(ms: number, signals: Array<AbortSignal | undefined>, onAbort: (signal: AbortSignal) => BridgeError): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sleeping = () => new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return settleFirst(sleeping, { signals, onAbort }).finally(() => clearTimeout(timer));
}

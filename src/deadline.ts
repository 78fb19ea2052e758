// Settling a piece of work by whichever comes first: its own answer, a deadline, the caller's signal, or the
// bridge's destruction. Hand-composed rather than AbortSignal.any/timeout so that timers are always cleared
// and browsers without AbortSignal.any (Safari < 17.4) work too.
import type { BridgeError } from './errors.js';

interface Deadline {
  at: number;
  /** Dropped once settled, so a finished request's closures are not kept until its time would have come. */
  fire: (() => void) | undefined;
}

/**
 * A bridge's deadlines on one timer. A browser charges several microseconds for each setTimeout and
 * clearTimeout, and requests with the same timeout expire in the order they started: so deadlines queue
 * per duration and one timer is armed for the earliest. A settled deadline is only marked; when the timer
 * fires it drops marked ones and re-arms for the next live one, or stops. Sequential requests thus share
 * one timer instead of arming and clearing one each. `clear()` (the bridge's destroy) releases it at once.
 */
export class Deadlines {
  private readonly queues = new Map<number, { items: Deadline[]; head: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedAt = Infinity;

  /** Calls `fire` after `ms` unless the returned cancel function is called first. */
  add(ms: number, fire: () => void): () => void {
    const deadline: Deadline = { at: Date.now() + ms, fire };
    let queue = this.queues.get(ms);
    if (!queue) this.queues.set(ms, (queue = { items: [], head: 0 }));
    queue.items.push(deadline);
    if (deadline.at < this.armedAt) this.arm(deadline.at);
    return () => {
      deadline.fire = undefined;
    };
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
    this.queues.clear();
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - Date.now()));
    // In Node, an idle timer must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private expire(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = Date.now();
    const due: Deadline[] = [];
    let next = Infinity;
    for (const [ms, queue] of this.queues) {
      let head = queue.items[queue.head];
      while (head && (!head.fire || head.at <= now)) {
        if (head.fire) due.push(head);
        head = queue.items[++queue.head];
      }
      if (!head) {
        this.queues.delete(ms);
        continue;
      }
      next = Math.min(next, head.at);
      if (queue.head > 1024 && queue.head * 2 > queue.items.length) {
        queue.items = queue.items.slice(queue.head);
        queue.head = 0;
      }
    }
    if (next !== Infinity) this.arm(next);
    for (const deadline of due) {
      const fire = deadline.fire;
      deadline.fire = undefined;
      fire?.();
    }
  }
}

/** The bridge's work in flight: `destroy()` fails every member (cheaper than a listener per request). */
export type InFlight = Set<(error: BridgeError) => void>;

export interface Stops {
  /** After `ms` (on the bridge's `deadlines`), the work fails with `error()`. */
  deadline?: { ms: number; error: () => BridgeError; deadlines: Deadlines };
  /** The caller's signal: aborting it settles the work with `onAbort(signal)`. */
  signal?: AbortSignal | undefined;
  onAbort: (signal: AbortSignal) => BridgeError;
  inFlight: InFlight;
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
      inFlight.delete(fail);
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

    inFlight.add(fail);
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

/** Waits `ms`, or rejects as soon as the caller aborts or the bridge is destroyed. */
export function pause(ms: number, stops: Omit<Stops, 'deadline'>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sleeping = () => new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return settleFirst(sleeping, stops).finally(() => clearTimeout(timer));
}

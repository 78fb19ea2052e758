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

interface Queue {
  items: Deadline[];
  head: number;
  /** Settled deadlines still in `items`; past half of them the queue is compacted. */
  settled: number;
}

interface Deadline {
  at: number;
  /** Dropped once settled, so a finished request's closures are not kept until its time would have come. */
  fire: (() => void) | undefined;
}

/**
 * A bridge's deadlines on one timer. A browser charges several microseconds for each setTimeout and
 * clearTimeout, and requests with the same timeout expire in the order they started: so deadlines queue
 * per duration and one timer is armed for the earliest. A settled deadline is marked, and its queue is
 * compacted once half of it is settled, so memory follows the requests in flight whatever their timeouts;
 * Sequential requests thus share one timer instead of arming and
 * clearing one each. `clear()` (the bridge's destroy) releases it at once.
 */
export class Deadlines {
  private readonly queues = new Map<number, Queue>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedAt = Infinity;

  /** Calls `fire` after `ms` unless the returned cancel function is called first. */
  add(ms: number, fire: () => void): () => void {
    const deadline: Deadline = { at: Date.now() + ms, fire };
    let queue = this.queues.get(ms);
    if (!queue) this.queues.set(ms, (queue = { items: [], head: 0, settled: 0 }));
    queue.items.push(deadline);
    if (deadline.at < this.armedAt) this.arm(deadline.at);
    const owner = queue;
    return () => {
      if (!deadline.fire) return;
      deadline.fire = undefined;
      this.release(ms, owner);
    };
  }

  /** The number of deadlines held, settled ones not yet dropped included (for tests of memory). */
  get size(): number {
    let size = 0;
    for (const queue of this.queues.values()) size += queue.items.length - queue.head;
    return size;
  }

  private release(ms: number, queue: Queue): void {
    queue.settled++;
    const held = queue.items.length - queue.head;
    if (queue.settled * 2 < held) return;
    queue.items = queue.items.slice(queue.head).filter((deadline) => deadline.fire);
    queue.head = 0;
    queue.settled = 0;
    // The timer stays armed: when it fires it finds nothing and stops, which is cheaper for sequential
    // requests than clearing and arming one each.
    if (queue.items.length === 0 && this.queues.get(ms) === queue) this.queues.delete(ms);
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
        else queue.settled--;
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

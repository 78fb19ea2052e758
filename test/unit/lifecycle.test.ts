// The request lifecycle through the public API: what is left behind after a request settles or the bridge is
// destroyed (abort listeners, armed timers, deadline entries), and each documented retry default.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BridgeError, createBridge, type AdapterResponse, type BridgeRequest, type HttpMethod } from '../../src/index.js';
import { deadlines as makeDeadlines } from '../../src/deadline.js';
import { failure } from '../support/failure.js';
import { memoryAdapter } from '../support/memory-adapter.js';

const url = 'https://api.example.com/items';
const GET: BridgeRequest = { connection: 'items', url };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A caller's signal that counts the abort listeners attached to it. */
function countedSignal() {
  const controller = new AbortController();
  const { signal } = controller;
  let listeners = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
    if (type === 'abort') listeners++;
    add(type, listener, options);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, listener: EventListener, options?: EventListenerOptions) => {
    if (type === 'abort') listeners--;
    remove(type, listener, options);
  }) as typeof signal.removeEventListener;
  return { controller, signal, listeners: () => listeners };
}

describe('what a settled request leaves behind', () => {
  it.each([
    ['an answer', () => ({ status: 200, body: '{}' }) as AdapterResponse],
    ['an HTTP_ERROR after retries', () => ({ status: 503, body: '' }) as AdapterResponse],
    ['a thrown error', () => {
      throw new BridgeError('NETWORK_ERROR', 'down');
    }],
  ])('after %s: no abort listener on the caller signal, no timer but the shared one, which then stops', async (_, answer) => {
    const bridge = createBridge({ adapter: memoryAdapter({ answer }), retry: { limit: 2, backoff: () => 10 } });
    const caller = countedSignal();
    const settled = bridge.request({ ...GET, signal: caller.signal, attemptTimeout: 1_000 }).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(100);
    await settled;
    expect(caller.listeners()).toBe(0);
    expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after destroy(): every request ABORTED, no listener and no timer left, the adapter destroyed', async () => {
    const adapter = memoryAdapter({ answer: () => new Promise(() => {}) });
    const bridge = createBridge({ adapter, concurrency: 1 });
    const caller = countedSignal();
    const running = failure(bridge.request({ ...GET, signal: caller.signal }));
    const queued = failure(bridge.request({ ...GET, signal: caller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    expect(caller.listeners()).toBeGreaterThan(0);
    bridge.destroy();
    expect((await running).code).toBe('ABORTED');
    expect((await queued).code).toBe('ABORTED');
    expect(caller.listeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(adapter.destroyed).toBe(1);
    expect(adapter.sent).toHaveLength(1);
  });

  it('the shared deadline queue holds nothing for settled requests, whatever their timeout', async () => {
    const deadlines = makeDeadlines();
    const cancels = Array.from({ length: 10_000 }, () => deadlines.add(2_147_483_647, () => {}));
    expect(deadlines.size).toBe(10_000);
    for (const cancel of cancels) cancel();
    expect(deadlines.size).toBe(0);
    const live = deadlines.add(2_147_483_647, () => {});
    for (let i = 0; i < 1_000; i++) deadlines.add(2_147_483_647, () => {})();
    expect(deadlines.size).toBeLessThanOrEqual(2);
    live();
    expect(deadlines.size).toBe(0);
  });

  it('send never receives an aborted signal, and never runs after the caller saw the request settle', async () => {
    let release = () => {};
    const started = new Promise<void>((resolve) => (release = resolve));
    const adapter = memoryAdapter({ init: () => started });
    const bridge = createBridge({ adapter, timeout: 50 });
    const pending = failure(bridge.request(GET));
    await vi.advanceTimersByTimeAsync(50);
    expect((await pending).code).toBe('CONNECTOR_ERROR');
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(adapter.sent).toHaveLength(0);
    await bridge.request(GET);
    expect(adapter.signals.every((signal) => !signal.aborted)).toBe(true);
  });
});

describe('retry defaults, one by one', () => {
  const failingWith = (status: number, then = 200) => {
    let calls = 0;
    return memoryAdapter({ answer: () => ({ status: ++calls === 1 ? status : then, body: '' }) });
  };
  const send = async (adapter: ReturnType<typeof memoryAdapter>, method: HttpMethod, extra: Partial<BridgeRequest> = {}) => {
    const bridge = createBridge({ adapter, retry: { limit: 1, backoff: () => 0 } });
    const done = bridge.request({ ...GET, method, ...(['POST', 'PUT', 'PATCH'].includes(method) && { body: {} }), ...extra }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    return done;
  };

  it.each(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'] as const)('retries %s (idempotent)', async (method) => {
    const adapter = failingWith(503);
    await send(adapter, method);
    expect(adapter.sent).toHaveLength(2);
  });

  it.each(['POST', 'PATCH'] as const)('does not retry %s, and its error is not retryable', async (method) => {
    const adapter = failingWith(503);
    const error = (await send(adapter, method)) as BridgeError;
    expect(adapter.sent).toHaveLength(1);
    expect(error.code).toBe('HTTP_ERROR');
    expect(error.retryable).toBe(false);
  });

  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %i', async (status) => {
    const adapter = failingWith(status);
    await send(adapter, 'GET');
    expect(adapter.sent).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 422, 501, 505])('does not retry HTTP %i', async (status) => {
    const adapter = failingWith(status);
    const error = (await send(adapter, 'GET')) as BridgeError;
    expect(adapter.sent).toHaveLength(1);
    expect(error.retryable).toBe(false);
  });

  it.each(['NETWORK_ERROR', 'TIMEOUT'] as const)('retries %s', async (code) => {
    let calls = 0;
    const adapter = memoryAdapter({
      answer: () => {
        if (++calls === 1) throw new BridgeError(code, 'first attempt');
        return { status: 200, body: '' };
      },
    });
    await send(adapter, 'GET');
    expect(adapter.sent).toHaveLength(2);
  });

  it.each(['CONNECTOR_ERROR', 'INVALID_RESPONSE', 'UNSUPPORTED'] as const)('does not retry %s', async (code) => {
    const adapter = memoryAdapter({
      answer: () => {
        throw new BridgeError(code, 'no');
      },
    });
    await send(adapter, 'GET');
    expect(adapter.sent).toHaveLength(1);
  });

  it('waits with equal jitter, doubling from 300 ms and capped at 10 s', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const starts: number[] = [];
    const adapter = memoryAdapter({ answer: () => (starts.push(Date.now()), { status: 503, body: '' }) });
    const done = createBridge({ adapter, retry: 8, timeout: 100_000 }).request(GET).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(40_000);
    await done;
    const pauses = starts.slice(1).map((at, i) => at - (starts[i] as number));
    // Three quarters of each ceiling (300, 600, … capped at 10 000): half fixed, half random at 0.5.
    expect(pauses).toEqual([300, 600, 1200, 2400, 4800, 9600, 10_000, 10_000].map((ceiling) => ceiling * 0.75));
    vi.restoreAllMocks();
  });

  it('honours Retry-After, and gives up on one past 60 s', async () => {
    let calls = 0;
    const adapter = memoryAdapter({ answer: () => (++calls === 1 ? { status: 429, headers: { 'Retry-After': '2' }, body: '' } : { status: 200, body: '' }) });
    const bridge = createBridge({ adapter, retry: 1 });
    const done = bridge.request(GET);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(adapter.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(adapter.sent).toHaveLength(2);
    const outage = memoryAdapter({ answer: () => ({ status: 503, headers: { 'retry-after': '61' }, body: '' }) });
    await failure(createBridge({ adapter: outage, retry: 1 }).request(GET));
    expect(outage.sent).toHaveLength(1);
  });
});

describe('createBridge refuses what is not an adapter', () => {
  it('an uncalled factory, with a hint', () => {
    function gainsight() {
      return memoryAdapter();
    }
    expect(() => createBridge({ adapter: gainsight as never })).toThrow('adapter: is a function, not an adapter (did you call gainsight()?)');
    expect(() => createBridge({ adapter: [memoryAdapter(), gainsight as never] })).toThrow('adapter.1: is a function');
  });

  it.each([null, 42, 'gainsight', {}, { vendor: 'x' }])('%j', (value) => {
    const error = (() => {
      try {
        createBridge({ adapter: value as never });
      } catch (e) {
        return e as BridgeError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('INVALID_REQUEST');
    expect(error?.issues?.[0]?.path[0]).toBe('adapter');
  });
});

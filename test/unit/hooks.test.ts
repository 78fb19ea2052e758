// Hooks (ky-style lists), the concurrency limit, debug output, and attempts/elapsed, through createBridge.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { BridgeError, createBridge, type BridgeRequest, type DebugEvent } from '../../src/index.js';
import { failure } from '../support/failure.js';
import { memoryAdapter } from '../support/memory-adapter.js';

const url = 'https://api.example.com/items';
const GET: BridgeRequest = { connection: 'items', url };

describe('hooks', () => {
  it('run in order, the bridge’s before the request’s, each seeing what the one before returned', async () => {
    const order: string[] = [];
    const adapter = memoryAdapter();
    const bridge = createBridge({
      adapter,
      hooks: {
        beforeRequest: [
          (request, { vendor, attempt }) => {
            order.push(`bridge before ${vendor} ${attempt}`);
            return { ...request, headers: { 'X-Correlation-Id': 'c-1' } };
          },
        ],
        afterResponse: [(response) => (order.push('bridge after'), { ...response, data: { wrapped: response.data } })],
      },
    });
    const response = await bridge.request({
      ...GET,
      hooks: {
        beforeRequest: [(request) => (order.push(`request before ${JSON.stringify(request.headers)}`), undefined)],
        afterResponse: [(response) => (order.push(`request after ${JSON.stringify(response.data)}`), undefined)],
      },
    });
    expect(order).toEqual(['bridge before memory 1', 'request before {"X-Correlation-Id":"c-1"}', 'bridge after', 'request after {"wrapped":{"ok":true}}']);
    expect(adapter.sent[0]?.headers).toEqual({ 'X-Correlation-Id': 'c-1' });
    expect(response.data).toEqual({ wrapped: { ok: true } });
  });

  it('beforeRequest: a changed request is validated again, so a hook cannot send what the boundary refuses', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter, hooks: { beforeRequest: [(request) => ({ ...request, headers: { 'X-A': 'a\r\nInjected: 1' } })] } });
    const error = await failure(bridge.request(GET));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.issues?.[0]?.path).toEqual(['headers', 'X-A']);
    expect(adapter.sent).toHaveLength(0);
  });

  it("beforeRequest starts from the caller's request on every attempt", async () => {
    let calls = 0;
    const adapter = memoryAdapter({ answer: () => ({ status: ++calls < 3 ? 503 : 200, body: '' }) });
    const tagFirst = (request: BridgeRequest, { attempt }: { attempt: number }) => (attempt === 1 ? { ...request, headers: { 'X-First': 'yes' } } : undefined);
    await createBridge({ adapter, retry: { limit: 2, backoff: () => 0 }, hooks: { beforeRequest: [tagFirst] } }).request(GET);
    expect(adapter.sent.map((request) => request.headers['X-First'])).toEqual(['yes', undefined, undefined]);
  });

  it('beforeRequest runs for every attempt, with its number', async () => {
    const attempts: number[] = [];
    let calls = 0;
    const adapter = memoryAdapter({ answer: () => ({ status: ++calls < 3 ? 503 : 200, body: '' }) });
    const bridge = createBridge({ adapter, retry: { limit: 2, backoff: () => 0 }, hooks: { beforeRequest: [(_, { attempt }) => void attempts.push(attempt)] } });
    const response = await bridge.request(GET);
    expect(attempts).toEqual([1, 2, 3]);
    expect(response.attempts).toBe(3);
  });

  it('afterResponse receives the schema’s output (typed)', async () => {
    const bridge = createBridge({ adapter: memoryAdapter({ answer: () => ({ status: 200, body: '{"id":"7"}' }) }) });
    let seen: string | undefined;
    await bridge.request({ ...GET, schema: z.object({ id: z.string() }), hooks: { afterResponse: [(response) => void (seen = response.data.id)] } });
    expect(seen).toBe('7');
  });

  it('beforeError may enrich or replace the error; it runs once, at the end', async () => {
    const calls: string[] = [];
    const adapter = memoryAdapter({ answer: () => ({ status: 500, body: '' }) });
    const bridge = createBridge({
      adapter,
      retry: { limit: 1, backoff: () => 0 },
      hooks: {
        beforeError: [
          (error, request) => {
            calls.push(`${error.code} ${request.connection}`);
            return new BridgeError(error.code, 'reported to the tracker', { status: error.status, detail: 'trace-9' });
          },
        ],
      },
    });
    const error = await failure(bridge.request(GET));
    expect(calls).toEqual(['HTTP_ERROR items']);
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 500, detail: 'trace-9' });
    expect(error.message).toBe('HTTP_ERROR: GET items via memory: reported to the tracker');
  });

  it('beforeRetry sees the error, the attempt and the delay, and cancels by returning false or throwing', async () => {
    const seen: Array<[string, number, number]> = [];
    const adapter = memoryAdapter({ answer: () => ({ status: 503, body: '' }) });
    const bridge = createBridge({ adapter, retry: { limit: 3, backoff: () => 5 } });
    const stopped = await failure(
      bridge.request({ ...GET, hooks: { beforeRetry: [({ error, attempt, delay }) => (seen.push([error.code, attempt, delay]), attempt < 2)] } }),
    );
    expect(seen).toEqual([['HTTP_ERROR', 1, 5], ['HTTP_ERROR', 2, 5]]);
    expect(stopped.code).toBe('HTTP_ERROR');
    expect(adapter.sent).toHaveLength(2);
    const thrown = await failure(bridge.request({ ...GET, hooks: { beforeRetry: [function giveUp() { throw new Error('quota spent'); }] } }));
    expect(thrown.code).toBe('HTTP_ERROR');
    expect(thrown.message).toContain('beforeRetry hook 1 (giveUp) threw: quota spent');
    expect(adapter.sent).toHaveLength(3);
  });

  it.each([
    ['beforeRequest', 'INVALID_REQUEST', 0],
    ['afterResponse', 'INVALID_RESPONSE', 1],
    ['beforeError', 'HTTP_ERROR', 1],
  ] as const)('a %s hook that throws fails the request as %s, naming the hook, keeping the cause', async (stage, code, sent) => {
    const adapter = memoryAdapter({ answer: () => ({ status: stage === 'beforeError' ? 500 : 200, body: '' }) });
    const boom = new Error('boom');
    const bridge = createBridge({ adapter, hooks: { [stage]: [() => undefined, () => { throw boom; }] } });
    const error = await failure(bridge.request(GET));
    expect(error.code).toBe(code);
    expect(error.message).toContain(`${stage} hook 2 threw: boom`);
    expect(error.cause).toBe(boom);
    expect(adapter.sent).toHaveLength(sent);
  });

  it('a hook that never settles is bounded by the request timeout', async () => {
    vi.useFakeTimers();
    const bridge = createBridge({ adapter: memoryAdapter(), hooks: { beforeRequest: [() => new Promise<void>(() => {})] } });
    const pending = failure(bridge.request({ ...GET, timeout: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    expect((await pending).code).toBe('TIMEOUT');
    vi.useRealTimers();
  });

  it('createBridge refuses hooks that are not lists of functions', () => {
    expect(() => createBridge({ adapter: memoryAdapter(), hooks: { beforeRequest: 'x' as never } })).toThrow(/hooks\.beforeRequest/);
    expect(() => createBridge({ adapter: memoryAdapter(), hooks: { onRequest: [] } as never })).toThrow(/unknown field "onRequest"/);
  });
});

describe('concurrency', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps at most N in flight at the adapter and completes all in call order', async () => {
    let inFlight = 0;
    let most = 0;
    const adapter = memoryAdapter({
      answer: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight--;
        return { status: 200, body: '' };
      },
    });
    const bridge = createBridge({ adapter, concurrency: 2 });
    const done: number[] = [];
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => bridge.request({ ...GET, query: { i } }).then(() => done.push(i))));
    await vi.advanceTimersByTimeAsync(100);
    await all;
    expect(most).toBe(2);
    expect(adapter.sent.map((request) => request.query[0]?.[1])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a queued request honours its own timeout (counted from the call) and abort, and frees its place', async () => {
    const adapter = memoryAdapter({ answer: () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: '' }), 1_000)) });
    const bridge = createBridge({ adapter, concurrency: 1 });
    const first = bridge.request(GET);
    const timedOut = failure(bridge.request({ ...GET, timeout: 300 }));
    const caller = new AbortController();
    const aborted = failure(bridge.request({ ...GET, signal: caller.signal }));
    const last = bridge.request(GET);
    await vi.advanceTimersByTimeAsync(100);
    caller.abort();
    expect((await aborted).code).toBe('ABORTED');
    await vi.advanceTimersByTimeAsync(200);
    const error = await timedOut;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('all of it waiting for a concurrency slot');
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all([first, last]);
    expect(adapter.sent).toHaveLength(2);
  });

  it('refuses a concurrency that is not a whole number from 1', () => {
    for (const concurrency of [0, -1, 1.5, Number.NaN]) expect(() => createBridge({ adapter: memoryAdapter(), concurrency })).toThrow(/concurrency/);
  });
});

describe('debug output and timing', () => {
  it('is silent by default', async () => {
    const spy = vi.spyOn(console, 'debug').mockImplementation(() => {});
    await createBridge({ adapter: memoryAdapter() }).request(GET);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('debug: true prints one line per event, never a body or a header value', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'debug').mockImplementation((line: string) => void lines.push(line));
    let calls = 0;
    const adapter = memoryAdapter({ answer: () => ({ status: ++calls === 1 ? 503 : 200, body: '{"secret":"body-value"}' }) });
    await createBridge({ adapter, debug: true, retry: { limit: 1, backoff: () => 0 } }).request({ ...GET, method: 'PUT', headers: { Authorization: 'Bearer header-value' }, body: { secret: 'sent-value' } });
    spy.mockRestore();
    expect(lines.map((line) => line.replace(/\d+ms$/, 'Nms'))).toEqual([
      '[widget-bridge] #1 PUT items via memory start Nms',
      '[widget-bridge] #1 PUT items via memory attempt attempt=1 queued=0 Nms',
      '[widget-bridge] #1 PUT items via memory retry attempt=1 code=HTTP_ERROR delay=0 status=503 Nms',
      '[widget-bridge] #1 PUT items via memory attempt attempt=2 Nms',
      '[widget-bridge] #1 PUT items via memory response status=200 attempt=2 Nms',
    ]);
    expect(lines.join('\n')).not.toMatch(/value/);
  });

  it('a function receives the events; attempts and elapsed are on the response and the error', async () => {
    const events: DebugEvent[] = [];
    const bridge = createBridge({ adapter: memoryAdapter({ answer: () => ({ status: 404, body: '' }) }), debug: (event) => events.push(event) });
    const error = await failure(bridge.request(GET));
    expect(events.map((event) => event.type)).toEqual(['start', 'attempt', 'error']);
    expect(events[2]).toMatchObject({ id: 1, code: 'HTTP_ERROR', status: 404, attempt: 1, method: 'GET', connection: 'items', vendor: 'memory' });
    expect(error.attempts).toBe(1);
    expect(error.elapsed).toEqual(expect.any(Number));
    expect(BridgeError.fromJSON(error.toJSON())).toMatchObject({ attempts: 1, elapsed: error.elapsed });
  });
});

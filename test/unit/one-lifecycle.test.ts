// The probes of the one-lifecycle review and of the host frame's limits, each a case that failed before:
// every hook bounded, one rule for retryable and for delays, the widget's retries and timeouts bounded by the
// host's, a concurrency slot per SDK call, the host's headers and values kept from the widget. Fake timers.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../src/bridge.js';
import { BridgeError } from '../../src/errors.js';
import { openSession } from '../../src/iframe/expose.js';
import { policyGate, writtenView } from '../../src/iframe/gate.js';
import { parentBridge } from '../../src/iframe/parent-bridge.js';
import { parentFrame } from '../../src/iframe/parent-frame.js';
import { RUN_GATED, type GatedBridge } from '../../src/lifecycle.js';
import { simulateZohoCrm } from '../../src/testing/zoho-crm.js';
import { simulateZohoSigma } from '../../src/testing/zoho-sigma.js';
import { zohoCrm } from '../../adapters/zoho-crm.js';
import { zohoSigma } from '../../adapters/zoho-sigma.js';
import type { AdapterResponse, Bridge } from '../../src/types.js';
import { memoryAdapter } from '../support/memory-adapter.js';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const never = <T>() => new Promise<T>(() => {});
const settled = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: BridgeError) => ({ error }));
const status = (code: number): AdapterResponse => ({ status: code, body: '{}' });

describe('every hook is bounded by the request', () => {
  it('a beforeError hook that never settles: the request still rejects, with its own error, at its deadline', async () => {
    const adapter = memoryAdapter({ answer: () => status(500) });
    const bridge = createBridge({ adapter, timeout: 1_000, hooks: { beforeError: [() => never()] } });
    const outcome = settled(bridge.request({ connection: 'c', url: 'https://api.example.com/x' }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toMatchObject({ error: { code: 'HTTP_ERROR', status: 500 } });
  });

  it('a beforeError hook after a TIMEOUT gets until the next turn: a synchronous one still changes the error', async () => {
    const adapter = memoryAdapter({ answer: () => never() });
    const bridge = createBridge({ adapter, timeout: 100, hooks: { beforeError: [(error) => new BridgeError(error.code, 'hooked', { data: 'enriched' })] } });
    const outcome = settled(bridge.request({ connection: 'c', url: 'https://api.example.com/x' }));
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toMatchObject({ error: { code: 'TIMEOUT', data: 'enriched' } });
  });

  it('the caller aborting while a beforeError hook runs: ABORTED at once', async () => {
    const adapter = memoryAdapter({ answer: () => status(404) });
    const controller = new AbortController();
    const bridge = createBridge({ adapter, hooks: { beforeError: [() => never()] } });
    const outcome = settled(bridge.request({ connection: 'c', url: 'https://api.example.com/x', signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    expect(await outcome).toMatchObject({ error: { code: 'ABORTED' } });
  });

  it('a BridgeError thrown by a hook stands as it is (its code), with the request named', async () => {
    const bridge = createBridge({ adapter: memoryAdapter(), hooks: { beforeRequest: [() => { throw new BridgeError('FORBIDDEN', 'not this one'); }] } });
    expect(await settled(bridge.request({ connection: 'c', url: 'https://api.example.com/x' }))).toMatchObject({
      error: { code: 'FORBIDDEN', message: 'FORBIDDEN: GET c via memory: not this one', attempts: 0 },
    });
  });
});

describe('one rule for retryable, and for delays', () => {
  it('retry.statusCodes [418]: a 418 is retried and the final error says retryable; a 503 it does not list says not', async () => {
    const adapter = memoryAdapter({ answer: (request) => status(Number(request.query[0]![1])) });
    const bridge = createBridge({ adapter, retry: { limit: 1, statusCodes: [418], backoff: () => 0 } });
    const teapot = settled(bridge.request({ connection: 'c', url: 'https://api.example.com/x', query: { s: 418 } }));
    await vi.advanceTimersByTimeAsync(10);
    expect(await teapot).toMatchObject({ error: { status: 418, attempts: 2, retryable: true } });
    const busy = settled(bridge.request({ connection: 'c', url: 'https://api.example.com/x', query: { s: 503 } }));
    await vi.advanceTimersByTimeAsync(10);
    expect(await busy).toMatchObject({ error: { status: 503, attempts: 1, retryable: false } });
  });

  it('a backoff of Infinity waits (clamped), it does not retry at once; NaN is no wait', async () => {
    const adapter = memoryAdapter({ answer: () => status(503) });
    const infinite = createBridge({ adapter, timeout: 5_000, retry: { limit: 3, backoff: () => Infinity } });
    const outcome = settled(infinite.request({ connection: 'c', url: 'https://api.example.com/x' }));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(adapter.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ error: { code: 'TIMEOUT' } });

    const nan = memoryAdapter({ answer: () => status(503) });
    const quick = settled(createBridge({ adapter: nan, retry: { limit: 2, backoff: () => NaN } }).request({ connection: 'c', url: 'https://api.example.com/x' }));
    await vi.advanceTimersByTimeAsync(10);
    expect(await quick).toMatchObject({ error: { attempts: 3 } });
  });

  it("attempts is 0 when nothing was sent (a refused request), on createBridge as on parentBridge's errors", async () => {
    const bridge = createBridge({ adapter: memoryAdapter() });
    expect(await settled(bridge.request({ connection: 'c', quer: {} } as never))).toMatchObject({ error: { code: 'INVALID_REQUEST', attempts: 0 } });
  });

  it("a caller's AbortSignal.timeout() is TIMEOUT (the caller's: not retried, not retryable), its reason kept as cause", async () => {
    vi.useRealTimers();
    const adapter = memoryAdapter({ answer: () => never() });
    const bridge = createBridge({ adapter, retry: 3 });
    const outcome = await settled(bridge.request({ connection: 'c', url: 'https://api.example.com/x', signal: AbortSignal.timeout(1) }));
    expect(outcome).toMatchObject({ error: { code: 'TIMEOUT', retryable: false, message: expect.stringContaining("the caller's signal timed out") } });
    expect((outcome as { error: BridgeError }).error.cause).toMatchObject({ name: 'TimeoutError' });
    expect(adapter.sent).toHaveLength(1);
  });
});

describe('the options of every client follow the same rules', () => {
  it.each([0, -1, NaN, 3e9, 1.5])('parentBridge and parentFrame refuse timeout or heartbeat %s', (value) => {
    const origins = ['https://host.example'];
    expect(() => parentBridge({ allowedOrigins: origins, timeout: value })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', issues: [expect.objectContaining({ path: ['timeout'] })] }));
    expect(() => parentBridge({ allowedOrigins: origins, heartbeat: value })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => parentFrame({ allowedOrigins: origins, heartbeat: value })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  it('parentBridge refuses a beforeRetry hook, hooks that are not functions and a bad header, at the call', () => {
    const allowedOrigins = ['https://host.example'];
    expect(() => parentBridge({ allowedOrigins, hooks: { beforeRetry: [() => true] } as never })).toThrow(/beforeRetry runs where the retries run/);
    expect(() => parentBridge({ allowedOrigins, hooks: { afterResponse: ['x'] } as never })).toThrow(/must be a list of functions/);
    expect(() => parentBridge({ allowedOrigins, headers: { 'Bad Name': 'x' } })).toThrow(/RFC 9110 token/);
  });
});

describe('the host frame sets the limits a widget could turn against it', () => {
  const target = { closed: false } as Window;
  const session = (bridge: Bridge, allow?: Parameters<typeof openSession>[0]['allow']) =>
    openSession({ bridge, allowedOrigins: ['*'], allow }, target, { origin: 'https://w.example' }).methods;

  it("a widget's retry is bounded by the host's: no POST retries the host does not make, no more attempts than its limit", async () => {
    const adapter = memoryAdapter({ answer: () => status(503) });
    const host = session(createBridge({ adapter, retry: { limit: 1, backoff: () => 0 } }));
    const post = host.request(1, { connection: 'c', method: 'POST', url: 'https://api.example.com/x', retry: { limit: 10, methods: ['POST'] } });
    await vi.advanceTimersByTimeAsync(10);
    expect(await post).toMatchObject({ ok: false, error: { code: 'HTTP_ERROR', attempts: 1 } });
    const get = host.request(2, { connection: 'c', url: 'https://api.example.com/x', retry: { limit: 10 } });
    await vi.advanceTimersByTimeAsync(10);
    expect(await get).toMatchObject({ ok: false, error: { attempts: 2 } });
    expect(adapter.sent).toHaveLength(3);
  });

  it("a widget's timeout is at most the host's", async () => {
    const adapter = memoryAdapter({ answer: () => never() });
    const host = session(createBridge({ adapter, timeout: 1_000 }));
    const pending = host.request(1, { connection: 'c', url: 'https://api.example.com/x', timeout: 60_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'TIMEOUT', message: expect.stringContaining('1000 ms') } });
  });

  it('concurrency bounds SDK calls in flight: an attempt abandoned by attemptTimeout still holds its slot', async () => {
    const calls: Array<(answer: AdapterResponse) => void> = [];
    const adapter = memoryAdapter({ answer: () => new Promise((resolve) => calls.push(resolve)) });
    const bridge = createBridge({ adapter, concurrency: 1, attemptTimeout: 100, timeout: 5_000, retry: { limit: 10, backoff: () => 0 } });
    const outcome = settled(bridge.request({ connection: 'c', url: 'https://api.example.com/x' }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(adapter.sent).toHaveLength(1);
    calls[0]!(status(500));
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await outcome).toMatchObject({ error: { code: 'TIMEOUT' } });
  });

  it('a request id already in flight is refused; the first request runs on and its cancel stays its own', async () => {
    const adapter = memoryAdapter({ answer: () => never() });
    const host = session(createBridge({ adapter }));
    void host.request(7, { connection: 'c', url: 'https://api.example.com/1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(await host.request(7, { connection: 'c', url: 'https://api.example.com/2' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(adapter.sent).toHaveLength(1);
    expect(adapter.signals[0]!.aborted).toBe(false);
  });

  it.each(['X-Host-Secret', 'x-host-secret', 'X_HOST_SECRET', 'x_Host-secret'])("the host bridge's own header %s is FORBIDDEN to the widget, whatever the value", async (name) => {
    const adapter = memoryAdapter();
    const host = session(createBridge({ adapter, headers: { 'X-Host-Secret': 's3cret' } }));
    for (const value of ['s3cret', 'guess']) {
      expect(await host.request(1, { connection: 'c', url: 'https://api.example.com/x', headers: { [name]: value } })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringContaining(`header ${name} is set by the host frame`) },
      });
    }
    expect(adapter.sent).toHaveLength(0);
  });

  it("errors that cross to the widget carry nothing of the host's connections map", async () => {
    const adapter = memoryAdapter();
    const connections = {
      crm: { memory: { connection: 'hostconn', url: 'https://api.example.com/v1?token=SECRET', headers: { 'X-Key': 'k' }, method: 'GET' as const } },
      other: { memory: { connection: 'x', url: 'https://api.example.com/other' } },
    };
    const host = session(createBridge({ adapter, connections }));
    const answers = [
      await host.request(1, { connection: 'crm', url: 'https://api.example.com/v2' }),
      await host.request(2, { connection: 'crm', method: 'POST' }),
      await host.request(3, { connection: 'crm', headers: { 'X-Key': 'k' } }),
      await host.request(4, { connection: 'cmr' }),
    ];
    const text = JSON.stringify(answers);
    for (const secret of ['SECRET', 'hostconn', 'X-Key: k', 'its keys', 'other']) expect(text).not.toContain(secret);
    expect(answers.map((answer) => (answer as { error: { code: string } }).error.code)).toEqual(['INVALID_REQUEST', 'INVALID_REQUEST', 'FORBIDDEN', 'INVALID_REQUEST']);
    expect(adapter.sent).toHaveLength(0);
  });

  it('a host bridge with beforeRequest hooks still applies its policy to what the hooks return (nothing sent)', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter, hooks: { beforeRequest: [(request) => ({ ...request, headers: { 'X-Trace': '1' } })] } });
    const host = session(bridge, { methods: ['GET'] });
    expect(await host.request(1, { connection: 'c', method: 'DELETE', url: 'https://api.example.com/x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(adapter.sent).toHaveLength(0);
  });

  it("a relay judges a written query as the host sends it: an undefined value is left out", () => {
    expect(writtenView({ connection: 'c', query: { a: undefined, b: [1, 2] } }).query).toEqual([['b', '1'], ['b', '2']]);
  });
});

describe('the url the policy judges is the url the SDK receives, byte for byte', () => {
  const judgedAndSent = async (bridge: GatedBridge, url: string, query: Record<string, string>, sent: () => string | undefined) => {
    const judged: string[] = [];
    await bridge[RUN_GATED]({ connection: 'conn', url, query }, policyGate((request) => (judged.push(request.url!), true), 'https://w.example'));
    return { judged: judged[0], sent: sent() };
  };

  it.each(['zoho-sigma', 'zoho-crm'] as const)('on %s, whatever the url ends with (?, &, a query, a fragment)', async (vendor) => {
    vi.useRealTimers();
    const paths = fc.constantFrom('/items', '/items?', '/items?a=1', '/items?a=1&', '/items?a=1&&', '/items#frag', '/items?a=1#x', '/a/../b/./c');
    const query = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(paths, query, async (path, q) => {
        const upstream = () => ({ status: 200, body: {} });
        const sim = vendor === 'zoho-sigma' ? simulateZohoSigma(window, { service: 'WRITER', connections: { conn: upstream } }) : simulateZohoCrm(window, { connections: { conn: upstream } });
        try {
          const bridge = createBridge({ adapter: vendor === 'zoho-sigma' ? zohoSigma({ service: 'WRITER' }) : zohoCrm() }) as GatedBridge;
          const { judged, sent } = await judgedAndSent(bridge, `https://api.example.com${path}`, q, () => (sim.calls.at(-1) as { url?: string } | undefined)?.url);
          expect(sent).toBe(judged);
        } finally {
          sim.restore();
        }
      }),
      { numRuns: 60 },
    );
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { BridgeError, createBridge, type AdapterResponse, type BridgeRequest } from '../../src/index.js';
import { failure } from '../support/failure.js';
import { memoryAdapter } from '../support/memory-adapter.js';

const url = 'https://api.example.com/items';
const GET: BridgeRequest = { connection: 'items', url };


/**
 * No timer outlives its purpose: what is left is at most the bridge's one shared deadline timer, which
 * finds nothing due when it fires and stops without re-arming.
 */
async function expectNoTimerLeft(): Promise<void> {
  expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(vi.getTimerCount()).toBe(0);
}

/** An answer that never comes, unless resolved by hand. */
function pending() {
  let resolve: (answer: AdapterResponse) => void = () => {};
  const promise = new Promise<AdapterResponse>((r) => (resolve = r));
  return { promise, resolve };
}

describe('choosing the host', () => {
  it('uses the first adapter whose host is present', async () => {
    const absent = memoryAdapter({ vendor: 'gainsight', present: 'window.WidgetServiceSDK is not defined' });
    const present = memoryAdapter({ vendor: 'zoho-finance' });
    const bridge = createBridge({ adapter: [absent, present] });
    expect(await bridge.ready()).toEqual({ vendor: 'zoho-finance', capabilities: present.capabilities });
    expect((await bridge.request(GET)).vendor).toBe('zoho-finance');
    expect(absent.sent).toHaveLength(0);
  });

  it('rejects with NO_HOST naming every adapter tried and why', async () => {
    const bridge = createBridge({
      adapter: [
        memoryAdapter({ vendor: 'gainsight', present: 'window.WidgetServiceSDK is not defined' }),
        memoryAdapter({ vendor: 'zoho-finance', present: 'window.ZFAPPS is not defined' }),
        { ...memoryAdapter({ vendor: 'broken' }), detect: () => { throw new Error('boom'); } },
      ],
    });
    const error = await failure(bridge.request(GET));
    expect(error.code).toBe('NO_HOST');
    expect(error.message).toBe(
      'NO_HOST: GET items: no adapter found its host. gainsight: window.WidgetServiceSDK is not defined; zoho-finance: window.ZFAPPS is not defined; broken: detect() threw: boom',
    );
    expect((await failure(bridge.ready())).code).toBe('NO_HOST');
  });

  it('looks again on the next request, so a host SDK that loads late is found', async () => {
    let present: true | string = 'not yet';
    const adapter = memoryAdapter();
    adapter.detect = () => present;
    const bridge = createBridge({ adapter });
    expect((await failure(bridge.request(GET))).code).toBe('NO_HOST');
    present = true;
    expect((await bridge.request(GET)).status).toBe(200);
  });
});

describe('host init', () => {
  it('runs init once for concurrent first requests and reports the host info it returns', async () => {
    let finish: () => void = () => {};
    const adapter = memoryAdapter({ init: () => new Promise<void>((r) => (finish = r)) });
    const bridge = createBridge({ adapter });
    const requests = [bridge.request(GET), bridge.request(GET), bridge.ready()];
    await Promise.resolve();
    expect(adapter.sent).toHaveLength(0);
    finish();
    await Promise.all(requests);
    expect(adapter.inits).toBe(1);
    expect(adapter.sent).toHaveLength(2);
  });

  it('takes vendor and capabilities from init (an iframe channel learns them in its handshake)', async () => {
    const adapter = memoryAdapter({
      vendor: 'parent-frame',
      init: async () => ({ vendor: 'gainsight', capabilities: { ...memoryAdapter().capabilities, url: false } }),
    });
    const bridge = createBridge({ adapter });
    expect((await bridge.ready()).vendor).toBe('gainsight');
    const response = await bridge.request({ connection: 'items' });
    expect(response.vendor).toBe('gainsight');
  });

  it('tries init again on the next request after it failed, as CONNECTOR_ERROR with the cause', async () => {
    let attempt = 0;
    const adapter = memoryAdapter({
      init: async () => {
        if (++attempt === 1) throw new Error('host said no');
      },
    });
    const bridge = createBridge({ adapter });
    const error = await failure(bridge.request(GET));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toBe('CONNECTOR_ERROR: GET items via memory: the host failed to initialise: host said no');
    expect((error.cause as Error).message).toBe('host said no');
    expect((await bridge.request(GET)).status).toBe(200);
    expect(adapter.inits).toBe(2);
  });

  describe('with fake timers', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('bounds an init that never settles by the timeout, with the adapter\'s notReady error', async () => {
      const adapter = memoryAdapter({ init: () => new Promise(() => {}) });
      const bridge = createBridge({ adapter, timeout: 1000 });
      const first = failure(bridge.request(GET));
      await vi.advanceTimersByTimeAsync(1000);
      expect((await first).message).toBe('CONNECTOR_ERROR: GET items via memory: the host did not become ready within 1000 ms');
      adapter.notReady = (ms) => new BridgeError('CHANNEL_ERROR', `no handshake in ${ms} ms`);
      const second = failure(bridge.ready());
      await vi.advanceTimersByTimeAsync(1000);
      expect((await second).message).toBe('CHANNEL_ERROR: ready via memory: no handshake in 1000 ms');
      expect(adapter.sent).toHaveLength(0);
      await expectNoTimerLeft();
    });
  });
});

describe('the connections map', () => {
  const connections = {
    ideaEndorsements: {
      gainsight: { connection: 'idea-endorsements' },
      memory: { connection: 'ideasconn', url: 'https://api.example.com/ideas/{{pathParams.idea_id}}/endorsements', headers: { 'X-Entry': 'e' } },
    },
  };

  it("takes connection, url, method and headers from the host's entry; the request's own fields win for the rest", async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter, connections: { ...connections, ideaEndorsements: { ...connections.ideaEndorsements, memory: { ...connections.ideaEndorsements.memory, method: 'POST' as const } } } });
    await bridge.request({ connection: 'ideaEndorsements', pathParams: { idea_id: 42 }, query: { page: 2 }, headers: { 'x-entry': 'e', 'X-Own': 'o' }, body: { vote: 1 } });
    const sent = adapter.sent[0]!;
    expect(sent.connection).toBe('ideasconn');
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('https://api.example.com/ideas/42/endorsements');
    expect(sent.pathParams).toEqual({ idea_id: 42 });
    expect(sent.query).toEqual([['page', '2']]);
    expect({ ...sent.headers }).toEqual({ 'x-entry': 'e', 'X-Own': 'o', 'Content-Type': 'application/json' });
  });

  it("checks a body against the entry's method, not GET, when the request names none", async () => {
    const adapter = memoryAdapter();
    const post = { memory: { connection: 'votes', url, method: 'POST' as const } };
    const bridge = createBridge({ adapter, connections: { post, get: { memory: { connection: 'list', url, method: 'GET' as const } } } });
    await bridge.request({ connection: 'post', body: { vote: 1 } });
    expect(adapter.sent[0]?.method).toBe('POST');
    const error = await failure(bridge.request({ connection: 'get', body: { vote: 1 } }));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toBe('INVALID_REQUEST: GET get via memory: body: a GET request cannot have a body (its connections entry for memory says GET)');
    expect(adapter.sent).toHaveLength(1);
  });

  it('refuses a request that contradicts its entry (method, url or a header value), naming both', async () => {
    const adapter = memoryAdapter();
    const entry = { memory: { connection: 'votes', url, method: 'POST' as const, headers: { 'X-Kind': 'vote' } } };
    const bridge = createBridge({ adapter, connections: { post: entry } });
    const method = await failure(bridge.request({ connection: 'post', method: 'PUT', body: {} }));
    expect(method.code).toBe('INVALID_REQUEST');
    expect(method.issues).toEqual([{ path: ['method'], message: 'the request says PUT but its connections entry for memory says POST: name one' }]);
    const other = await failure(bridge.request({ connection: 'post', url: 'https://api.example.com/other', body: {} }));
    expect(other.issues?.[0]?.path).toEqual(['url']);
    const header = await failure(bridge.request({ connection: 'post', headers: { 'x-kind': 'spam' }, body: {} }));
    expect(header.issues?.[0]?.path).toEqual(['headers', 'x-kind']);
    await bridge.request({ connection: 'post', method: 'POST', url, headers: { 'x-kind': 'vote' }, body: {} });
    expect(adapter.sent).toHaveLength(1);
  });

  it('checks vendor keys at createBridge, with a did-you-mean', () => {
    const make = () => createBridge({ adapter: memoryAdapter(), connections: { list: { gainsihgt: { connection: 'l' } } } });
    expect(make).toThrow(BridgeError);
    expect(make).toThrow('connections.list.gainsihgt: "gainsihgt" is not a vendor of any adapter (did you mean "gainsight"?)');
    expect(() => createBridge({ adapter: memoryAdapter({ vendor: 'acme' }), connections: { list: { acme: { connection: 'l' } } } })).not.toThrow();
  });

  it('says when a connection name is not a key of the map but near one, on a host that needs a url', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter, connections: { thing: { memory: { connection: 't', url } } } });
    const error = await failure(bridge.request({ connection: 'thng' }));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('"thng" is not a key of the bridge\'s connections map (did you mean "thing"?)');
    const far = await failure(bridge.request({ connection: 'weather' }));
    expect(far.message).toBe(
      'INVALID_REQUEST: GET weather via memory: url: memory needs a url. "weather" is not a key of the bridge\'s connections map (its keys: thing), so it was read as the host\'s own connection name, and nothing was sent',
    );
    expect(adapter.sent).toHaveLength(0);
  });

  it('is UNSUPPORTED, naming the host, when the key has no entry for the host in use', async () => {
    const adapter = memoryAdapter({ vendor: 'zoho-sigma' });
    const onlyGainsight = { ideaEndorsements: { gainsight: connections.ideaEndorsements.gainsight } };
    const error = await failure(createBridge({ adapter, connections: onlyGainsight }).request({ connection: 'ideaEndorsements' }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('no entry for zoho-sigma');
    expect(adapter.sent).toHaveLength(0);
  });

  it('sends any other connection name to the host as it is, and names both in messages', async () => {
    const adapter = memoryAdapter({ answer: () => ({ status: 500, body: '' }) });
    const bridge = createBridge({ adapter, connections });
    await failure(bridge.request({ connection: 'other', url }));
    expect(adapter.sent[0]?.connection).toBe('other');
    const error = await failure(bridge.request({ connection: 'ideaEndorsements', pathParams: { idea_id: 1 } }));
    expect(error.message).toBe('HTTP_ERROR: GET ideaEndorsements (ideasconn) via memory: upstream answered 500');
  });
});

describe('what a host can express', () => {
  const gainsightLike = () =>
    memoryAdapter({ vendor: 'gainsight', capabilities: { url: false, textBody: false, formBody: false, multipartBody: false, repeatedQuery: false } });

  it.each([
    ['a url', { connection: 'c', url }, /hold their own URL/],
    ['a text body', { connection: 'c', method: 'POST', body: 'x' }, /cannot send a text body/],
    ['a form body', { connection: 'c', method: 'POST', body: new URLSearchParams('a=1') }, /URLSearchParams/],
    ['a multipart body', { connection: 'c', method: 'POST', body: new FormData() }, /FormData/],
    ['a repeated query key', { connection: 'c', query: { tag: ['a', 'b'] } }, /cannot repeat the query key "tag"/],
  ] as Array<[string, BridgeRequest, RegExp]>)('refuses %s as UNSUPPORTED before sending', async (_name, request, message) => {
    const adapter = gainsightLike();
    const error = await failure(createBridge({ adapter }).request(request));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(message);
    expect(adapter.sent).toHaveLength(0);
  });

  it('defaults a composite request to POST and leaves the bridge-wide headers out of it', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter, headers: { 'X-App-Version': '2.1.0' } });
    await bridge.request({ ...GET, composite: true, body: { step: 1 } });
    expect(adapter.sent[0]).toMatchObject({ method: 'POST', composite: true, body: { kind: 'json', value: { step: 1 } } });
    expect({ ...adapter.sent[0]?.headers }).toEqual({});
    await bridge.request({ ...GET, composite: true, headers: { 'X-Own': '1' } });
    expect({ ...adapter.sent[1]?.headers }).toEqual({ 'X-Own': '1' });
  });

  it('refuses composite where the host has none, and a missing url where the host needs one', async () => {
    const adapter = memoryAdapter({ capabilities: { composite: false } });
    const bridge = createBridge({ adapter });
    expect((await failure(bridge.request({ ...GET, composite: true }))).code).toBe('UNSUPPORTED');
    const missing = await failure(bridge.request({ connection: 'c' }));
    expect(missing.code).toBe('INVALID_REQUEST');
    expect(missing.issues).toEqual([{ path: ['url'], message: 'memory needs a url' }]);
    expect(adapter.sent).toHaveLength(0);
  });
});

describe('responses', () => {
  const answering = (answer: AdapterResponse) => createBridge({ adapter: memoryAdapter({ answer: () => answer }) });

  it('parses a JSON string by default, keeps text that is not JSON, and lower-cases headers', async () => {
    const json = await answering({ status: 200, body: '{"a":1}', headers: { 'Content-Type': 'application/json', 'X-Rate': '5' } }).request(GET);
    expect(json).toEqual({ data: { a: 1 }, status: 200, headers: { 'content-type': 'application/json', 'x-rate': '5' }, vendor: 'memory', attempts: 1, elapsed: expect.any(Number) });
    expect((await answering({ status: 200, body: 'plain <b>text</b>' }).request(GET)).data).toBe('plain <b>text</b>');
    expect((await answering({ status: 204, body: '' }).request(GET)).data).toBe('');
  });

  it("honours responseType: 'text' keeps the string, 'json' insists", async () => {
    expect((await answering({ status: 200, body: '{"a":1}' }).request({ ...GET, responseType: 'text' })).data).toBe('{"a":1}');
    expect((await answering({ status: 200, body: [1], parsed: true }).request({ ...GET, responseType: 'text' })).data).toBe('[1]');
    const error = await failure(answering({ status: 200, body: 'not json' }).request({ ...GET, responseType: 'json' }));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.data).toBe('not json');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('never parses a body the host already parsed, and keeps raw', async () => {
    const response = await answering({ status: 200, body: '123', parsed: true, raw: { sdk: 'answer' } }).request(GET);
    expect(response.data).toBe('123');
    expect(response.raw).toEqual({ sdk: 'answer' });
  });

  it('rejects non-2xx with HTTP_ERROR carrying status and the parsed body', async () => {
    const error = await failure(answering({ status: 422, body: '{"errors":["name is required"]}' }).request(GET));
    expect(error.code).toBe('HTTP_ERROR');
    expect(error.status).toBe(422);
    expect(error.data).toEqual({ errors: ['name is required'] });
    expect(error.vendor).toBe('memory');
    expect(error.message).toBe('HTTP_ERROR: GET items via memory: upstream answered 422');
  });

  it('rejects a status that is not an HTTP status with INVALID_RESPONSE', async () => {
    expect((await failure(answering({ status: Number.NaN, body: '' }).request(GET))).code).toBe('INVALID_RESPONSE');
    expect((await failure(answering({ status: 42, body: '' }).request(GET))).code).toBe('INVALID_RESPONSE');
  });

  it('parses data with a Standard Schema, and reports its issues as INVALID_RESPONSE', async () => {
    const bridge = answering({ status: 200, body: '{"id":"7","tags":["a",2]}' });
    const schema = z.object({ id: z.string(), tags: z.array(z.string()) });
    const error = await failure(bridge.request({ ...GET, schema }));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.issues).toEqual([{ path: ['tags', 1], message: expect.any(String) }]);
    const ok = await answering({ status: 200, body: '{"id":"7","tags":[]}' }).request({ ...GET, schema });
    expect(ok.data.id).toBe('7');
  });

  it('uses the output of a transforming schema, async ones too', async () => {
    const schema = {
      '~standard': { version: 1 as const, vendor: 'test', validate: async (value: unknown) => ({ value: { wrapped: value } }) },
    };
    const response = await answering({ status: 200, body: '5' }).request({ ...GET, schema });
    expect(response.data).toEqual({ wrapped: 5 });
  });

  it('turns anything else an adapter throws into CONNECTOR_ERROR with the cause', async () => {
    const thrown = new TypeError('sdk.request is not a function');
    const bridge = createBridge({ adapter: memoryAdapter({ answer: () => { throw thrown; } }) });
    const error = await failure(bridge.request(GET));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.cause).toBe(thrown);
    expect(error.message).toBe('CONNECTOR_ERROR: GET items via memory: the adapter failed: sdk.request is not a function');
  });

  it('adds the request context to a short adapter error once, keeping every field', async () => {
    const bridge = createBridge({
      adapter: memoryAdapter({ answer: () => { throw new BridgeError('MISSING_PATH_PARAMETERS', 'no value for id', { params: ['id'], requestId: 'r1' }); } }),
    });
    const error = await failure(bridge.request(GET));
    expect(error.message).toBe('MISSING_PATH_PARAMETERS: GET items via memory: no value for id');
    expect(error.params).toEqual(['id']);
    expect(error.requestId).toBe('r1');
  });
});

describe('timeouts, abort and destroy', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('times out after the bridge default of 30 000 ms, drops the late answer and clears its timer', async () => {
    const answer = pending();
    const adapter = memoryAdapter({ answer: () => answer.promise });
    const bridge = createBridge({ adapter });
    const settled = vi.fn();
    const request = failure(bridge.request(GET).finally(settled));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    const error = await request;
    expect(error.message).toBe("TIMEOUT: GET items via memory: no answer within the request's timeout of 30000 ms");
    expect(adapter.signals[0]?.aborted).toBe(true);
    answer.resolve({ status: 200, body: 'late' });
    await vi.runAllTimersAsync();
    expect(settled).toHaveBeenCalledTimes(1);
    await expectNoTimerLeft();
  });

  it('lets a request override the timeout, and clears the timer of a request that answered', async () => {
    const bridge = createBridge({ adapter: memoryAdapter({ answer: () => new Promise(() => {}) }), timeout: 10_000 });
    const request = failure(bridge.request({ ...GET, timeout: 250 }));
    await vi.advanceTimersByTimeAsync(250);
    expect((await request).code).toBe('TIMEOUT');
    await createBridge({ adapter: memoryAdapter() }).request(GET);
    await expectNoTimerLeft();
  });

  it('rejects with ABORTED at once when the caller aborts, passing the abort on to the adapter', async () => {
    const adapter = memoryAdapter({ answer: () => new Promise(() => {}) });
    const controller = new AbortController();
    const request = failure(createBridge({ adapter }).request({ ...GET, signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(5);
    controller.abort(new Error('user left the page'));
    const error = await request;
    expect(error.code).toBe('ABORTED');
    expect((error.cause as Error).message).toBe('user left the page');
    expect(adapter.signals[0]?.aborted).toBe(true);
    await expectNoTimerLeft();
  });

  it('destroy rejects every pending request with ABORTED, releases the adapter, and refuses later requests', async () => {
    const adapter = memoryAdapter({ answer: () => new Promise(() => {}) });
    const bridge = createBridge({ adapter });
    const requests = [failure(bridge.request(GET)), failure(bridge.request(GET))];
    await vi.advanceTimersByTimeAsync(1);
    bridge.destroy();
    bridge.destroy();
    for (const error of await Promise.all(requests)) expect(error.message).toBe('ABORTED: GET items via memory: the bridge was destroyed');
    expect(adapter.destroyed).toBe(1);
    expect((await failure(bridge.request(GET))).code).toBe('ABORTED');
    expect((await failure(bridge.ready())).code).toBe('ABORTED');
    expect(adapter.sent).toHaveLength(2);
    await expectNoTimerLeft();
  });
});

describe('retries', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function flaky(statuses: number[], headers: Record<string, string> = {}) {
    const queue = [...statuses];
    return memoryAdapter({ answer: () => ({ status: queue.shift() ?? 200, headers, body: '{"ok":true}' }) });
  }

  it('does not retry by default', async () => {
    const adapter = flaky([503]);
    expect((await failure(createBridge({ adapter }).request(GET))).status).toBe(503);
    expect(adapter.sent).toHaveLength(1);
  });

  it('retries an idempotent method on the listed statuses with growing, jittered delays', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const adapter = flaky([503, 502, 504]);
    const bridge = createBridge({ adapter, retry: { limit: 3 } });
    const request = bridge.request(GET);
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(224); // 300 ms ceiling: 150 + 0.5 * 150 = 225
    expect(adapter.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(adapter.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(450); // 600 ms ceiling
    expect(adapter.sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(900); // 1200 ms ceiling
    expect((await request).data).toEqual({ ok: true });
    expect(adapter.sent).toHaveLength(4);
    vi.mocked(Math.random).mockRestore();
  });

  it('honours Retry-After over the backoff', async () => {
    const adapter = flaky([429], { 'Retry-After': '2' });
    const request = createBridge({ adapter, retry: 1 }).request(GET);
    await vi.advanceTimersByTimeAsync(1999);
    expect(adapter.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await request).status).toBe(200);
  });

  it('gives up at once when Retry-After asks for more than a minute', async () => {
    const adapter = flaky([503], { 'retry-after': '3600' });
    expect((await failure(createBridge({ adapter, retry: 3 }).request(GET))).status).toBe(503);
    expect(adapter.sent).toHaveLength(1);
  });

  it('retries TIMEOUT and NETWORK_ERROR, but not POST, other statuses or other codes', async () => {
    let calls = 0;
    const timeouts = memoryAdapter({ answer: () => (++calls === 1 ? new Promise(() => {}) : { status: 200, body: '1' }) });
    const request = createBridge({ adapter: timeouts, retry: { limit: 1, backoff: () => 0 } }).request({ ...GET, attemptTimeout: 100 });
    await vi.advanceTimersByTimeAsync(101);
    expect((await request).data).toBe(1);

    const network = memoryAdapter({ answer: () => { throw new BridgeError('NETWORK_ERROR', 'unreachable'); } });
    const failing = failure(createBridge({ adapter: network, retry: { limit: 2, backoff: () => 10 } }).request(GET));
    await vi.advanceTimersByTimeAsync(20);
    expect((await failing).code).toBe('NETWORK_ERROR');
    expect(network.sent).toHaveLength(3);

    for (const [adapter, request] of [
      [flaky([503]), { ...GET, method: 'POST', body: {} }],
      [flaky([404]), GET],
      [flaky([503]), { ...GET, retry: { limit: 2, statusCodes: [429] } }],
    ] as const) {
      const refused = failure(createBridge({ adapter, retry: { limit: 2, backoff: () => 0 } }).request(request as BridgeRequest));
      await vi.advanceTimersByTimeAsync(10);
      await refused;
      expect(adapter.sent).toHaveLength(1);
    }
    const unsupported = memoryAdapter({ answer: () => { throw new BridgeError('CONNECTOR_ERROR', 'misconfigured'); } });
    const refused = failure(createBridge({ adapter: unsupported, retry: 2 }).request(GET));
    await vi.advanceTimersByTimeAsync(10_000);
    await refused;
    expect(unsupported.sent).toHaveLength(1);
  });

  it('retries POST only when asked to, through methods', async () => {
    const adapter = flaky([503]);
    const request = createBridge({ adapter }).request({ ...GET, method: 'POST', body: {}, retry: { limit: 1, methods: ['POST'], backoff: () => 0 } });
    await vi.advanceTimersByTimeAsync(1);
    expect((await request).status).toBe(200);
    expect(adapter.sent).toHaveLength(2);
  });

  it('never retries after an abort, even during the backoff pause', async () => {
    const adapter = flaky([503, 503]);
    const controller = new AbortController();
    const request = failure(createBridge({ adapter, retry: { limit: 3, backoff: () => 5000 } }).request({ ...GET, signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect((await request).code).toBe('ABORTED');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(adapter.sent).toHaveLength(1);
    await expectNoTimerLeft();
  });
});

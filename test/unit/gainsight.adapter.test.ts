import { afterEach, describe, expect, it, vi } from 'vitest';
import { gainsight, type GainsightConnectors } from '../../adapters/gainsight.js';
import { createBridge, type BridgeRequest } from '../../src/index.js';
import {
  ConnectorBoundaryError,
  simulateGainsight,
  type GainsightConnector,
  type GainsightSimConfig,
} from '../../src/testing/gainsight.js';
import { delay, type UpstreamHandler } from '../../src/testing/upstream.js';
import { failure } from '../support/failure.js';

const ITEMS = 'https://api.example.com/items';
let restore: (() => void) | undefined;

afterEach(() => {
  restore?.();
  restore = undefined;
});

function connector(fields: Partial<GainsightConnector> = {}): GainsightConnector {
  return { method: 'GET', url: ITEMS, overrideAny: true, upstream: () => ({ body: { ok: true } }), ...fields };
}

function start(config: GainsightSimConfig = { connectors: { items: connector() } }, options: { timeout?: number } = {}) {
  const sim = simulateGainsight({}, config);
  restore = sim.restore;
  const bridge = createBridge({ adapter: gainsight({ sdk: sim.sdk }), ...options });
  return { sim, bridge };
}

describe('gainsight(): finding the host', () => {
  it('uses the init(sdk) object, waiting for whenReady once, and reports vendor and capabilities', async () => {
    const sim = simulateGainsight({}, { connectors: { items: connector() } });
    const whenReady = vi.fn(() => delay(5));
    const bridge = createBridge({ adapter: gainsight({ sdk: { connectors: sim.sdk.connectors, whenReady } }) });
    await expect(bridge.ready()).resolves.toEqual({
      vendor: 'gainsight',
      capabilities: expect.objectContaining({ composite: true, url: false, textBody: false, repeatedQuery: false, responseStatus: false }),
    });
    await Promise.all([bridge.request({ connection: 'items' }), bridge.request({ connection: 'items' })]);
    expect(whenReady).toHaveBeenCalledTimes(1);
    expect(sim.calls).toHaveLength(2);
  });

  it('uses a connectors client given as an option', async () => {
    const sim = simulateGainsight({}, { connectors: { items: connector() } });
    const own = new sim.WidgetServiceSDK({ headers: { 'X-Mine': 'yes' } }).connectors;
    const bridge = createBridge({ adapter: gainsight({ connectors: own }) });
    await bridge.request({ connection: 'items' });
    expect(sim.calls[0]?.headers).toMatchObject({ 'x-mine': 'yes' });
  });

  it('constructs one window.WidgetServiceSDK, lazily, when given neither', async () => {
    const sim = simulateGainsight(window, { connectors: { items: connector() } });
    restore = sim.restore;
    let constructed = 0;
    Object.assign(window, {
      WidgetServiceSDK: class extends sim.WidgetServiceSDK {
        constructor() {
          super();
          constructed++;
        }
      },
    });
    const bridge = createBridge({ adapter: gainsight() });
    expect(constructed).toBe(0);
    await bridge.request({ connection: 'items' });
    await bridge.request({ connection: 'items' });
    expect(constructed).toBe(1);
  });

  it('says why it found no host', async () => {
    const error = await failure(createBridge({ adapter: gainsight() }).request({ connection: 'items' }));
    expect(error.code).toBe('NO_HOST');
    expect(error.message).toContain('gainsight: window.WidgetServiceSDK is not defined');
    const broken = gainsight({ sdk: {} as never });
    expect(broken.detect()).toBe('options.sdk has no connectors.execute');
  });
});

describe('gainsight(): mapping a request', () => {
  it('sends permalink, method and queryParams as strings', async () => {
    const { sim, bridge } = start();
    const response = await bridge.request({ connection: 'items', query: { q: 'Warsaw', page: 2, exact: true, one: ['only'] } });
    expect(sim.calls[0]?.options).toEqual({ permalink: 'items', method: 'GET', queryParams: { q: 'Warsaw', page: '2', exact: 'true', one: 'only' } });
    expect(response).toMatchObject({ data: { ok: true }, status: 200, headers: {}, vendor: 'gainsight', raw: { ok: true } });
  });

  it('sends a JSON object as payload, headers, and pathParams for the server to substitute', async () => {
    const posts = connector({ method: 'POST', url: 'https://api.example.com/users/{{ pathParams.user_id }}/posts', pathParams: ['user_id'] });
    const { sim, bridge } = start({ connectors: { posts } });
    await bridge.request({ connection: 'posts', method: 'POST', body: { title: 'Hi' }, headers: { 'X-Request-Id': 'r-1' }, pathParams: { user_id: 42 } });
    expect(sim.calls[0]?.options).toEqual({
      permalink: 'posts',
      method: 'POST',
      payload: { title: 'Hi' },
      headers: { 'X-Request-Id': 'r-1' },
      pathParams: { user_id: 42 },
    });
    expect(sim.calls[0]?.headers?.['x-path-params']).toBe('user_id=42');
    expect(sim.outbound[0]).toMatchObject({ url: 'https://api.example.com/users/42/posts', body: '{"title":"Hi"}' });
  });

  it('resolves with an array body and with a text body as the SDK returned them', async () => {
    const { bridge } = start({
      connectors: { list: connector({ upstream: () => ({ body: [1, 2] }) }), text: connector({ upstream: () => ({ body: 'hello' }) }) },
    });
    await expect(bridge.request({ connection: 'list' })).resolves.toMatchObject({ data: [1, 2], raw: [1, 2] });
    await expect(bridge.request({ connection: 'text' })).resolves.toMatchObject({ data: 'hello', status: 200 });
  });

  const flow = (upstream: UpstreamHandler[]) => ({
    steps: upstream.map((handler, index) => ({ name: `s${index}`, method: 'POST' as const, url: `${ITEMS}/${index}`, upstream: handler })),
  });

  it('runs a composite connector through composite.execute and resolves with its last step', async () => {
    const { sim, bridge } = start({ composites: { 'auth-and-fetch': flow([() => ({ body: { token: 't' } }), () => ({ body: { user: 'Ada' } })]) } });
    const response = await bridge.request({ connection: 'auth-and-fetch', method: 'POST', composite: true, body: { userId: 'u1' }, query: { format: 'json' } });
    expect(response).toMatchObject({ data: { user: 'Ada' }, status: 200, headers: {} });
    expect(sim.calls).toEqual([
      { api: 'composite.execute', options: { permalink: 'auth-and-fetch', payload: { userId: 'u1' }, queryParams: { format: 'json' } }, headers: expect.any(Object) },
    ]);
  });

  it('maps a failed composite step (502 "Downstream (HTTP error)") to HTTP_ERROR 502', async () => {
    const { bridge } = start({ composites: { broken: flow([() => ({ status: 500, body: 'down' })]) } });
    const error = await failure(bridge.request({ connection: 'broken', method: 'POST', composite: true }));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 502, requestId: expect.any(String), detail: expect.stringContaining("Composite step 's0'") });
  });
});

describe('gainsight(): what it refuses, before calling the SDK', () => {
  const refusals: Array<[string, BridgeRequest, RegExp]> = [
    ['a url', { connection: 'items', url: ITEMS }, /own URL/],
    ['an array query value', { connection: 'items', query: { tag: ['red', 'blue'] } }, /tag/],
    ['a text body', { connection: 'items', method: 'POST', body: 'plain' }, /text body/],
    ['a top-level array body', { connection: 'items', method: 'POST', body: [1, 2] }, /JSON object/],
    ['a scalar JSON body', { connection: 'items', method: 'POST', body: 5 }, /JSON object/],
    ['a body with DELETE', { connection: 'items', method: 'DELETE', body: { a: 1 } }, /POST, PUT or PATCH/],
    ['composite with an explicit GET', { connection: 'items', method: 'GET', composite: true }, /always POST/],
    ['composite with headers', { connection: 'items', method: 'POST', composite: true, headers: { 'X-A': '1' } }, /headers or pathParams/],
    ['composite with pathParams', { connection: 'items', method: 'POST', composite: true, pathParams: { id: 1 } }, /headers or pathParams/],
  ];

  it.each(refusals)('refuses %s as UNSUPPORTED', async (_, request, message) => {
    const { sim, bridge } = start();
    const error = await failure(bridge.request(request));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^UNSUPPORTED: \w+ items via gainsight: /);
    expect(sim.calls).toEqual([]);
  });

  it('refuses path parameters serializing to more than 4096 characters, and sends exactly 4096', async () => {
    const { sim, bridge } = start();
    // Valid values (at most 200 characters each) over as many keys as it takes to serialize to `length`.
    const params = (length: number) => {
      const pairs: Record<string, string> = {};
      let size = -1;
      let key = 10;
      for (; size + 205 < length; size += 205) pairs[`k${key++}`] = 'a'.repeat(200);
      pairs[`k${key}`] = 'a'.repeat(length - size - 5);
      return pairs;
    };
    expect((await failure(bridge.request({ connection: 'items', pathParams: params(4097) }))).code).toBe('INVALID_REQUEST');
    expect(sim.calls).toEqual([]);
    await bridge.request({ connection: 'items', pathParams: params(4096) }).catch(() => undefined); // reaches the server
    expect(sim.calls[0]?.headers?.['x-path-params']).toHaveLength(4096);
  });
});

describe('gainsight(): path parameters on the server', () => {
  const posts = { posts: connector({ url: 'https://api.example.com/users/{{pathParams.user_id}}/posts', pathParams: ['user_id'] }) };

  it.each(['42', 'user-42', 'USER_42', 'my.handle', 'a~b', '123E4567-e89b-12d3-A456-426614174000'])('accepts %j', async (value) => {
    const { sim, bridge } = start({ connectors: posts });
    await bridge.request({ connection: 'posts', pathParams: { user_id: value } });
    expect(sim.outbound[0]?.url).toBe(`https://api.example.com/users/${value}/posts`);
  });

  it.each(['', 'has space', 'with/slash', 'with?q', '..', '%20', 'with#hash'])('refuses %j with INVALID_PATH_PARAMETERS before calling the SDK', async (value) => {
    const { sim, bridge } = start({ connectors: posts });
    const error = await failure(bridge.request({ connection: 'posts', pathParams: { user_id: value } }));
    expect(error).toMatchObject({ code: 'INVALID_PATH_PARAMETERS', params: ['user_id'], retryable: false });
    expect(sim.calls).toEqual([]);
  });

  it("reports the server's MISSING_PATH_PARAMETERS with every missing key (the widget does not know the template)", async () => {
    const two = connector({ url: `${ITEMS}/{{pathParams.a}}/{{pathParams.b}}/{{pathParams.c}}`, pathParams: ['a', 'b', 'c'] });
    const { sim, bridge } = start({ connectors: { two } });
    const error = await failure(bridge.request({ connection: 'two', pathParams: { a: 'ok' } }));
    expect(error).toMatchObject({ code: 'MISSING_PATH_PARAMETERS', params: ['b', 'c'], requestId: expect.any(String) });
    expect(error.cause).toMatchObject({ name: 'ConnectorExecuteError', status: 400 });
    expect(error.message).toMatch(/^MISSING_PATH_PARAMETERS: GET two via gainsight: /);
    expect(sim.outbound).toEqual([]);
  });

  it('refuses a bad value unsent even when the server would have reported a missing one first', async () => {
    const two = connector({ url: `${ITEMS}/{{pathParams.a}}/{{pathParams.b}}`, pathParams: ['a', 'b'] });
    const { sim, bridge } = start({ connectors: { two } });
    const error = await failure(bridge.request({ connection: 'two', pathParams: { a: 'bad value' } }));
    expect(error).toMatchObject({ code: 'INVALID_PATH_PARAMETERS', params: ['a'] });
    expect(sim.calls).toEqual([]);
  });

  it('maps CONNECTOR_MISCONFIGURED to CONNECTOR_ERROR with vendorCode and detail', async () => {
    const { bridge } = start({ connectors: { bad: connector({ url: `${ITEMS}/{{pathParams.id}}` }) } });
    const error = await failure(bridge.request({ connection: 'bad', pathParams: { id: 1 } }));
    expect(error).toMatchObject({ code: 'CONNECTOR_ERROR', vendorCode: 'CONNECTOR_MISCONFIGURED', detail: expect.stringContaining('id'), requestId: expect.any(String) });
  });
});

describe('gainsight(): reading failures', () => {
  it('reads errors by their fields, not their words: a connector named timeout-report that does not exist is sent once', async () => {
    const { bridge, sim } = start({ connectors: {} });
    const error = await failure(bridge.request({ connection: 'timeout-report', retry: 2 }));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.retryable).toBe(false);
    expect(sim.calls).toHaveLength(1);
  });

  it('maps a legacy upstream 4xx to HTTP_ERROR with status, data, requestId and cause', async () => {
    const { bridge } = start({ connectors: { items: connector({ upstream: () => ({ status: 404, body: { error: 'no such item' } }) }) } });
    const error = await failure(bridge.request({ connection: 'items' }));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 404, data: { error: 'no such item' }, requestId: expect.stringMatching(/.+/) });
    expect(error.message).toBe('HTTP_ERROR: GET items via gainsight: upstream answered 404');
    expect(error.cause).toMatchObject({ name: 'ConnectorExecuteError', failureScope: 'Downstream (HTTP error)' });
  });

  it('maps an unreachable upstream (502 "Downstream (network…)") to NETWORK_ERROR', async () => {
    const { bridge } = start({ connectors: { items: connector({ upstream: () => Promise.reject(new Error('ECONNRESET')) }) } });
    const error = await failure(bridge.request({ connection: 'items' }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', detail: 'ECONNRESET', requestId: expect.any(String), retryable: true });
  });

  it("maps the server's upstream limit to NETWORK_ERROR", async () => {
    const slow: UpstreamHandler = async () => {
      await delay(60);
      return { body: {} };
    };
    const { bridge } = start({ connectors: { items: connector({ upstream: slow }) }, upstreamTimeout: 10 });
    const error = await failure(bridge.request({ connection: 'items' }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', detail: expect.stringContaining('10 ms') });
  });

  it.each([
    ['template rendering', 422, 'Configuration (template rendering)'],
    ['JWT signing', 422, 'Authentication (JWT signing)'],
    ['an unexpected error', 500, 'Unexpected error'],
  ])('maps a platform failure (%s) to CONNECTOR_ERROR', async (_, status, scope) => {
    const { bridge, sim } = start({ connectors: { items: connector({ failure: { status, scope, reason: 'it broke' } }) } });
    const error = await failure(bridge.request({ connection: 'items' }));
    expect(error).toMatchObject({ code: 'CONNECTOR_ERROR', detail: 'it broke', requestId: expect.any(String), retryable: false });
    expect(error.message).toContain(scope);
    expect(sim.outbound).toEqual([]);
  });

  it('maps a method the connector does not accept to CONNECTOR_ERROR', async () => {
    const { bridge } = start();
    const error = await failure(bridge.request({ connection: 'items', method: 'DELETE' }));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.detail).toMatch(/accepts GET/);
  });

  it('maps an unknown permalink (404, plain Error) to CONNECTOR_ERROR with the cause', async () => {
    const { bridge } = start();
    const error = await failure(bridge.request({ connection: 'nope' }));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toMatch(/404/);
  });

  it("maps the SDK's own network failure to NETWORK_ERROR", async () => {
    const { sim, bridge } = start();
    sim.offline = true;
    const error = await failure(bridge.request({ connection: 'items' }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', cause: expect.any(TypeError) });
  });

  it("maps the SDK's own timeout to TIMEOUT", async () => {
    const sim = simulateGainsight({}, { connectors: { items: connector({ upstream: () => delay(100).then(() => ({ body: {} })) }) } });
    const own = new sim.WidgetServiceSDK({ timeout: 20 }).connectors;
    const error = await failure(createBridge({ adapter: gainsight({ connectors: own }), timeout: 1000 }).request({ connection: 'items' }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('the Gainsight SDK timed out');
    expect((error.cause as Error).message).toMatch(/timed out after 20ms/);
  });

  // Shapes the simulator does not produce but the SDK may: recognised by name and fields.
  const rejectingWith = (thrown: unknown): GainsightConnectors => ({ execute: () => Promise.reject(thrown) });
  const named = (name: string, fields: object) => Object.assign(new Error('failed'), { name }, fields);

  it.each<[string, unknown, Record<string, unknown>]>([
    ['a ConnectorBoundaryError', new ConnectorBoundaryError('a rule this adapter does not know'), { code: 'INVALID_REQUEST', detail: 'a rule this adapter does not know' }],
    ['an envelope with another code', named('ConnectorExecuteError', { code: 'RATE_LIMITED', detail: 'slow down', requestId: 'r-9' }), { code: 'CONNECTOR_ERROR', vendorCode: 'RATE_LIMITED', detail: 'slow down', requestId: 'r-9' }],
    ['a legacy shape without a scope', named('ConnectorExecuteError', { status: 503, reason: 'busy', requestId: 'r-8' }), { code: 'HTTP_ERROR', status: 503, data: 'busy', requestId: 'r-8' }],
    ['an AbortError', named('AbortError', {}), { code: 'TIMEOUT' }],
    ['a thrown string', 'weird', { code: 'CONNECTOR_ERROR', cause: 'weird' }],
  ])('maps %s', async (_, thrown, expected) => {
    const error = await failure(createBridge({ adapter: gainsight({ connectors: rejectingWith(thrown) }) }).request({ connection: 'items' }));
    expect(error).toMatchObject(expected);
    expect(error.cause).toBe(thrown);
  });

  it('maps an error the SDK throws synchronously', async () => {
    const connectors: GainsightConnectors = {
      execute: () => {
        throw new ConnectorBoundaryError('thrown at once');
      },
    };
    const error = await failure(createBridge({ adapter: gainsight({ connectors }) }).request({ connection: 'items' }));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', detail: 'thrown at once' });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulateGainsight, type GainsightConnector, type GainsightSimConfig } from '../../src/testing/gainsight.js';
import { delay, type UpstreamHandler } from '../../src/testing/upstream.js';

type Client = ReturnType<typeof simulateGainsight>['sdk']['connectors'];

function connector(fields: Partial<GainsightConnector> = {}): GainsightConnector {
  return { method: 'GET', url: 'https://api.example.com/items', upstream: () => ({ body: { ok: true } }), ...fields };
}

function setup(config: GainsightSimConfig = { connectors: { items: connector() } }) {
  const target: Record<string, unknown> = {};
  const sim = simulateGainsight(target, config);
  return { target, sim, client: sim.sdk.connectors };
}

/** The synchronous throw of a call, or undefined when it returned a promise. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as Record<string, unknown>,
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('simulateGainsight: install and restore', () => {
  it('installs WidgetServiceSDK on the target and removes it on restore', () => {
    const { target, sim } = setup();
    expect(target.WidgetServiceSDK).toBe(sim.WidgetServiceSDK);
    sim.restore();
    expect('WidgetServiceSDK' in target).toBe(false);
  });

  it('puts back a previous WidgetServiceSDK on restore', () => {
    const previous = function Previous() {};
    const target: Record<string, unknown> = { WidgetServiceSDK: previous };
    const sim = simulateGainsight(target, {});
    expect(target.WidgetServiceSDK).not.toBe(previous);
    sim.restore();
    expect(target.WidgetServiceSDK).toBe(previous);
  });

  it('hands out an init(sdk)-style object whose connectors client is shared and ready', async () => {
    const { sim } = setup();
    await expect(sim.sdk.whenReady()).resolves.toBeUndefined();
    expect(sim.sdk.connectors).toBe(sim.sdk.connectors);
    sim.sdk.connectors.updateHeaders({ 'X-Page': '1' });
    expect(sim.sdk.connectors.getHeaders()).toEqual({ 'X-Page': '1' });
  });
});

describe('simulateGainsight: clients', () => {
  it('gives constructed clients their own headers and timeout, separate from sdk.connectors', () => {
    const { target, sim } = setup();
    const Sdk = target.WidgetServiceSDK as typeof sim.WidgetServiceSDK;
    const own = new Sdk({ headers: { 'X-App-Version': '2.1.0' }, timeout: 60_000 }).connectors;
    expect(own.getHeaders()).toEqual({ 'X-App-Version': '2.1.0' });
    expect(own.getDefaultTimeout()).toBe(60_000);
    expect(sim.sdk.connectors.getHeaders()).toEqual({});
    expect(sim.sdk.connectors.getDefaultTimeout()).toBe(30_000);
  });

  it('changes defaults with configure, updateHeaders and setDefaultTimeout', () => {
    const { client } = setup();
    client.configure({ headers: { A: '1' }, timeout: 15_000 });
    client.updateHeaders({ B: '2' });
    expect(client.getHeaders()).toEqual({ A: '1', B: '2' });
    client.setDefaultTimeout(5_000);
    expect(client.getDefaultTimeout()).toBe(5_000);
    expect(client.getBaseUrl()).toEqual(expect.any(String));
  });
});

describe('simulateGainsight: execute', () => {
  it('resolves with the parsed upstream body, arrays included, and records call and outbound request', async () => {
    const { sim, client } = setup({ connectors: { items: connector({ upstream: () => ({ body: [{ id: 1 }] }) }) } });
    await expect(client.execute({ permalink: 'items', method: 'GET' })).resolves.toEqual([{ id: 1 }]);
    expect(sim.calls).toEqual([{ api: 'execute', options: { permalink: 'items', method: 'GET' }, headers: { 'x-csrf-token': expect.any(String) } }]);
    expect(sim.outbound).toEqual([{ method: 'GET', url: 'https://api.example.com/items', headers: {}, connection: 'items' }]);
  });

  it('hands over a body that is not JSON as text', async () => {
    const { client } = setup({ connectors: { items: connector({ upstream: () => ({ body: 'plain words' }) }) } });
    await expect(client.execute({ permalink: 'items', method: 'GET' })).resolves.toBe('plain words');
  });

  it('records a copy of the options, as the SDK received them', async () => {
    const { sim, client } = setup();
    const options = { permalink: 'items', method: 'GET', queryParams: { q: 'a' } };
    await client.execute(options);
    options.queryParams.q = 'changed';
    expect(sim.calls[0]?.options).toEqual({ permalink: 'items', method: 'GET', queryParams: { q: 'a' } });
  });

  it('lets only overridable query keys change the server values', async () => {
    const query = [
      { key: 'units', value: 'metric', overridable: true },
      { key: 'api_key', value: 'secret' },
    ];
    const { sim, client } = setup({ connectors: { weather: connector({ query }) } });
    await client.execute({ permalink: 'weather', method: 'GET', queryParams: { units: 'imperial', api_key: 'mine', extra: 'x' } });
    expect(sim.outbound[0]?.url).toBe('https://api.example.com/items?units=imperial&api_key=secret');
  });

  it('sends configured headers and the overridable ones the caller gives, from the client and the call', async () => {
    const headers = [
      { key: 'Authorization', value: 'Bearer server' },
      { key: 'X-Client', value: 'default', overridable: true },
    ];
    const { target, sim } = setup({ connectors: { items: connector({ headers }) } });
    const Sdk = target.WidgetServiceSDK as typeof sim.WidgetServiceSDK;
    const client = new Sdk({ headers: { 'X-Client': 'widget' } }).connectors;
    await client.execute({ permalink: 'items', method: 'GET', headers: { Authorization: 'Bearer mine', 'X-Other': '1' } });
    expect(sim.outbound[0]?.headers).toEqual({ authorization: 'Bearer server', 'x-client': 'widget' });
    expect(sim.calls[0]?.headers).toMatchObject({ 'x-client': 'widget', authorization: 'Bearer mine', 'x-other': '1' });
  });

  it('passes any query key and header with overrideAny', async () => {
    const { sim, client } = setup({ connectors: { items: connector({ overrideAny: true }) } });
    await client.execute({ permalink: 'items', method: 'GET', queryParams: { q: 'a b' }, headers: { 'X-Trace': 't' } });
    expect(sim.outbound[0]).toMatchObject({ url: 'https://api.example.com/items?q=a%20b', headers: { 'x-trace': 't' } });
  });

  it('sends the payload as JSON for POST, PUT and PATCH only, and ignores `body`', async () => {
    const config = { connectors: { create: connector({ method: 'POST' }), remove: connector({ method: 'DELETE' }) } };
    const { sim, client } = setup(config);
    await client.execute({ permalink: 'create', method: 'POST', payload: { name: 'Monstera' } });
    await client.execute({ permalink: 'remove', method: 'DELETE', payload: { name: 'Monstera' } });
    await client.execute({ permalink: 'create', method: 'POST', body: { ignored: true } } as Parameters<Client['execute']>[0]);
    expect(sim.outbound.map((request) => request.body)).toEqual(['{"name":"Monstera"}', undefined, undefined]);
    expect(sim.outbound[0]?.headers['content-type']).toBe('application/json');
  });

  it('rejects an unknown permalink with a plain Error (404)', async () => {
    const { sim, client } = setup();
    const error = await rejection(client.execute({ permalink: 'nope', method: 'GET' }));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('Error');
    expect(error.message).toMatch(/404/);
    expect(sim.outbound).toEqual([]);
  });

  it('rejects a method that does not match the connector, without calling upstream', async () => {
    const { sim, client } = setup();
    const error = await rejection(client.execute({ permalink: 'items', method: 'POST' }));
    expect(error).toMatchObject({ name: 'ConnectorExecuteError', status: 405, failureScope: expect.stringMatching(/^Configuration/) });
    expect(sim.outbound).toEqual([]);
  });

  it('rejects with the legacy ConnectorExecuteError for a non-2xx upstream answer', async () => {
    const { client } = setup({ connectors: { items: connector({ upstream: () => ({ status: 404, body: { message: 'gone' } }) }) } });
    const error = await rejection(client.execute({ permalink: 'items', method: 'GET' }));
    expect(error).toMatchObject({
      name: 'ConnectorExecuteError',
      status: 404,
      failureScope: 'Downstream (HTTP error)',
      reason: '{"message":"gone"}',
      requestId: expect.stringMatching(/.+/),
    });
    expect(error.code).toBeUndefined();
  });

  it('reports a configured platform failure (template, auth) in the legacy shape', async () => {
    const failure = { status: 422, scope: 'Configuration (template rendering)', reason: 'undefined variable' };
    const { sim, client } = setup({ connectors: { items: connector({ failure }) } });
    const error = await rejection(client.execute({ permalink: 'items', method: 'GET' }));
    expect(error).toMatchObject({ name: 'ConnectorExecuteError', status: 422, failureScope: failure.scope, reason: failure.reason });
    expect(sim.outbound).toEqual([]);
  });

  it('answers 502 "Downstream (network/external service)" when upstream cannot be reached', async () => {
    const unreachable: UpstreamHandler = () => {
      throw new Error('ECONNREFUSED');
    };
    const { client } = setup({ connectors: { items: connector({ upstream: unreachable }) } });
    const error = await rejection(client.execute({ permalink: 'items', method: 'GET' }));
    expect(error).toMatchObject({ status: 502, failureScope: 'Downstream (network/external service)', reason: 'ECONNREFUSED' });
  });

  it('answers 502 past the upstream limit (15 s by default)', async () => {
    vi.useFakeTimers();
    const slow: UpstreamHandler = async () => {
      await delay(20_000);
      return { body: {} };
    };
    const { client } = setup({ connectors: { items: connector({ upstream: slow }) } });
    client.setDefaultTimeout(60_000);
    const result = rejection(client.execute({ permalink: 'items', method: 'GET' }));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await result).toMatchObject({ status: 502, failureScope: 'Downstream (network/external service)' });
  });

  it('takes a configurable upstream limit', async () => {
    const slow: UpstreamHandler = async () => {
      await delay(50);
      return { body: {} };
    };
    const { client } = setup({ connectors: { items: connector({ upstream: slow }) }, upstreamTimeout: 10 });
    expect(await rejection(client.execute({ permalink: 'items', method: 'GET' }))).toMatchObject({ status: 502 });
  });

  it('rejects with a TimeoutError (as fetch under AbortSignal.timeout does) when its own client timeout passes', async () => {
    vi.useFakeTimers();
    const slow: UpstreamHandler = async () => {
      await delay(10_000);
      return { body: {} };
    };
    const { client } = setup({ connectors: { items: connector({ upstream: slow }) } });
    client.configure({ timeout: 1_000 });
    const result = rejection(client.execute({ permalink: 'items', method: 'GET' }));
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await result;
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toMatch(/timed out/);
  });

  it('rejects with a TypeError when offline, before anything reaches the server', async () => {
    const { sim, client } = setup();
    sim.offline = true;
    const error = await rejection(client.execute({ permalink: 'items', method: 'GET' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(sim.outbound).toEqual([]);
  });
});

describe('simulateGainsight: path parameters', () => {
  const template = 'https://api.example.com/users/{{ pathParams.user_id }}/posts/{{pathParams.slug}}';
  const posts = () => setup({ connectors: { posts: connector({ url: template, pathParams: ['user_id', 'slug'] }) } });

  it('sends them as the X-Path-Params header and substitutes them on the server', async () => {
    const { sim, client } = posts();
    await client.execute({ permalink: 'posts', method: 'GET', pathParams: { user_id: 42, slug: 'hello-world' } });
    expect(sim.calls[0]?.headers?.['x-path-params']).toBe('user_id=42&slug=hello-world');
    expect(sim.outbound[0]?.url).toBe('https://api.example.com/users/42/posts/hello-world');
  });

  it('sends no header for {} or no pathParams', async () => {
    const { sim, client } = setup();
    await client.execute({ permalink: 'items', method: 'GET', pathParams: {} });
    expect(sim.calls[0]?.headers).not.toHaveProperty('x-path-params');
  });

  it.each(['42', 'user-42', 'USER_42', 'my.handle', 'a~b', '123e4567-E89B-12d3-a456-426614174000'])('accepts %j', async (value) => {
    const { sim, client } = posts();
    await client.execute({ permalink: 'posts', method: 'GET', pathParams: { user_id: value, slug: 's' } });
    expect(sim.outbound[0]?.url).toBe(`https://api.example.com/users/${value}/posts/s`);
  });

  it.each(['', 'has space', 'with/slash', 'with?q', '..', '%20', 'with#hash', 'x'.repeat(201)])('rejects %j with the 400 envelope', async (value) => {
    const { sim, client } = posts();
    const error = await rejection(client.execute({ permalink: 'posts', method: 'GET', pathParams: { user_id: value, slug: 's' } }));
    expect(error).toMatchObject({ name: 'ConnectorExecuteError', status: 400, code: 'INVALID_PATH_PARAMETERS', params: ['user_id'] });
    expect(sim.outbound).toEqual([]);
  });

  it('reports every missing key, and missing wins over invalid', async () => {
    const { sim, client } = setup({ connectors: { posts: connector({ url: `${template}/{{pathParams.page}}`, pathParams: ['user_id', 'slug', 'page'] }) } });
    const error = await rejection(client.execute({ permalink: 'posts', method: 'GET', pathParams: { user_id: 'bad value' } }));
    expect(error).toMatchObject({ status: 400, code: 'MISSING_PATH_PARAMETERS', params: ['slug', 'page'] });
    expect(sim.outbound).toEqual([]);
  });

  it('answers CONNECTOR_MISCONFIGURED for a URL slot with no declared parameter', async () => {
    const { sim, client } = setup({ connectors: { posts: connector({ url: template, pathParams: ['user_id'] }) } });
    const error = await rejection(client.execute({ permalink: 'posts', method: 'GET', pathParams: { user_id: 1, slug: 's' } }));
    expect(error).toMatchObject({ name: 'ConnectorExecuteError', code: 'CONNECTOR_MISCONFIGURED', detail: expect.stringContaining('slug') });
    expect(sim.outbound).toEqual([]);
  });

  it.each([
    ['an empty key', { '': 'x' }],
    ['a whitespace key', { '  ': 'x' }],
    ['a null value', { id: null }],
    ['a boolean value', { id: true }],
    ['an object value', { id: {} }],
    ['over 4096 serialized characters', { id: 'a'.repeat(4094) }],
  ])('throws ConnectorBoundaryError synchronously for %s, sending nothing', (_, pathParams) => {
    const { sim, client } = setup();
    const error = thrownBy(() => client.execute({ permalink: 'items', method: 'GET', pathParams } as never));
    expect(error).toMatchObject({ name: 'ConnectorBoundaryError', reason: expect.any(String) });
    expect(sim.calls).toHaveLength(1);
    expect(sim.calls[0]?.headers).toBeUndefined();
    expect(sim.outbound).toEqual([]);
  });

  // 20 valid 200-character values plus `q`: the header is 4092 characters plus q's value.
  const serializedTo = (length: number) => ({
    ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, 'a'.repeat(200)])),
    q: 'a'.repeat(length - 4092),
  });

  it('accepts exactly 4096 serialized characters and refuses 4097', async () => {
    const { sim, client } = setup();
    await expect(client.execute({ permalink: 'items', method: 'GET', pathParams: serializedTo(4096) })).resolves.toEqual({ ok: true });
    expect(sim.calls[0]?.headers?.['x-path-params']).toHaveLength(4096);
    const error = thrownBy(() => client.execute({ permalink: 'items', method: 'GET', pathParams: serializedTo(4097) }));
    expect(error).toMatchObject({ name: 'ConnectorBoundaryError' });
  });
});

describe('simulateGainsight: composite connectors', () => {
  const steps = (handlers: UpstreamHandler[]) =>
    handlers.map((upstream, index) => ({ name: `step-${index}`, method: 'POST' as const, url: `https://api.example.com/step/${index}`, upstream }));

  it('runs the steps in order and resolves with the last step body', async () => {
    const { sim, client } = setup({ composites: { flow: { steps: steps([() => ({ body: { token: 't' } }), () => ({ body: [1, 2] })]) } } });
    await expect(client.composite.execute({ permalink: 'flow', payload: { a: 1 }, queryParams: { f: 'json' } })).resolves.toEqual([1, 2]);
    expect(sim.outbound.map((request) => [request.method, request.url, request.body])).toEqual([
      ['POST', 'https://api.example.com/step/0?f=json', '{"a":1}'],
      ['POST', 'https://api.example.com/step/1?f=json', '{"a":1}'],
    ]);
    expect(sim.calls[0]).toMatchObject({ api: 'composite.execute', options: { permalink: 'flow', payload: { a: 1 } } });
  });

  it('can be called by numeric id', async () => {
    const { client } = setup({ composites: { flow: { id: 7, steps: steps([() => ({ body: { ok: 1 } })]) } } });
    await expect(client.composite.execute({ permalink: 7 } as never)).resolves.toEqual({ ok: 1 });
  });

  it('throws ConnectorBoundaryError synchronously for pathParams', () => {
    const { sim, client } = setup({ composites: { flow: { steps: steps([() => ({})]) } } });
    const error = thrownBy(() => client.composite.execute({ permalink: 'flow', pathParams: { id: 1 } }));
    expect(error).toMatchObject({ name: 'ConnectorBoundaryError' });
    expect(sim.outbound).toEqual([]);
  });

  it('answers 502 naming the step that failed, and stops there', async () => {
    const { sim, client } = setup({ composites: { flow: { steps: steps([() => ({ status: 500, body: 'down' }), () => ({})]) } } });
    const error = await rejection(client.composite.execute({ permalink: 'flow' }));
    expect(error).toMatchObject({ name: 'ConnectorExecuteError', status: 502, failureScope: "Composite step 'step-0' (index 0): Downstream (HTTP error)", detail: 'down' });
    expect(sim.outbound).toHaveLength(1);
  });

  it('rejects an unknown composite with a plain Error (404)', async () => {
    const { client } = setup();
    const error = await rejection(client.composite.execute({ permalink: 'nope' }));
    expect(error.name).toBe('Error');
    expect(error.message).toMatch(/404/);
  });
});

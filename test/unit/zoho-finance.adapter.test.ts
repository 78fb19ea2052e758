import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../src/index.js';
import type { BridgeOptions, BridgeRequest } from '../../src/index.js';
import { zohoFinance, type Zfapps } from '../../adapters/zoho-finance.js';
import { simulateZohoFinance, type ZohoFinanceSimulatorConfig } from '../../src/testing/zoho-finance.js';
import type { UpstreamHandler } from '../../src/testing/upstream.js';
import { failure } from '../support/failure.js';

const API = 'https://api.example.com';

function setup(
  handler: UpstreamHandler = () => ({ body: { ok: true } }),
  config: Partial<ZohoFinanceSimulatorConfig> = {},
  options: Omit<BridgeOptions, 'adapter'> = {},
) {
  const target: Record<string, unknown> = {};
  const upstream = vi.fn(handler);
  const sim = simulateZohoFinance(target, { connections: { booksconn: upstream }, ...config });
  const bridge = createBridge({ adapter: zohoFinance({ zfapps: sim.zfapps }), timeout: 1_000, ...options });
  return { sim, upstream, bridge };
}

/** A hand-made ZFAPPS whose request() answers with `request`: for answer shapes the simulator never produces. */
function fakeHost(request: Zfapps['request']) {
  const zfapps = { extension: { init: vi.fn(async () => ({})) }, request: vi.fn(request) };
  return { zfapps, bridge: createBridge({ adapter: zohoFinance({ zfapps }), timeout: 1_000 }) };
}

const get = (fields: Partial<BridgeRequest> = {}): BridgeRequest => ({ connection: 'booksconn', url: `${API}/items`, ...fields });

afterEach(() => {
  delete (globalThis as { ZFAPPS?: unknown }).ZFAPPS;
});

describe('zohoFinance: finding the host', () => {
  it('finds window.ZFAPPS and reports its capabilities', async () => {
    const sim = simulateZohoFinance(window, { connections: { booksconn: () => ({ body: 'hi' }) } });
    const bridge = createBridge({ adapter: zohoFinance() });
    await expect(bridge.ready()).resolves.toEqual({
      vendor: 'zoho-finance',
      capabilities: {
        composite: false,
        url: true,
        textBody: true,
        formBody: true,
        multipartBody: false,
        repeatedQuery: true,
        responseStatus: true,
        responseHeaders: false,
      },
    });
    await expect(bridge.request(get())).resolves.toMatchObject({ data: 'hi', vendor: 'zoho-finance' });
    sim.restore();
  });

  it('says why it is not usable: NO_HOST without ZFAPPS, or with a ZFAPPS that has no request()', async () => {
    const missing = await failure(createBridge({ adapter: zohoFinance() }).request(get()));
    expect(missing.code).toBe('NO_HOST');
    expect(missing.message).toContain('window.ZFAPPS not found');
    const odd = await failure(createBridge({ adapter: zohoFinance({ zfapps: { extension: {} } as Zfapps }) }).request(get()));
    expect(odd.code).toBe('NO_HOST');
    expect(odd.message).toContain('ZFAPPS has no request()');
  });
});

describe('zohoFinance: mapping a request to ZFAPPS.request', () => {
  it('maps connection, url, method, query pairs in order (arrays repeat their key) and header pairs', async () => {
    const { sim, bridge } = setup(undefined, {}, { headers: { 'X-App-Version': '2.1.0' } });
    await bridge.request(
      get({ method: 'DELETE', query: { organization_id: '42', tag: ['a', 'b'], page: 2, all: true }, headers: { Authorization: 'x' } }),
    );
    expect(sim.calls).toEqual([
      {
        connection_link_name: 'booksconn',
        url: `${API}/items`,
        method: 'DELETE',
        url_query: [
          { key: 'organization_id', value: '42' },
          { key: 'tag', value: 'a' },
          { key: 'tag', value: 'b' },
          { key: 'page', value: '2' },
          { key: 'all', value: 'true' },
        ],
        header: [
          { key: 'X-App-Version', value: '2.1.0' },
          { key: 'Authorization', value: 'x' },
        ],
      },
    ]);
    expect(sim.outbound[0]?.url).toBe(`${API}/items?organization_id=42&tag=a&tag=b&page=2&all=true`);
  });

  it('sends a JSON body as raw JSON text with Content-Type: application/json', async () => {
    const { sim, bridge } = setup();
    await bridge.request(get({ method: 'POST', body: { name: 'Ada', tags: [1, 2] } }));
    expect(sim.calls[0]).toMatchObject({
      body: { mode: 'raw', raw: '{"name":"Ada","tags":[1,2]}' },
      header: [{ key: 'Content-Type', value: 'application/json' }],
    });
    expect(sim.outbound[0]).toMatchObject({ body: '{"name":"Ada","tags":[1,2]}', headers: { 'content-type': 'application/json' } });
  });

  it("keeps the caller's content type for a JSON body, whatever its case", async () => {
    const { sim, bridge } = setup();
    await bridge.request(get({ method: 'PUT', body: [1], headers: { 'content-type': 'application/vnd.api+json' } }));
    expect(sim.calls[0]).toMatchObject({ header: [{ key: 'content-type', value: 'application/vnd.api+json' }] });
  });

  it('sends a string as raw text without adding a content type', async () => {
    const { sim, bridge } = setup();
    await bridge.request(get({ method: 'POST', body: 'plain words' }));
    expect(sim.calls[0]).toMatchObject({ body: { mode: 'raw', raw: 'plain words' }, header: [] });
    expect(sim.outbound[0]?.body).toBe('plain words');
  });

  it('sends URLSearchParams as urlencoded pairs', async () => {
    const { sim, bridge } = setup();
    await bridge.request(get({ method: 'POST', body: new URLSearchParams([['a', '1'], ['a', '2 3']]) }));
    expect(sim.calls[0]).toMatchObject({ body: { mode: 'urlencoded', urlencoded: [{ key: 'a', value: '1' }, { key: 'a', value: '2 3' }] } });
    expect(sim.outbound[0]).toMatchObject({ body: 'a=1&a=2+3', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  });

  it('refuses a FormData body, text entries or files, with UNSUPPORTED naming the host, and sends nothing (its formdata carries no files)', async () => {
    const { sim, bridge } = setup();
    const text = new FormData();
    text.append('name', 'Ada');
    const withFile = new FormData();
    withFile.append('upload', new Blob(['bytes']), 'a.txt');
    for (const body of [text, withFile]) {
      const error = await failure(bridge.request(get({ method: 'POST', body })));
      expect(error.code).toBe('UNSUPPORTED');
      expect(error.message).toContain('zoho-finance cannot send a FormData body');
    }
    expect(sim.calls).toEqual([]);
  });

  it('takes the url of a portable connection entry', async () => {
    const { sim, bridge } = setup(undefined, {}, {
      connections: { ideas: { 'zoho-finance': { connection: 'booksconn', url: `${API}/ideas/{{pathParams.idea_id}}/endorsements` } } },
    });
    await bridge.request({ connection: 'ideas', pathParams: { idea_id: 42 } });
    expect(sim.calls[0]).toMatchObject({ connection_link_name: 'booksconn', url: `${API}/ideas/42/endorsements` });
  });
});

describe('zohoFinance: requests the host cannot take', () => {
  it('refuses a request without url (INVALID_REQUEST) and a composite one (UNSUPPORTED), sending nothing', async () => {
    const { sim, bridge } = setup();
    expect((await failure(bridge.request({ connection: 'booksconn' }))).code).toBe('INVALID_REQUEST');
    expect((await failure(bridge.request(get({ composite: true })))).code).toBe('UNSUPPORTED');
    expect(sim.calls).toEqual([]);
  });
});

describe('zohoFinance: reading answers', () => {
  it('parses data.body as JSON, takes status_code as the status and keeps the whole answer as raw', async () => {
    const { bridge } = setup(() => ({ status: 201, body: { id: 7 } }));
    await expect(bridge.request(get({ method: 'POST', body: {} }))).resolves.toEqual({
      data: { id: 7 },
      status: 201,
      headers: {},
      vendor: 'zoho-finance',
      raw: { data: { body: '{"id":7}', status_code: 201, status_message: 'Created' } },
      attempts: 1,
      elapsed: expect.any(Number),
    });
  });

  it("keeps data.body as text with responseType: 'text'", async () => {
    const { bridge } = setup(() => ({ body: { id: 7 } }));
    await expect(bridge.request(get({ responseType: 'text' }))).resolves.toMatchObject({ data: '{"id":7}' });
  });

  it('rejects a non-2xx answer with HTTP_ERROR carrying the status and the parsed body', async () => {
    const { bridge } = setup(() => ({ status: 422, body: { code: 1001, message: 'bad item' } }));
    const error = await failure(bridge.request(get()));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 422, data: { code: 1001, message: 'bad item' } });
  });

  it.each([
    ['a numeric string status_code', { data: { body: '{"a":1}', status_code: '201' } }, 201, { a: 1 }],
    ['no status_code (the host resolved)', { data: { body: 'fine' } }, 200, 'fine'],
    ['status_code without a body', { data: { status_code: 204 } }, 204, ''],
  ])('reads %s', async (_, answer, status, data) => {
    const { bridge } = fakeHost(async () => answer);
    await expect(bridge.request(get())).resolves.toMatchObject({ status, data, raw: answer });
  });

  it('turns a numeric string non-2xx status_code into HTTP_ERROR', async () => {
    const { bridge } = fakeHost(async () => ({ data: { body: '{"error":"gone"}', status_code: '410', status_message: 'Gone' } }));
    expect(await failure(bridge.request(get()))).toMatchObject({ code: 'HTTP_ERROR', status: 410, data: { error: 'gone' } });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ok'],
    ['an object without data', { body: '{}' }],
    ['data that is not an object', { data: 'x' }],
    ['data without body or status_code', { data: { status_message: 'OK' } }],
    ['a body that is not a string', { data: { body: { a: 1 }, status_code: 200 } }],
    ['a status_code that is not a number', { data: { body: '', status_code: 'OK' } }],
    ['a status_code out of range', { data: { body: '', status_code: 42 } }],
  ])('answers INVALID_RESPONSE with the raw value for %s', async (_, answer) => {
    const { bridge } = fakeHost(async () => answer);
    const error = await failure(bridge.request(get()));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.data).toEqual(answer);
  });

  it.each([
    ['an Error', new Error('Connection expired'), 'Connection expired'],
    ['a { message } object', { message: 'Connection expired' }, 'Connection expired'],
    ['a string', 'Connection expired', 'Connection expired'],
    ['undefined', undefined, 'the host gave no reason'],
  ])('turns a rejection with %s into CONNECTOR_ERROR with its message and cause', async (_, reason, message) => {
    const { bridge } = fakeHost(() => Promise.reject(reason));
    const error = await failure(bridge.request(get()));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toContain(`ZFAPPS.request failed: ${message}`);
    expect(error.message).toContain('GET booksconn via zoho-finance');
    expect(error.cause).toBe(reason);
  });

  it("reports the simulator's refusals and unreachable upstreams as CONNECTOR_ERROR", async () => {
    const { bridge } = setup(() => {
      throw new Error('ECONNREFUSED');
    });
    const unreachable = await failure(bridge.request(get()));
    expect(unreachable).toMatchObject({ code: 'CONNECTOR_ERROR', cause: { message: 'Could not reach api.example.com: ECONNREFUSED' } });
    const unknown = await failure(bridge.request(get({ connection: 'nope' })));
    expect(unknown.code).toBe('CONNECTOR_ERROR');
    expect(unknown.message).toContain('Connection "nope" is not configured');
  });
});

describe('zohoFinance: extension.init', () => {
  const inits = (sim: { invocations: Array<{ method: string }> }) => sim.invocations.filter((i) => i.method === 'extension.init').length;

  it('runs once before the first request, even for parallel first requests', async () => {
    const { sim, bridge } = setup();
    await Promise.all([bridge.request(get()), bridge.request(get()), bridge.request(get())]);
    await bridge.request(get());
    expect(inits(sim)).toBe(1);
    expect(sim.calls).toHaveLength(4);
  });

  it('reports a failed init as CONNECTOR_ERROR with its cause, and tries again on the next request', async () => {
    const { sim, bridge } = setup(undefined, { init: { failures: 1 } });
    const error = await failure(bridge.request(get()));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toContain('ZFAPPS.extension.init() failed: App registration failed');
    expect(error.cause).toEqual({ message: 'App registration failed' });
    expect(sim.calls).toEqual([]);
    await expect(bridge.request(get())).resolves.toMatchObject({ status: 200 });
    expect(inits(sim)).toBe(2);
  });

  it('bounds an init that never settles (outside a Zoho host) by the request timeout', async () => {
    const { sim, bridge } = setup(undefined, { init: { pending: true } });
    const error = await failure(bridge.request(get({ timeout: 30 })));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toContain('did not resolve within 30 ms');
    expect(sim.calls).toEqual([]);
  });
});

describe('zohoFinance: a request the SDK never answers (ZFAPPS.request has no timeout)', () => {
  const never: UpstreamHandler = () => new Promise(() => {});

  it('is settled by the core timeout', async () => {
    const { sim, bridge } = setup(never);
    const error = await failure(bridge.request(get({ timeout: 30 })));
    expect(error.code).toBe('TIMEOUT');
    expect(sim.outbound).toHaveLength(1);
  });

  it("is settled by the caller's signal", async () => {
    const { bridge } = setup(never);
    const controller = new AbortController();
    const pending = bridge.request(get({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 10);
    expect((await failure(pending)).code).toBe('ABORTED');
  });

  it('drops an answer that arrives after the timeout', async () => {
    const answers: Array<(value: unknown) => void> = [];
    const { bridge } = fakeHost(() => new Promise((resolve) => answers.push(resolve)));
    const first = bridge.request(get({ timeout: 30 }));
    expect((await failure(first)).code).toBe('TIMEOUT');
    const second = bridge.request(get());
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[0]?.({ data: { body: '"late"', status_code: 200 } });
    answers[1]?.({ data: { body: '"fresh"', status_code: 200 } });
    await expect(second).resolves.toMatchObject({ data: 'fresh' });
    await expect(first).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});

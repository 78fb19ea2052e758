import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBridge, type BridgeOptions, type BridgeRequest } from '../../src/index.js';
import { zohoCrm, type ZohoCrmSdk } from '../../adapters/zoho-crm.js';
import { simulateZohoCrm, type ZohoCrmSimulatorConfig } from '../../src/testing/zoho-crm.js';
import type { UpstreamHandler } from '../../src/testing/upstream.js';
import { withQuery } from '../../src/query.js';
import { failure } from '../support/failure.js';

const API = 'https://api.example.com';

function setup(
  handler: UpstreamHandler = () => ({ body: { ok: true } }),
  config: Partial<ZohoCrmSimulatorConfig> = {},
  options: Omit<BridgeOptions, 'adapter'> = {},
) {
  const upstream = vi.fn(handler);
  const sim = simulateZohoCrm({}, { connections: { crmconn: upstream }, ...config });
  const bridge = createBridge({ adapter: zohoCrm({ zoho: sim.zoho }), timeout: 1_000, ...options });
  return { sim, upstream, bridge };
}

/** A hand-made ZOHO whose invoke() answers with `invoke`: for answers the simulator never gives. */
function fakeHost(invoke: ZohoCrmSdk['CRM']['CONNECTION']['invoke']) {
  const zoho = { embeddedApp: { init: vi.fn(async () => {}) }, CRM: { CONNECTION: { invoke: vi.fn(invoke) } } };
  return { zoho, bridge: createBridge({ adapter: zohoCrm({ zoho }), timeout: 1_000 }) };
}

const get = (fields: Partial<BridgeRequest> = {}): BridgeRequest => ({ connection: 'crmconn', url: `${API}/items`, ...fields });
const post = (fields: Partial<BridgeRequest> = {}): BridgeRequest => get({ method: 'POST', ...fields });

afterEach(() => {
  delete (globalThis as { ZOHO?: unknown }).ZOHO;
});

describe('zohoCrm: finding the host', () => {
  it('finds window.ZOHO and reports what CONNECTION.invoke can carry', async () => {
    const sim = simulateZohoCrm(window, { connections: { crmconn: () => ({ body: 'hi' }) } });
    const bridge = createBridge({ adapter: zohoCrm() });
    await expect(bridge.ready()).resolves.toEqual({
      vendor: 'zoho-crm',
      capabilities: {
        composite: false,
        url: true,
        textBody: false,
        formBody: false,
        multipartBody: false,
        repeatedQuery: true,
        responseStatus: false,
        responseHeaders: false,
      },
    });
    await expect(bridge.request(get())).resolves.toMatchObject({ data: 'hi', status: 200, vendor: 'zoho-crm', headers: {} });
    sim.restore();
  });

  it('says why it is not usable: NO_HOST without ZOHO, or with a ZOHO that has no CRM.CONNECTION', async () => {
    const missing = await failure(createBridge({ adapter: zohoCrm() }).request(get()));
    expect(missing.code).toBe('NO_HOST');
    expect(missing.message).toContain('window.ZOHO not found');
    const odd = await failure(createBridge({ adapter: zohoCrm({ zoho: { embeddedApp: { init: async () => {} } } as ZohoCrmSdk }) }).request(get()));
    expect(odd.code).toBe('NO_HOST');
    expect(odd.message).toContain('ZOHO has no embeddedApp.init() or CRM.CONNECTION.invoke()');
  });
});

describe('zohoCrm: what reaches CONNECTION.invoke', () => {
  it('a GET: path parameters filled, query appended to the url, param_type 1 with no parameters, headers as JSON text', async () => {
    const { bridge, sim } = setup();
    await bridge.request(get({ url: `${API}/accounts/{{pathParams.id}}/deals?stage=open`, pathParams: { id: 'acc-7' }, query: { tag: ['a b', 'c&d'], page: 2 }, headers: { 'X-Trace': 't-1' } }));
    expect(sim.calls).toEqual([
      {
        connectionName: 'crmconn',
        url: `${API}/accounts/acc-7/deals?stage=open&tag=a%20b&tag=c%26d&page=2`,
        method: 'GET',
        param_type: 1,
        parameters: undefined,
        headers: JSON.stringify({ 'X-Trace': 't-1' }),
      },
    ]);
    expect(sim.outbound[0]?.url).toBe(`${API}/accounts/acc-7/deals?stage=open&tag=a%20b&tag=c%26d&page=2`);
  });

  it("encodes the query as a host frame's policy judges it (RFC 3986), so what a policy allowed is what is sent", async () => {
    const { bridge, sim } = setup();
    const query = { q: "it's (x)*!", 'a b': 'ü' };
    await bridge.request(get({ url: `${API}/search?`, query }));
    expect(sim.calls[0]?.url).toBe(`${API}/search?q=it%27s%20%28x%29%2A%21&a%20b=%C3%BC`);
    expect(sim.calls[0]?.url).toBe(withQuery(`${API}/search?`, Object.entries(query)));
  });

  it('a JSON object body: param_type 2, the object as parameters, Content-Type application/json', async () => {
    const { bridge, sim } = setup();
    await bridge.request(post({ body: { data: [{ Account_Name: 'Zylker' }] } }));
    expect(sim.calls[0]).toMatchObject({ method: 'POST', param_type: 2, parameters: JSON.stringify({ data: [{ Account_Name: 'Zylker' }] }) });
    expect(JSON.parse(sim.calls[0]?.headers ?? '')).toEqual({ 'Content-Type': 'application/json' });
    expect(sim.outbound[0]).toMatchObject({ method: 'POST', body: '{"data":[{"Account_Name":"Zylker"}]}' });
  });

  it.each([
    ['a text body', { body: 'plain words' }, 'text'],
    ['a URLSearchParams body', { body: new URLSearchParams('a=1') }, 'URLSearchParams'],
    ['a FormData body', { body: new FormData() }, 'FormData'],
    ['a JSON array body', { body: [1, 2] }, 'parameters object'],
    ['a bare JSON number', { body: 42 }, 'parameters object'],
    ['a JSON null', { body: null }, 'parameters object'],
    ['HEAD', { method: 'HEAD' as const, body: undefined }, 'GET, POST, PUT, PATCH, DELETE only'],
    ['OPTIONS', { method: 'OPTIONS' as const, body: undefined }, 'GET, POST, PUT, PATCH, DELETE only'],
    ['composite', { composite: true }, 'composite'],
  ])('refuses %s as UNSUPPORTED before the SDK: it would drop it', async (_, fields, says) => {
    const { bridge, sim } = setup();
    const error = await failure(bridge.request(post(fields as Partial<BridgeRequest>)));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain(says);
    expect(error.vendor).toBe('zoho-crm');
    expect(sim.calls).toHaveLength(0);
    expect(sim.outbound).toHaveLength(0);
  });

  it('applies the path parameter rule before the SDK', async () => {
    const { bridge, sim } = setup();
    const missing = await failure(bridge.request(get({ url: `${API}/a/{{pathParams.id}}` })));
    expect(missing.code).toBe('MISSING_PATH_PARAMETERS');
    const bad = await failure(bridge.request(get({ url: `${API}/a/{{pathParams.id}}`, pathParams: { id: 'has space' } })));
    expect(bad.code).toBe('INVALID_PATH_PARAMETERS');
    expect(sim.calls).toHaveLength(0);
  });
});

describe('zohoCrm: reading what invoke resolves with', () => {
  it('statusMessage as an object: the body as it is', async () => {
    const { bridge } = setup(() => ({ status: 201, body: { data: [{ code: 'SUCCESS' }] } }), { statusMessage: 'object' });
    const response = await bridge.request(post({ body: {} }));
    expect(response).toMatchObject({ status: 201, data: { data: [{ code: 'SUCCESS' }] } });
    expect(response.raw).toMatchObject({ code: 'SUCCESS', details: { statusCode: 201 } });
  });

  it('statusMessage as JSON text: parsed, or kept as text when asked or when it is not JSON', async () => {
    const { bridge } = setup((request) => ({ body: request.url.endsWith('/text') ? 'not json' : { id: 7 } }), { statusMessage: 'string' });
    expect((await bridge.request(get())).data).toEqual({ id: 7 });
    expect((await bridge.request(get({ responseType: 'text' }))).data).toBe('{"id":7}');
    expect((await bridge.request(get({ url: `${API}/text` }))).data).toBe('not json');
  });

  it('an answer without statusCode is a 200, the body never looked into', async () => {
    const { bridge } = setup(() => ({ status: 400, body: { status: 'failure', message: 'in the body only' } }), { statusCode: false });
    const response = await bridge.request(get());
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ status: 'failure', message: 'in the body only' });
  });

  it('an upstream failure inside code SUCCESS: HTTP_ERROR with its statusCode and the parsed body', async () => {
    const { bridge } = setup(() => ({ status: 404, body: { status: 'failure', code: 'INVALID_URL_PATTERN' } }), { statusMessage: 'string' });
    const error = await failure(bridge.request(get()));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 404, data: { status: 'failure', code: 'INVALID_URL_PATTERN' }, retryable: false });
    const { bridge: text } = fakeHost(async () => ({ code: 'SUCCESS', details: { statusMessage: 'busy', statusCode: '503' } }));
    expect(await failure(text.request(get()))).toMatchObject({ code: 'HTTP_ERROR', status: 503, data: 'busy', retryable: true });
  });

  it('INVALID_CONNECTION (resolved, not rejected): CONNECTOR_ERROR with the vendor code and the SDK message', async () => {
    const { bridge, upstream } = setup();
    const error = await failure(bridge.request(get({ connection: 'nosuchconn' })));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.vendorCode).toBe('INVALID_CONNECTION');
    expect(error.message).toBe('CONNECTOR_ERROR: GET nosuchconn via zoho-crm: ZOHO.CRM.CONNECTION.invoke answered INVALID_CONNECTION: Connection "nosuchconn" is not valid');
    expect(error.cause).toMatchObject({ code: 'INVALID_CONNECTION', status: 'error' });
    expect(error.retryable).toBe(false);
    expect(upstream).not.toHaveBeenCalled();
  });

  it('a rejection (EVENT_RESPONSE_FAILURE) or a throw: CONNECTOR_ERROR with the host reason', async () => {
    const { bridge } = fakeHost(async () => Promise.reject({ message: 'Connection is not authorised' }));
    const error = await failure(bridge.request(get()));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toContain('ZOHO.CRM.CONNECTION.invoke failed: Connection is not authorised');
    const { bridge: thrower } = fakeHost(() => {
      throw new Error('Parentwindow reference not found.');
    });
    expect((await failure(thrower.request(get()))).message).toContain('Parentwindow reference not found.');
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'SUCCESS'],
    ['SUCCESS without details', { code: 'SUCCESS' }],
    ['details that are not an object', { code: 'SUCCESS', details: 'done' }],
    ['a statusCode that is not a status', { code: 'SUCCESS', details: { statusMessage: {}, statusCode: 'OK' } }],
    ['no code', { details: { statusMessage: {} } }],
  ])('an answer it does not know (%s): INVALID_RESPONSE keeping it', async (_, answer) => {
    const { bridge } = fakeHost(async () => answer);
    const error = await failure(bridge.request(get()));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.data).toEqual(answer);
  });
});

describe('zohoCrm: the answer CONNECTION.invoke documents, and what each shape reveals', () => {
  const documented = {
    code: 'SUCCESS',
    details: { CODE: 200, message: 'action completed successfully', status: 'Success' },
    message: 'Connection invoked successfully',
    status: 'success',
  };

  it('its own doc comment\'s answer is a success whose data is `details`', async () => {
    const { bridge } = fakeHost(async () => documented);
    await expect(bridge.request(get())).resolves.toMatchObject({ status: 200, data: documented.details, raw: documented });
  });

  it('details without statusMessage take their status from a numeric details.statusCode: 404 is HTTP_ERROR with details as data', async () => {
    const details = { statusCode: 404, message: 'no such record' };
    const { bridge } = fakeHost(async () => ({ code: 'SUCCESS', details }));
    expect(await failure(bridge.request(get()))).toMatchObject({ code: 'HTTP_ERROR', status: 404, data: details });
  });

  // responseStatus is true only if every shape the host may answer in carries the upstream status.
  const shapes: Array<[string, Omit<ZohoCrmSimulatorConfig, 'connections'>]> = [
    ['statusMessage and statusCode', {}],
    ['statusMessage as text', { statusMessage: 'string' }],
    ['no statusCode', { statusCode: false }],
    ['the documented shape', { statusMessage: 'none' }],
  ];
  it.each(shapes)('%s: the upstream 201 shows where the shape carries it; the capability says so only if every shape does', async (_, config) => {
    const { bridge } = setup(() => ({ status: 201, body: { id: 1 } }), config);
    const { status } = await bridge.request(get());
    const carries = config.statusCode !== false && config.statusMessage !== 'none';
    expect(status).toBe(carries ? 201 : 200);
    if (!carries) expect((await bridge.ready()).capabilities.responseStatus).toBe(false);
  });
});

describe('zohoCrm: init, its bound, abort', () => {
  it('calls embeddedApp.init() once, and shares the promise a widget already started', async () => {
    const { bridge, sim } = setup();
    const widgetInit = sim.zoho.embeddedApp.init();
    const page = vi.fn();
    sim.zoho.embeddedApp.on('PageLoad', page);
    await widgetInit;
    await bridge.request(get());
    await bridge.request(get());
    expect(sim.zoho.embeddedApp.init()).toBe(widgetInit);
    expect(page).toHaveBeenCalledWith({ Entity: 'Accounts', EntityId: ['5725767000000411001'] });
    expect(sim.calls).toHaveLength(2);
  });

  it('bounds init by the request timeout: CONNECTOR_ERROR, nothing sent; a late SET_CONTEXT lets the next request through', async () => {
    const { bridge, sim } = setup(undefined, { autoLoad: false });
    const error = await failure(bridge.request(get({ timeout: 30 })));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toContain('ZOHO.embeddedApp.init() did not resolve within 30 ms: is the widget running inside Zoho CRM?');
    expect(sim.calls).toHaveLength(0);
    sim.load();
    await expect(bridge.request(get())).resolves.toMatchObject({ status: 200 });
  });

  it('a failed init is CONNECTOR_ERROR and is tried again on the next request', async () => {
    let tries = 0;
    const zoho = {
      embeddedApp: { init: vi.fn(async () => (++tries === 1 ? Promise.reject(new Error('no context')) : undefined)) },
      CRM: { CONNECTION: { invoke: vi.fn(async () => ({ code: 'SUCCESS', details: { statusMessage: { ok: 1 } } })) } },
    };
    const bridge = createBridge({ adapter: zohoCrm({ zoho }) });
    const error = await failure(bridge.request(get()));
    expect(error.message).toContain('ZOHO.embeddedApp.init() failed: no context');
    expect(zoho.CRM.CONNECTION.invoke).not.toHaveBeenCalled();
    await expect(bridge.request(get())).resolves.toMatchObject({ data: { ok: 1 } });
  });

  it('an abort while init waits rejects ABORTED and sends nothing; an abort during invoke drops its answer', async () => {
    const { bridge, sim } = setup(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { body: { late: true } };
    }, { autoLoad: false });
    const early = new AbortController();
    const waiting = failure(bridge.request(post({ body: {}, signal: early.signal })));
    early.abort();
    expect((await waiting).code).toBe('ABORTED');
    sim.load();
    const late = new AbortController();
    const sending = failure(bridge.request(get({ signal: late.signal })));
    await vi.waitFor(() => expect(sim.calls).toHaveLength(1));
    late.abort();
    expect((await sending).code).toBe('ABORTED');
    expect(sim.calls.map((call) => call.method)).toEqual(['GET']);
  });
});

describe('simulateZohoCrm: as the SDK behaves', () => {
  it('drops what CONNECTION.invoke does not forward: a `body` never reaches the API', async () => {
    const sim = simulateZohoCrm({}, { connections: { crmconn: () => ({ body: {} }) } });
    await sim.zoho.embeddedApp.init();
    await sim.zoho.CRM.CONNECTION.invoke('crmconn', { url: `${API}/items`, method: 'POST', body: { lost: true }, params: { q: 1 } });
    expect(sim.calls[0]).toEqual({ connectionName: 'crmconn', url: `${API}/items`, method: 'POST', param_type: undefined, parameters: undefined, headers: undefined });
    expect(sim.outbound[0]?.body).toBeUndefined();
    expect(sim.outbound[0]?.url).toBe(`${API}/items`);
  });

  it('throws before init(), as the SDK has no client yet', () => {
    const sim = simulateZohoCrm({}, { connections: {} });
    expect(() => sim.zoho.CRM.CONNECTION.invoke('crmconn', { url: `${API}/items`, method: 'GET' })).toThrow(TypeError);
  });
});

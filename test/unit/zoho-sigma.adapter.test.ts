// zohoSigma through the public API, on simulateZohoSigma: the Sigma-specific cases beside the shared contract.
import { afterEach, describe, expect, it } from 'vitest';
import { zohoSigma } from '../../adapters/zoho-sigma.js';
import { BridgeError, createBridge, type Bridge, type BridgeRequest } from '../../src/index.js';
import { simulateZohoSigma, type SigmaAnswerShape, type ZohoSigmaSimulator, type ZohoSigmaSimulatorConfig } from '../../src/testing/zoho-sigma.js';
import type { UpstreamHandler } from '../../src/testing/upstream.js';
import { failure } from '../support/failure.js';

const URL_ = 'https://api.example.com/v1/accounts';
const ok: UpstreamHandler = () => ({ body: { ok: true } });
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function start(config: Partial<ZohoSigmaSimulatorConfig> = {}, target: object = {}): { sim: ZohoSigmaSimulator; bridge: Bridge } {
  const service = config.service ?? 'WRITER';
  const sim = simulateZohoSigma(target, { connections: { conn: ok }, ...config });
  const bridge = createBridge({ adapter: zohoSigma({ service, sdk: sim.sdk }) });
  cleanups.push(() => bridge.destroy(), sim.restore);
  return { sim, bridge };
}

/** A hand-built SigmaSDK whose request answers `answer()`: shapes and failures the simulator does not produce. */
function fakeSdk(answer: () => Promise<unknown>) {
  const requests: unknown[] = [];
  const sdk = {
    WRITER: {
      init(handler: () => void) {
        queueMicrotask(handler);
        return { request: (options: unknown) => (requests.push(options), answer()) };
      },
    },
  };
  const bridge = createBridge({ adapter: zohoSigma({ service: 'WRITER', sdk }) });
  cleanups.push(() => bridge.destroy());
  return { bridge, requests };
}

const get = (extra: Partial<BridgeRequest> = {}): BridgeRequest => ({ connection: 'conn', url: URL_, ...extra });

describe('zohoSigma: finding the host', () => {
  it('uses window.SigmaSDK by default and reports its vendor and capabilities', async () => {
    const sim = simulateZohoSigma(globalThis, { connections: { conn: ok } });
    cleanups.push(sim.restore);
    const bridge = createBridge({ adapter: zohoSigma({ service: 'WRITER' }) });
    cleanups.push(() => bridge.destroy());
    const info = await bridge.ready();
    expect(info.vendor).toBe('zoho-sigma');
    expect(info.capabilities).toMatchObject({ url: true, composite: false, multipartBody: false, responseStatus: false, responseHeaders: false });
    expect((await bridge.request(get())).data).toEqual({ ok: true });
  });

  it('says why it cannot be used: no SigmaSDK, or no such service', async () => {
    const none = createBridge({ adapter: zohoSigma({ service: 'WRITER' }) });
    const error = await failure(none.request(get()));
    expect(error.code).toBe('NO_HOST');
    expect(error.message).toContain('zoho-sigma: window.SigmaSDK not found');
    const { sim } = start({ service: 'CRM' });
    const wrong = createBridge({ adapter: zohoSigma({ service: 'WRITER', sdk: sim.sdk }) });
    expect((await failure(wrong.request(get()))).message).toContain('SigmaSDK.WRITER has no init()');
    expect(sim.inits).toBe(0);
  });
});

describe('zohoSigma: lifecycle', () => {
  it.each(['instance', 'static'] as const)('works with the %s style, calling init() once for every request', async (style) => {
    const { sim, bridge } = start({ style });
    const answers = await Promise.all([bridge.request(get()), bridge.request(get())]);
    await bridge.request(get());
    expect(answers.map((a) => a.data)).toEqual([{ ok: true }, { ok: true }]);
    expect(sim.inits).toBe(1);
    expect(sim.calls).toHaveLength(3);
  });

  it('waits for Load before the first request instead of surfacing "App not registered."', async () => {
    const { sim, bridge } = start({ autoLoad: false });
    const pending = bridge.request(get());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sim.inits).toBe(1);
    expect(sim.calls).toEqual([]);
    sim.load();
    expect((await pending).data).toEqual({ ok: true });
  });

  it('is CONNECTOR_ERROR when the host never registers the app, and recovers when Load comes late', async () => {
    const { sim, bridge } = start({ autoLoad: false });
    const error = await failure(bridge.request(get({ timeout: 30 })));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toBe(
      'CONNECTOR_ERROR: GET conn via zoho-sigma: the host never registered the app (no Load for SigmaSDK.WRITER) within 30 ms',
    );
    expect(sim.calls).toEqual([]);
    sim.load();
    expect((await bridge.request(get())).status).toBe(200);
    expect(sim.inits).toBe(1);
  });

  it('is CONNECTOR_ERROR when init() throws, and calls init() again on the next request', async () => {
    let attempts = 0;
    const sdk = {
      WRITER: {
        init(handler: () => void) {
          if (++attempts === 1) throw new Error('bad manifest');
          handler();
          return { request: async () => ({ response: 'fine', statusCode: 200 }) };
        },
      },
    };
    const bridge = createBridge({ adapter: zohoSigma({ service: 'WRITER', sdk }) });
    const error = await failure(bridge.request(get()));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toContain('SigmaSDK.WRITER.init() failed: bad manifest');
    expect((await bridge.request(get())).data).toBe('fine');
    expect(attempts).toBe(2);
  });

  it("uses the instance the widget's own init() registered, calling no second init()", async () => {
    const sim = simulateZohoSigma({}, { connections: { conn: ok } });
    cleanups.push(sim.restore);
    type Instance = { request(options: unknown): Promise<unknown> };
    const writer = sim.sdk.WRITER as { init(onLoad: () => void): Instance };
    // The widget's own init(), as Writer's documents show it; its handler runs on the host's Load.
    const instance = await new Promise<Instance>((loaded) => {
      const created = writer.init(() => loaded(created));
    });
    const bridge = createBridge({ adapter: zohoSigma({ service: 'WRITER', instance }) });
    cleanups.push(() => bridge.destroy());
    expect((await bridge.request(get())).data).toEqual({ ok: true });
    expect(sim.inits).toBe(1);
    expect(sim.calls).toHaveLength(1);
    const broken = createBridge({ adapter: zohoSigma({ service: 'WRITER', instance: {} as never }) });
    expect((await failure(broken.request(get()))).message).toContain('options.instance has no request()');
  });

  it('is CONNECTOR_ERROR when neither the instance nor the service has request()', async () => {
    const sdk = { WRITER: { init: (handler: () => void) => (handler(), {}) } };
    const bridge = createBridge({ adapter: zohoSigma({ service: 'WRITER', sdk }) });
    const error = await failure(bridge.request(get()));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toContain('has none');
  });
});

describe('zohoSigma: mapping a request', () => {
  it('sends connectionLinkName, type and method with the same verb, and plain headers', async () => {
    const { sim, bridge } = start();
    await bridge.request(get({ method: 'PUT', headers: { 'X-Id': '7' }, body: 'raw words' }));
    expect(sim.calls).toEqual([
      { connectionLinkName: 'conn', type: 'PUT', method: 'PUT', url: URL_, headers: { 'X-Id': '7' }, postBody: 'raw words' },
    ]);
  });

  it('sends JSON as text with Content-Type application/json, keeping a content type the widget chose', async () => {
    const { sim, bridge } = start();
    await bridge.request(get({ method: 'POST', body: { a: [1, 'two'] } }));
    await bridge.request(get({ method: 'POST', body: { a: 1 }, headers: { 'content-type': 'application/vnd.api+json' } }));
    expect(sim.calls.map((c) => (c as { headers: unknown }).headers)).toEqual([
      { 'Content-Type': 'application/json' },
      { 'content-type': 'application/vnd.api+json' },
    ]);
    expect(sim.outbound.map((o) => o.body)).toEqual(['{"a":[1,"two"]}', '{"a":1}']);
  });

  it('sends URLSearchParams form-encoded with the form content type', async () => {
    const { sim, bridge } = start();
    await bridge.request(get({ method: 'POST', body: new URLSearchParams({ q: 'a b', x: '&' }) }));
    expect(sim.outbound[0]).toMatchObject({ body: 'q=a+b&x=%26', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  });

  it.each([
    [URL_, `${URL_}?q=a%20b&tag=x&tag=y&k%21=it%27s%2A`],
    [`${URL_}?sort=asc`, `${URL_}?sort=asc&q=a%20b&tag=x&tag=y&k%21=it%27s%2A`],
    [`${URL_}?`, `${URL_}?q=a%20b&tag=x&tag=y&k%21=it%27s%2A`],
    [`${URL_}?sort=asc#top`, `${URL_}?sort=asc&q=a%20b&tag=x&tag=y&k%21=it%27s%2A#top`],
  ])('appends the query to %s as RFC 3986', async (url, expected) => {
    const { sim, bridge } = start();
    await bridge.request(get({ url, query: { q: 'a b', tag: ['x', 'y'], 'k!': "it's*" } }));
    expect((sim.calls[0] as { url: string }).url).toBe(expected);
    expect(sim.outbound[0]?.url).toBe(expected);
  });

  it('DESK: sends PATCH as type POST with header-override: PATCH; other services send PATCH', async () => {
    const desk = start({ service: 'DESK' });
    await desk.bridge.request(get({ method: 'PATCH', body: { status: 'Closed' } }));
    expect(desk.sim.calls[0]).toMatchObject({ type: 'POST', method: 'POST', headers: { 'header-override': 'PATCH' } });
    expect(desk.sim.outbound[0]?.method).toBe('PATCH');
    const writer = start();
    await writer.bridge.request(get({ method: 'PATCH', body: {} }));
    expect(writer.sim.calls[0]).toMatchObject({ type: 'PATCH', method: 'PATCH' });
    expect(writer.sim.calls[0]).not.toHaveProperty('headers.header-override');
  });
});

describe('zohoSigma: refusing what Sigma cannot express, sending nothing', () => {
  it.each(['HEAD', 'OPTIONS'] as const)('refuses %s as UNSUPPORTED', async (method) => {
    const { sim, bridge } = start();
    const error = await failure(bridge.request(get({ method })));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toBe(`UNSUPPORTED: ${method} conn via zoho-sigma: Zoho Sigma takes GET, POST, PUT, PATCH, DELETE only`);
    expect(sim.calls).toEqual([]);
  });

  it('refuses composite as UNSUPPORTED and a missing url as INVALID_REQUEST', async () => {
    const { sim, bridge } = start();
    expect((await failure(bridge.request(get({ composite: true })))).code).toBe('UNSUPPORTED');
    const error = await failure(bridge.request({ connection: 'conn' }));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.issues?.[0]?.path).toEqual(['url']);
    expect(sim.calls).toEqual([]);
  });
});

describe('zohoSigma: reading answers', () => {
  const shapes: SigmaAnswerShape[] = ['envelope', 'envelope-strings', 'data-statusMessage', 'body', 'json-string'];

  it.each(shapes)('reads a JSON body and a text body from the %s shape', async (answer) => {
    const bodies: unknown[] = [{ items: [1, 2], response: 'a field named like the envelope' }, 'plain text'];
    const { bridge } = start({ answer, connections: { conn: () => ({ body: bodies.shift() }) } });
    const json = await bridge.request(get());
    expect(json).toMatchObject({ status: 200, data: { items: [1, 2], response: 'a field named like the envelope' } });
    expect((await bridge.request(get())).data).toBe('plain text');
  });

  // responseStatus is true only if every shape the host may answer in carries the upstream status.
  it.each(shapes)('the %s shape: the upstream 201 shows where the shape carries it; the capability says so only if every shape does', async (answer) => {
    const { bridge } = start({ answer, connections: { conn: () => ({ status: 201, body: { n: 1 } }) } });
    const carries = answer === 'envelope' || answer === 'envelope-strings';
    expect((await bridge.request(get())).status).toBe(carries ? 201 : 200);
    if (!carries) expect((await bridge.ready()).capabilities.responseStatus).toBe(false);
  });

  it.each(['envelope', 'envelope-strings'] as const)('takes the status from the %s shape: 201 resolves, 404 is HTTP_ERROR', async (answer) => {
    const statuses = [201, 404];
    const { bridge } = start({ answer, connections: { conn: () => ({ status: statuses.shift(), body: { n: 1 } }) } });
    expect((await bridge.request(get())).status).toBe(201);
    const error = await failure(bridge.request(get()));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 404, data: { n: 1 } });
  });

  it.each(['envelope', 'envelope-strings'] as const)('never looks inside the upstream body (%s): a body shaped like an envelope is data', async (answer) => {
    const bodies = [{ data: { statusMessage: 'queued' } }, { statusCode: 500, statusMessage: 'in the body' }, { response: { statusCode: 404 } }];
    const { bridge } = start({ answer, connections: { conn: () => ({ status: 200, body: bodies[0] }) } });
    for (const body of [...bodies]) {
      const response = await bridge.request(get());
      expect(response.status).toBe(200);
      expect(response.data).toEqual(body);
      bodies.shift();
    }
  });

  it('keeps a fragment with a second # whole when it appends the query', async () => {
    const { sim, bridge } = start();
    await bridge.request(get({ url: `${URL_}#part#2`, query: { q: 'a b' } }));
    expect((sim.calls[0] as { url: string }).url).toBe(`${URL_}?q=a%20b#part#2`);
  });

  it.each([
    [{ response: '{"id":1}', statusCode: '202', statusMessage: 'Accepted' }, 202, { id: 1 }],
    [{ data: { statusCode: 409, statusMessage: { data: [] } } }, 409, { data: [] }],
    [{ statusCode: 204 }, 204, undefined],
    [null, 200, null],
  ])('reads the host answer %j as status %i', async (value, status, body) => {
    const { bridge } = fakeSdk(async () => value);
    const settled = await bridge.request(get()).then(
      (response) => ({ status: response.status, body: response.data }),
      (error: BridgeError) => ({ status: error.status, body: error.data }),
    );
    expect(settled).toEqual({ status, body });
  });

  it.each([undefined, { response: 'x', statusCode: 'soon' }, { statusCode: 42 }])('is INVALID_RESPONSE for %j, keeping the answer', async (value) => {
    const { bridge } = fakeSdk(async () => value);
    const error = await failure(bridge.request(get()));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.data).toEqual(value);
  });
});

describe('zohoSigma: SDK and host failures', () => {
  it('maps the SDK VALIDATION_ERROR to INVALID_REQUEST, keeping the message, type and cause', async () => {
    const reason = { type: 'VALIDATION_ERROR', message: "'params' must be an object." };
    const { bridge } = fakeSdk(() => Promise.reject(reason));
    const error = await failure(bridge.request(get()));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', vendorCode: 'VALIDATION_ERROR', cause: reason });
    expect(error.message).toBe("INVALID_REQUEST: GET conn via zoho-sigma: SigmaSDK.WRITER.request failed: 'params' must be an object.");
  });

  it('maps APP_ERROR (an unknown connection, an unreachable API) to CONNECTOR_ERROR with the host message', async () => {
    const { bridge } = start({
      connections: {
        down: () => {
          throw new Error('ECONNREFUSED');
        },
      },
    });
    const unknown = await failure(bridge.request(get({ connection: 'nope' })));
    expect(unknown).toMatchObject({ code: 'CONNECTOR_ERROR', vendorCode: 'APP_ERROR' });
    expect(unknown.message).toContain('Connection "nope" is not configured in plugin-manifest.json');
    const down = await failure(bridge.request(get({ connection: 'down' })));
    expect(down.message).toContain('Could not reach api.example.com: ECONNREFUSED');
  });

  it('maps anything else the SDK throws or rejects with to CONNECTOR_ERROR', async () => {
    const reasons: unknown[] = [new Error('App not registered.'), 'host went away', undefined];
    const { bridge } = fakeSdk(() => Promise.reject(reasons.shift()));
    const messages = [];
    for (let i = 0; i < 3; i++) {
      const error = await failure(bridge.request(get()));
      expect(error.code).toBe('CONNECTOR_ERROR');
      messages.push(error.message.replace('CONNECTOR_ERROR: GET conn via zoho-sigma: SigmaSDK.WRITER.request failed: ', ''));
    }
    expect(messages).toEqual(['App not registered.', 'host went away', 'the host gave no reason']);
  });
});

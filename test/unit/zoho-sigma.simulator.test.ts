// simulateZohoSigma on its own: the SDK surface widget code sees, as VENDORS.md and seed 003 describe it.
import { describe, expect, it } from 'vitest';
import { simulateZohoSigma, type SigmaAnswerShape, type SimulatedSigmaClient } from '../../src/testing/zoho-sigma.js';
import type { UpstreamHandler } from '../../src/testing/upstream.js';

type Sdk = Record<string, { init(handler?: () => void): SimulatedSigmaClient | undefined } & Partial<SimulatedSigmaClient>>;

const URL_ = 'https://api.example.com/v1/accounts';
const echo: UpstreamHandler = (request) => ({ body: { method: request.method, body: request.body ?? null } });
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function install(config: Parameters<typeof simulateZohoSigma>[1], target: Record<string, unknown> = {}) {
  const sim = simulateZohoSigma(target, config);
  return { sim, target, sdk: target.SigmaSDK as Sdk };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (reason: unknown) => reason,
  );
}

describe('simulateZohoSigma: lifecycle', () => {
  it('instance style: WRITER has only init(), whose instance throws "App not registered." until Load', async () => {
    const { sim, sdk } = install({ connections: { conn: echo } });
    expect(Object.keys(sdk.WRITER ?? {})).toEqual(['init']);
    let loads = 0;
    const instance = sdk.WRITER?.init(() => loads++);
    expect(() => instance?.request({ connectionLinkName: 'conn', type: 'GET', url: URL_ })).toThrow('App not registered.');
    expect(loads).toBe(0);
    await tick();
    expect(loads).toBe(1);
    await expect(instance?.request({ connectionLinkName: 'conn', type: 'GET', url: URL_ })).resolves.toEqual({
      response: { method: 'GET', body: null },
      statusCode: 200,
    });
    expect(sim.calls).toHaveLength(1);
  });

  it("static style: the documents' SigmaSDK.WRITER.init(); SigmaSDK.WRITER.request(...) works", async () => {
    const { sim, sdk } = install({ connections: { my_connection: () => ({ body: [{ id: 1 }] }) }, style: 'static' });
    expect(sdk.WRITER?.init()).toBeUndefined();
    await tick();
    const response = await sdk.WRITER?.request?.({ connectionLinkName: 'my_connection', type: 'GET', url: 'https://api.example.com/users' });
    expect(response).toEqual({ response: [{ id: 1 }], statusCode: 200 });
    expect(sim.outbound).toEqual([{ method: 'GET', url: 'https://api.example.com/users', headers: {}, connection: 'my_connection' }]);
  });

  it('with autoLoad false, Load comes only from sim.load(); a later init() hears it again', async () => {
    const { sim, sdk } = install({ connections: { conn: echo }, autoLoad: false });
    const heard: string[] = [];
    const instance = sdk.WRITER?.init(() => heard.push('first'));
    await tick();
    expect(heard).toEqual([]);
    expect(() => instance?.showMessage({ type: 'info', message: 'hi' })).toThrow('App not registered.');
    sim.load();
    expect(heard).toEqual(['first']);
    sdk.WRITER?.init(() => heard.push('second'));
    await tick();
    expect(heard).toEqual(['first', 'second']);
    expect(sim.inits).toBe(2);
  });

  it('records showMessage calls', async () => {
    const { sim, sdk } = install({ connections: {} });
    const instance = sdk.WRITER?.init();
    await tick();
    await instance?.showMessage({ type: 'error', message: 'Request failed: boom' });
    expect(sim.messages).toEqual([{ type: 'error', message: 'Request failed: boom' }]);
  });
});

describe('simulateZohoSigma: requests', () => {
  async function loaded(config: Partial<Parameters<typeof simulateZohoSigma>[1]> = {}) {
    const installed = install({ connections: { conn: echo }, ...config });
    const instance = installed.sdk[config.service ?? 'WRITER']?.init() as SimulatedSigmaClient;
    await tick();
    return { ...installed, instance };
  }

  it('fills in method GET on the caller\'s options when it is missing, and records the call as received', async () => {
    const { sim, instance } = await loaded();
    const options: Record<string, unknown> = { connectionLinkName: 'conn', type: 'POST', url: URL_, postBody: 'x' };
    await instance.request(options);
    expect(options.method).toBe('GET');
    expect(sim.calls).toEqual([{ connectionLinkName: 'conn', type: 'POST', url: URL_, postBody: 'x' }]);
    expect(sim.outbound[0]?.method).toBe('POST');
  });

  it.each([
    [{ type: 'GET' }, "'url' is required and must be a string."],
    [{ type: 'GET', url: 42 }, "'url' is required and must be a string."],
    [{ url: URL_ }, "'type' must be one of GET, POST, PUT, PATCH, DELETE."],
    [{ url: URL_, type: 'HEAD' }, "'type' must be one of GET, POST, PUT, PATCH, DELETE."],
    [{ url: URL_, type: 'GET', headers: 'a: b' }, "'headers' must be an object."],
    [{ url: URL_, type: 'GET', params: [1] }, "'params' must be an object."],
    [{ url: URL_, type: 'POST', files: [1, 2, 3, 4, 5, 6] }, "'files' takes at most 5 files."],
    [{ url: URL_, type: 'POST', postBody: 7 }, "'postBody' must be an object or a string."],
  ])('rejects %j with a VALIDATION_ERROR, sending nothing', async (options, message) => {
    const { sim, instance } = await loaded();
    expect(await rejection(instance.request({ connectionLinkName: 'conn', ...options }))).toEqual({ type: 'VALIDATION_ERROR', message });
    expect(sim.outbound).toEqual([]);
  });

  it('rejects options it cannot postMessage with a DataCloneError', async () => {
    const { sim, instance } = await loaded();
    const reason = await rejection(instance.request({ connectionLinkName: 'conn', type: 'GET', url: URL_, onDone: () => 1 }));
    expect((reason as Error).name).toBe('DataCloneError');
    expect(sim.outbound).toEqual([]);
  });

  it('rejects an unknown connection and an unreachable API with APP_ERROR', async () => {
    const { instance } = await loaded({
      connections: {
        down: () => {
          throw new Error('ECONNREFUSED');
        },
      },
    });
    expect(await rejection(instance.request({ connectionLinkName: 'nope', type: 'GET', url: URL_ }))).toEqual({
      type: 'APP_ERROR',
      message: 'Connection "nope" is not configured in plugin-manifest.json',
    });
    expect(await rejection(instance.request({ connectionLinkName: 'down', type: 'GET', url: URL_ }))).toEqual({
      type: 'APP_ERROR',
      message: 'Could not reach api.example.com: ECONNREFUSED',
    });
  });

  it('sends postBody text as is, an object as JSON, and no body with GET', async () => {
    const { sim, instance } = await loaded();
    await instance.request({ connectionLinkName: 'conn', type: 'PUT', url: URL_, postBody: 'a=1', headers: { 'Content-Type': 'text/plain' } });
    await instance.request({ connectionLinkName: 'conn', type: 'POST', url: URL_, postBody: { a: 1 } });
    await instance.request({ connectionLinkName: 'conn', type: 'GET', url: URL_, postBody: 'dropped' });
    expect(sim.outbound.map(({ body, headers }) => ({ body, type: headers['content-type'] }))).toEqual([
      { body: 'a=1', type: 'text/plain' },
      { body: '{"a":1}', type: 'application/json' },
      { body: undefined, type: undefined },
    ]);
  });

  it('DESK: refuses type PATCH, and turns POST + header-override: PATCH into an upstream PATCH', async () => {
    const { sim, instance } = await loaded({ service: 'DESK' });
    const patch = { connectionLinkName: 'conn', url: URL_, postBody: '{}' };
    expect(await rejection(instance.request({ ...patch, type: 'PATCH' }))).toMatchObject({ type: 'VALIDATION_ERROR' });
    await instance.request({ ...patch, type: 'POST', headers: { 'header-override': 'PATCH', 'X-Id': '1' } });
    expect(sim.outbound).toEqual([{ method: 'PATCH', url: URL_, headers: { 'x-id': '1' }, body: '{}', connection: 'conn' }]);
  });

  const shapes: Array<[SigmaAnswerShape, unknown, unknown]> = [
    ['envelope', { response: { id: 1 }, statusCode: 404 }, { response: 'not json', statusCode: 404 }],
    [
      'envelope-strings',
      JSON.stringify({ response: JSON.stringify({ statusCode: 404, statusMessage: '{"id":1}' }) }),
      JSON.stringify({ response: JSON.stringify({ statusCode: 404, statusMessage: 'not json' }) }),
    ],
    ['data-statusMessage', { data: { statusMessage: { id: 1 } } }, { data: { statusMessage: 'not json' } }],
    ['body', { id: 1 }, 'not json'],
    ['json-string', '{"id":1}', 'not json'],
  ];
  it.each(shapes)('answers in the %s shape', async (answer, forJson, forText) => {
    const bodies = ['{"id":1}', 'not json'];
    const { instance } = await loaded({ answer, connections: { conn: () => ({ status: 404, body: bodies.shift() }) } });
    const ask = () => instance.request({ connectionLinkName: 'conn', type: 'GET', url: URL_ });
    expect(await ask()).toEqual(forJson);
    expect(await ask()).toEqual(forText);
  });
});

describe('simulateZohoSigma: restore', () => {
  it('removes the SigmaSDK it created', () => {
    const { sim, target } = install({ connections: {} });
    expect(target.SigmaSDK).toBeDefined();
    sim.restore();
    expect(Object.hasOwn(target, 'SigmaSDK')).toBe(false);
  });

  it('adds its service to an existing SigmaSDK and puts back what was there', () => {
    const previousDesk = { init: () => undefined };
    const namespace: Record<string, unknown> = { DESK: previousDesk };
    const target: Record<string, unknown> = { SigmaSDK: namespace };
    const writer = simulateZohoSigma(target, { connections: {} });
    const desk = simulateZohoSigma(target, { service: 'DESK', connections: {} });
    expect(target.SigmaSDK).toBe(namespace);
    expect(Object.keys(namespace).sort()).toEqual(['DESK', 'WRITER']);
    expect(namespace.DESK).not.toBe(previousDesk);
    desk.restore();
    writer.restore();
    expect(namespace).toEqual({ DESK: previousDesk });
    expect(target.SigmaSDK).toBe(namespace);
  });
});

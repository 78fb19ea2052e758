import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulateZohoFinance } from '../../src/testing/zoho-finance.js';
import { delay, type UpstreamHandler, type UpstreamRequest } from '../../src/testing/upstream.js';

const URL_ = 'https://api.example.com/items';

function setup(handler: UpstreamHandler = () => ({ body: { ok: true } }), extra = {}) {
  const target: Record<string, unknown> = {};
  const upstream = vi.fn(handler);
  const sim = simulateZohoFinance(target, { connections: { itemsconn: upstream }, ...extra });
  return { target, sim, upstream };
}

const get = (fields: Record<string, unknown> = {}) => ({ url: URL_, method: 'GET', connection_link_name: 'itemsconn', ...fields });

afterEach(() => {
  vi.useRealTimers();
});

describe('simulateZohoFinance: install and restore', () => {
  it('installs ZFAPPS on the target and removes it on restore', () => {
    const { target, sim } = setup();
    expect(target.ZFAPPS).toBe(sim.zfapps);
    sim.restore();
    expect('ZFAPPS' in target).toBe(false);
  });

  it('puts back a previous ZFAPPS on restore', () => {
    const previous = { mine: true };
    const target: Record<string, unknown> = { ZFAPPS: previous };
    const sim = simulateZohoFinance(target, { connections: {} });
    expect(target.ZFAPPS).not.toBe(previous);
    sim.restore();
    expect(target.ZFAPPS).toBe(previous);
  });
});

describe('simulateZohoFinance: extension.init', () => {
  it('resolves with the Load payload and an instance whose on() is recorded', async () => {
    const { sim } = setup(undefined, { app: { organization: { organization_id: '42' } } });
    const app = await sim.zfapps.extension.init();
    expect(app.organization).toEqual({ organization_id: '42' });
    (app.instance as { on(event: string, handler: () => void): void }).on('ON_CHANGE', () => {});
    expect(sim.invocations).toEqual([
      { method: 'extension.init', args: [] },
      { method: 'instance.on', args: ['ON_CHANGE'] },
    ]);
  });

  it('rejects its first `failures` calls with { message }, then resolves', async () => {
    const { sim } = setup(undefined, { init: { failures: 2 } });
    await expect(sim.zfapps.extension.init()).rejects.toEqual({ message: expect.any(String) });
    await expect(sim.zfapps.extension.init()).rejects.toEqual({ message: expect.any(String) });
    await expect(sim.zfapps.extension.init()).resolves.toHaveProperty('instance');
  });

  it('never settles with `pending`, as outside a Zoho host', async () => {
    const { sim } = setup(undefined, { init: { pending: true } });
    const settled = vi.fn();
    sim.zfapps.extension.init().then(settled, settled);
    await delay(20);
    expect(settled).not.toHaveBeenCalled();
  });
});

describe('simulateZohoFinance: request', () => {
  it('calls the connection upstream and answers in the documented shape', async () => {
    const { sim, upstream } = setup(() => ({ status: 201, body: { id: 7 } }));
    const value = await sim.zfapps.request(get({ method: 'POST', body: { mode: 'raw', raw: '{"a":1}' } }));
    expect(value).toEqual({ data: { body: '{"id":7}', status_code: 201, status_message: 'Created' } });
    expect(upstream).toHaveBeenCalledTimes(1);
    expect(sim.outbound).toEqual<UpstreamRequest[]>([
      { method: 'POST', url: URL_, headers: {}, body: '{"a":1}', connection: 'itemsconn' },
    ]);
  });

  it('records a copy of the options as the SDK received them', async () => {
    const { sim } = setup();
    const url_query = [{ key: 'a', value: '1' }];
    await sim.zfapps.request(get({ url_query }));
    url_query.push({ key: 'b', value: '2' });
    expect(sim.calls).toEqual([get({ url_query: [{ key: 'a', value: '1' }] })]);
  });

  it('appends url_query in order after the query the url has, repeating keys', async () => {
    const { sim } = setup();
    const url_query = [
      { key: 'tag', value: 'a b' },
      { key: 'tag', value: 'c&d' },
      { key: 'n', value: 3 },
    ];
    await sim.zfapps.request(get({ url: `${URL_}?sort=asc`, url_query }));
    expect(sim.outbound[0]?.url).toBe(`${URL_}?sort=asc&tag=a%20b&tag=c%26d&n=3`);
  });

  it('sends header pairs lower-cased, joining a repeated name', async () => {
    const { sim } = setup();
    const header = [
      { key: 'X-Trace', value: 'one' },
      { key: 'x-trace', value: 'two' },
      { key: 'Accept', value: 'application/json' },
    ];
    await sim.zfapps.request(get({ header }));
    expect(sim.outbound[0]?.headers).toEqual({ 'x-trace': 'one, two', accept: 'application/json' });
  });

  it('sends urlencoded pairs form-encoded with their content type', async () => {
    const { sim } = setup();
    const urlencoded = [
      { key: 'a', value: '1 2' },
      { key: 'a', value: 'x=y' },
    ];
    await sim.zfapps.request(get({ method: 'PUT', body: { mode: 'urlencoded', urlencoded } }));
    expect(sim.outbound[0]).toMatchObject({
      body: 'a=1+2&a=x%3Dy',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  });

  it('sends formdata pairs as multipart/form-data', async () => {
    const { sim } = setup();
    const formdata = [
      { key: 'name', value: 'Ada' },
      { key: 'say "hi"', value: 'hello' },
    ];
    await sim.zfapps.request(get({ method: 'POST', body: { mode: 'formdata', formdata } }));
    const sent = sim.outbound[0];
    const boundary = /boundary=(.+)$/.exec(sent?.headers['content-type'] ?? '')?.[1];
    expect(sent?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent?.body).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nAda\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="say %22hi%22"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    );
  });

  it('drops a body sent with GET, as the host cannot send one', async () => {
    const { sim } = setup();
    await sim.zfapps.request(get({ body: { mode: 'raw', raw: 'RAWDATA' } }));
    expect(sim.outbound[0]).not.toHaveProperty('body');
  });

  it('resolves non-2xx answers with their status', async () => {
    const { sim } = setup(() => ({ status: 404, body: 'no such item' }));
    await expect(sim.zfapps.request(get())).resolves.toEqual({
      data: { body: 'no such item', status_code: 404, status_message: 'Not Found' },
    });
  });

  it('answers requests without connection_link_name from `anonymous`', async () => {
    const anonymous = vi.fn(() => ({ body: 'public' }));
    const { sim } = setup(undefined, { anonymous });
    const value = await sim.zfapps.request({ url: URL_, method: 'GET' });
    expect(value).toMatchObject({ data: { body: 'public', status_code: 200 } });
    expect(sim.outbound[0]?.connection).toBe('');
  });

  it('leaves a slow upstream pending: the SDK has no timeout', async () => {
    vi.useFakeTimers();
    const { sim } = setup(async () => {
      await delay(10 * 60_000);
      return { body: 'late' };
    });
    const settled = vi.fn();
    sim.zfapps.request(get()).then(settled, settled);
    await vi.advanceTimersByTimeAsync(10 * 60_000 - 1);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toHaveBeenCalledWith(expect.objectContaining({ data: expect.objectContaining({ body: 'late' }) }));
  });
});

describe('simulateZohoFinance: what the host refuses', () => {
  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a missing url', { url: undefined }, /url/],
    ['an empty url', { url: '' }, /url/],
    ['a url that is not a string', { url: 42 }, /url/],
    ['a relative url', { url: '/items' }, /url/],
    ['a missing method', { method: undefined }, /method/],
    ['an unknown method', { method: 'FETCH' }, /method/],
    ['url_query that is not an array', { url_query: { a: '1' } }, /url_query/],
    ['url_query entries without key', { url_query: [{ name: 'a', value: '1' }] }, /url_query/],
    ['url_query values that are objects', { url_query: [{ key: 'a', value: {} }] }, /url_query/],
    ['header that is not an array', { header: { Accept: 'x' } }, /header/],
    ['header entries without value', { header: [{ key: 'Accept' }] }, /header/],
    ['an unknown body.mode', { method: 'POST', body: { mode: 'json', raw: '{}' } }, /body\.mode/],
    ['a body that is not an object', { method: 'POST', body: 'text' }, /body/],
    ['a raw body that is not a string', { method: 'POST', body: { mode: 'raw', raw: { a: 1 } } }, /body\.raw/],
    ['urlencoded that is not {key, value}', { method: 'POST', body: { mode: 'urlencoded', urlencoded: ['a=1'] } }, /urlencoded/],
    ['formdata that is not {key, value}', { method: 'POST', body: { mode: 'formdata', formdata: {} } }, /formdata/],
    ['an unknown connection_link_name', { connection_link_name: 'nope' }, /nope/],
    ['no connection_link_name and no anonymous upstream', { connection_link_name: undefined }, /connection_link_name/],
  ];

  it.each(refused)('rejects %s with { message } and calls no upstream', async (_, fields, message) => {
    const { sim, upstream } = setup();
    const rejection = await sim.zfapps.request(get(fields)).catch((error: unknown) => error);
    expect(rejection).toEqual({ message: expect.stringMatching(message) });
    expect(upstream).not.toHaveBeenCalled();
    expect(sim.outbound).toEqual([]);
  });

  it('fails like postMessage on options that cannot be cloned, recording nothing', async () => {
    const { sim, upstream } = setup();
    await expect(sim.zfapps.request(get({ transform: () => 1 }))).rejects.toMatchObject({ name: 'DataCloneError' });
    expect(sim.calls).toEqual([]);
    expect(upstream).not.toHaveBeenCalled();
  });

  it('rejects with { message } naming the host when the upstream cannot be reached', async () => {
    const { sim } = setup(() => {
      throw new Error('ECONNREFUSED');
    });
    await expect(sim.zfapps.request(get())).rejects.toEqual({ message: 'Could not reach api.example.com: ECONNREFUSED' });
    expect(sim.outbound).toHaveLength(1);
  });
});

describe('simulateZohoFinance: get, set, invoke', () => {
  it('records each call; get answers from `entities` keyed as the docs show', async () => {
    const { sim } = setup(undefined, { entities: { invoice: { invoice_id: '112233' } } });
    await expect(sim.zfapps.get('invoice')).resolves.toEqual({ invoice: { invoice_id: '112233' } });
    await sim.zfapps.set('invoice.reference_number', '001122');
    await sim.zfapps.invoke('RESIZE', { height: '300px' });
    expect(sim.invocations).toEqual([
      { method: 'get', args: ['invoice'] },
      { method: 'set', args: ['invoice.reference_number', '001122'] },
      { method: 'invoke', args: ['RESIZE', { height: '300px' }] },
    ]);
    expect(sim.calls).toEqual([]);
  });
});

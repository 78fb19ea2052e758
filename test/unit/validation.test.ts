// Every validation rule of the one boundary: each bad input is INVALID_REQUEST with issues, and the adapter is never called.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { BridgeError, createBridge, type BridgeRequest } from '../../src/index.js';
import { memoryAdapter } from '../support/memory-adapter.js';

const URL_OK = 'https://api.example.com/items';

async function refusal(request: unknown) {
  const adapter = memoryAdapter();
  const bridge = createBridge({ adapter });
  const error = await bridge.request(request as BridgeRequest).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BridgeError);
  expect(adapter.sent).toHaveLength(0);
  return error as BridgeError;
}

async function accepted(request: BridgeRequest) {
  const adapter = memoryAdapter();
  await createBridge({ adapter }).request(request);
  expect(adapter.sent).toHaveLength(1);
  return adapter.sent[0]!;
}

const CASES: Array<[string, unknown, Array<string | number>, RegExp]> = [
  ['not an object', 'GET /items', [], /expected object|Invalid input|object/i],
  ['no connection', { url: URL_OK }, ['connection'], /connection must be a string/],
  ['empty connection', { connection: '', url: URL_OK }, ['connection'], /must not be empty/],
  ['padded connection', { connection: ' items ', url: URL_OK }, ['connection'], /whitespace/],
  ['unknown method', { connection: 'c', url: URL_OK, method: 'get' }, ['method'], /one of GET/],
  ['misspelt field', { connection: 'c', url: URL_OK, quer: { q: 1 } }, ['quer'], /unknown field "quer" \(did you mean "query"\?\)/],
  ['javascript: url', { connection: 'c', url: 'javascript:alert(1)' }, ['url'], /absolute https:/],
  ['data: url', { connection: 'c', url: 'data:text/html,hi' }, ['url'], /absolute https:/],
  ['file: url', { connection: 'c', url: 'file:///etc/passwd' }, ['url'], /absolute https:/],
  ['relative url', { connection: 'c', url: '/items' }, ['url'], /absolute https:/],
  ['http url off localhost', { connection: 'c', url: 'http://api.example.com/' }, ['url'], /http: only for localhost/],
  ['url not a string', { connection: 'c', url: 42 }, ['url'], /must be a string/],
  ['query value object', { connection: 'c', url: URL_OK, query: { q: { deep: 1 } } }, ['query', 'q'], /string, finite number or boolean/],
  ['query value NaN', { connection: 'c', url: URL_OK, query: { q: Number.NaN } }, ['query', 'q'], /string, finite number or boolean/],
  ['query value Infinity', { connection: 'c', url: URL_OK, query: { q: [1, Infinity] } }, ['query', 'q'], /string, finite number or boolean/],
  ['query not an object', { connection: 'c', url: URL_OK, query: 'q=1' }, ['query'], /plain object/],
  ['query __proto__ key', { connection: 'c', url: URL_OK, query: JSON.parse('{"__proto__":"x"}') }, ['query', '__proto__'], /"__proto__" is not allowed/],
  ['header name with space', { connection: 'c', url: URL_OK, headers: { 'X Bad': '1' } }, ['headers', 'X Bad'], /not a valid header name/],
  ['header name empty', { connection: 'c', url: URL_OK, headers: { '': '1' } }, ['headers', ''], /not a valid header name/],
  ['header value CRLF', { connection: 'c', url: URL_OK, headers: { 'X-A': 'a\r\nSet-Cookie: x' } }, ['headers', 'X-A'], /no control characters/],
  ['header value LF', { connection: 'c', url: URL_OK, headers: { 'X-A': 'a\nb' } }, ['headers', 'X-A'], /no control characters/],
  ['header value number', { connection: 'c', url: URL_OK, headers: { 'X-A': 1 } }, ['headers', 'X-A'], /must be strings/],
  ['header __proto__', { connection: 'c', url: URL_OK, headers: JSON.parse('{"__proto__":"x"}') }, ['headers', '__proto__'], /"__proto__" is not allowed/],
  ['path param empty key', { connection: 'c', url: URL_OK, pathParams: { '': 'x' } }, ['pathParams', ''], /must not be empty/],
  ['path param blank key', { connection: 'c', url: URL_OK, pathParams: { '  ': 'x' } }, ['pathParams', '  '], /must not be empty/],
  ['path param padded key', { connection: 'c', url: URL_OK, pathParams: { ' id': 'x' } }, ['pathParams', ' id'], /whitespace/],
  ['path param null', { connection: 'c', url: URL_OK, pathParams: { id: null } }, ['pathParams', 'id'], /strings or finite numbers/],
  ['path param boolean', { connection: 'c', url: URL_OK, pathParams: { id: true } }, ['pathParams', 'id'], /strings or finite numbers/],
  ['path param object', { connection: 'c', url: URL_OK, pathParams: { id: {} } }, ['pathParams', 'id'], /strings or finite numbers/],
  ['path param NaN', { connection: 'c', url: URL_OK, pathParams: { id: Number.NaN } }, ['pathParams', 'id'], /strings or finite numbers/],
  ['path params over 4096', { connection: 'c', url: URL_OK, pathParams: { a: 'x'.repeat(4095) } }, ['pathParams'], /4096/],
  ['path param __proto__', { connection: 'c', url: URL_OK, pathParams: JSON.parse('{"__proto__":"x"}') }, ['pathParams', '__proto__'], /"__proto__" is not allowed/],
  ['body on GET', { connection: 'c', url: URL_OK, body: { a: 1 } }, ['body'], /a GET request cannot have a body/],
  ['body on HEAD', { connection: 'c', url: URL_OK, method: 'HEAD', body: 'x' }, ['body'], /a HEAD request cannot have a body/],
  ['body function', { connection: 'c', url: URL_OK, method: 'POST', body: () => 1 }, ['body'], /function is not a JSON value/],
  ['body nested undefined in array', { connection: 'c', url: URL_OK, method: 'POST', body: { list: [1, undefined] } }, ['body', 'list', 1], /undefined/],
  ['body Date', { connection: 'c', url: URL_OK, method: 'POST', body: { at: new Date(0) } }, ['body', 'at'], /Date is not a JSON value/],
  ['body Map', { connection: 'c', url: URL_OK, method: 'POST', body: new Map() }, ['body'], /Map is not a JSON value/],
  ['body bigint', { connection: 'c', url: URL_OK, method: 'POST', body: { n: 1n } }, ['body', 'n'], /bigint/],
  ['body Infinity', { connection: 'c', url: URL_OK, method: 'POST', body: { n: Infinity } }, ['body', 'n'], /JSON number/],
  ['timeout zero', { connection: 'c', url: URL_OK, timeout: 0 }, ['timeout'], /whole number of ms/],
  ['timeout fraction', { connection: 'c', url: URL_OK, timeout: 1.5 }, ['timeout'], /whole number of ms/],
  ['timeout too long', { connection: 'c', url: URL_OK, timeout: 2 ** 31 }, ['timeout'], /whole number of ms/],
  ['timeout string', { connection: 'c', url: URL_OK, timeout: '100' }, ['timeout'], /milliseconds/],
  ['signal not a signal', { connection: 'c', url: URL_OK, signal: {} }, ['signal'], /AbortSignal/],
  ['responseType unknown', { connection: 'c', url: URL_OK, responseType: 'blob' }, ['responseType'], /"json" or "text"/],
  ['schema not a schema', { connection: 'c', url: URL_OK, schema: { parse() {} } }, ['schema'], /Standard Schema/],
  ['composite not boolean', { connection: 'c', url: URL_OK, composite: 'yes' }, ['composite'], /boolean/],
  ['retry negative', { connection: 'c', url: URL_OK, retry: -1 }, ['retry'], /whole number from 0 to 10/],
  ['retry string', { connection: 'c', url: URL_OK, retry: 'twice' }, ['retry'], /number of retries or \{ limit/],
  ['retry object unknown key', { connection: 'c', url: URL_OK, retry: { limit: 1, tries: 3 } }, ['retry', 'tries'], /unknown field "tries"/],
  ['retry bad method', { connection: 'c', url: URL_OK, retry: { limit: 1, methods: ['FETCH'] } }, ['retry'], /number of retries or/],
];

describe('request validation', () => {
  it.each(CASES)('refuses %s', async (_name, request, path, message) => {
    const error = await refusal(request);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toMatch(/^INVALID_REQUEST: /);
    const issue = error.issues?.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
    expect(issue, JSON.stringify(error.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('reports every problem of one request at once', async () => {
    const error = await refusal({ connection: 'c', url: 'ftp://x', timeout: -5, headers: { 'a b': 'c' } });
    expect(error.issues?.map((i) => i.path[0]).sort()).toEqual(['headers', 'timeout', 'url']);
  });

  it('accepts http: for localhost and 127.0.0.1, and slots anywhere in the URL', async () => {
    await accepted({ connection: 'c', url: 'http://localhost:8080/x' });
    await accepted({ connection: 'c', url: 'http://127.0.0.1/x' });
    const sent = await accepted({ connection: 'c', url: 'https://{{pathParams.tenant}}.example.com/{{ pathParams.id }}', pathParams: { tenant: 't', id: 1 } });
    expect(sent.url).toBe('https://t.example.com/1');
  });

  it('leaves out an undefined query value, as an undefined body property is', async () => {
    const sent = await accepted({ connection: 'c', url: URL_OK, query: { q: undefined, page: 2 } });
    expect(sent.query).toEqual([['page', '2']]);
  });

  it('keeps keys such as constructor and toString as plain data, with no prototype to pollute', async () => {
    const sent = await accepted({
      connection: 'c',
      url: URL_OK,
      query: { constructor: 'a', toString: 'b' },
      headers: { constructor: 'h' },
      pathParams: { hasOwnProperty: 'p' },
    });
    expect(sent.query).toEqual([['constructor', 'a'], ['toString', 'b']]);
    expect(Object.getPrototypeOf(sent.headers)).toBeNull();
    expect(sent.headers.constructor).toBe('h');
    expect(sent.pathParams.hasOwnProperty).toBe('p');
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it('passes a JSON body with a __proto__ key through untouched, polluting nothing', async () => {
    const body = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    const sent = await accepted({ connection: 'c', url: URL_OK, method: 'POST', body });
    expect(sent.body).toEqual({ kind: 'json', value: body });
    expect(JSON.stringify(sent.body.kind === 'json' && sent.body.value)).toBe('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts JSON values of every kind, undefined object properties included, and the other body kinds', async () => {
    const json = { s: 'x', n: -1.5, b: false, z: null, list: [1, 'a', { deep: [true] }], skipped: undefined };
    expect((await accepted({ connection: 'c', url: URL_OK, method: 'POST', body: json })).body.kind).toBe('json');
    expect((await accepted({ connection: 'c', url: URL_OK, method: 'PUT', body: [1, 2] })).body.kind).toBe('json');
    expect((await accepted({ connection: 'c', url: URL_OK, method: 'PATCH', body: 'text' })).body).toEqual({ kind: 'text', value: 'text' });
    expect((await accepted({ connection: 'c', url: URL_OK, method: 'POST', body: new URLSearchParams('a=1') })).body.kind).toBe('form');
    expect((await accepted({ connection: 'c', url: URL_OK, method: 'POST', body: new FormData() })).body.kind).toBe('multipart');
    expect((await accepted({ connection: 'c', url: URL_OK, method: 'DELETE', body: null })).body).toEqual({ kind: 'json', value: null });
  });

  it('refuses a cyclic body instead of overflowing the stack', async () => {
    const body: Record<string, unknown> = { a: 1 };
    body.self = body;
    const error = await refusal({ connection: 'c', url: URL_OK, method: 'POST', body });
    expect(error.issues?.[0]).toEqual({ path: ['body', 'self'], message: 'the body refers to itself (a cycle)' });
  });

  it('names the request in the message', async () => {
    const error = await refusal({ connection: 'weather-api', method: 'POST', url: 'data:x' });
    expect(error.message).toBe('INVALID_REQUEST: POST weather-api via memory: url: must be an absolute https: URL (http: only for localhost and 127.0.0.1)');
  });
});

describe('createBridge options', () => {
  it.each([
    ['no adapter', {}, /adapter/],
    ['empty adapter list', { adapter: [] }, /list of adapters is empty/],
    ['bad timeout', { adapter: memoryAdapter(), timeout: 0 }, /timeout/],
    ['bad headers', { adapter: memoryAdapter(), headers: { 'X-A': 'a\nb' } }, /no control characters/],
    ['bad retry', { adapter: memoryAdapter(), retry: { limit: 99 } }, /retry/],
    ['bad connection entry', { adapter: memoryAdapter(), connections: { a: { memory: { url: 'https://x.test' } } } }, /connection/],
    ['misspelt option', { adapter: memoryAdapter(), timout: 5 }, /unknown field "timout" \(did you mean "timeout"\?\)/],
  ])('throws INVALID_REQUEST at once for %s', (_name, options, message) => {
    expect(() => createBridge(options as never)).toThrow(message);
    try {
      createBridge(options as never);
    } catch (error) {
      expect((error as BridgeError).code).toBe('INVALID_REQUEST');
    }
  });
});

describe("the page's own zod", () => {
  it('is left as the page configured it: the library switches jitless on only while building its own schemas', async () => {
    // Importing the library changed nothing (it used to call z.config({ jitless: true }) on import).
    expect(z.config().jitless).toBeUndefined();
    const before = { ...z.config() };
    const bridge = createBridge({ adapter: memoryAdapter() });
    await bridge.request({ connection: 'c', url: URL_OK });
    expect(z.config().jitless).toBe(before.jitless);
    z.config({ jitless: false });
    await bridge.request({ connection: 'c', url: URL_OK });
    expect(z.config().jitless).toBe(false);
    z.config({ jitless: before.jitless });
  });
});

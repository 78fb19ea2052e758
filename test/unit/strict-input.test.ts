// What strict TypeScript projects write, at run time: `headers` as fetch's HeadersInit (a record, a Headers,
// pairs), an `undefined` in any optional field, and readonly (frozen) lists.
import { describe, expect, it } from 'vitest';
import { createBridge, type BridgeRequest } from '../../src/index.js';
import { failure } from '../support/failure.js';
import { memoryAdapter } from '../support/memory-adapter.js';

const url = 'https://api.example.com/items';

describe('headers as HeadersInit', () => {
  it('takes a Headers object, pairs or a record on the request, the bridge and a connections entry', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({
      adapter,
      headers: new Headers({ 'X-App-Version': '2.1.0' }),
      connections: { items: { memory: { connection: 'items-conn', url, headers: [['X-Tenant', 'acme']] } } },
    });
    await bridge.request({ connection: 'items', headers: [['X-Trace', 'a'], ['x-trace', 'b'], ['Accept', 'application/json']] });
    await bridge.request({ connection: 'items', headers: new Headers([['X-Trace', 'c']]) });
    await bridge.request({ connection: 'items', headers: { 'X-Trace': 'd' } });
    // A Headers object keeps its names lower-cased; pairs keep the first spelling and join repeats as Headers does.
    expect(adapter.sent.map((request) => ({ ...request.headers }))).toEqual([
      { 'x-app-version': '2.1.0', 'X-Tenant': 'acme', 'X-Trace': 'a, b', Accept: 'application/json' },
      { 'x-app-version': '2.1.0', 'X-Tenant': 'acme', 'x-trace': 'c' },
      { 'x-app-version': '2.1.0', 'X-Tenant': 'acme', 'X-Trace': 'd' },
    ]);
  });

  it('compares a Headers object with its connections entry in any case', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter, connections: { items: { memory: { connection: 'c', url, headers: { 'X-Tenant': 'acme' } } } } });
    await bridge.request({ connection: 'items', headers: new Headers({ 'X-Tenant': 'acme' }) });
    const error = await failure(bridge.request({ connection: 'items', headers: new Headers({ 'X-Tenant': 'other' }) }));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.issues).toEqual([{ path: ['headers', 'x-tenant'], message: 'differs from its connections entry for memory: name one' }]);
    expect(adapter.sent).toHaveLength(1);
  });

  it.each<[string, unknown, Array<string | number>, string]>([
    ['a pair whose name is not a token', [['X-Ok', '1'], ['bad name', '1']], ['headers', 'bad name'], 'is not a valid header name (RFC 9110 token)'],
    ['a pair whose value is not a string', [['X-Count', 5]], ['headers', 'X-Count'], 'header values must be strings'],
    ['a pair with a control character', [['X-Note', 'a\nb']], ['headers', 'X-Note'], 'header values may hold visible ASCII'],
    ['an entry that is not a pair', [['X-Ok', '1'], ['X-Lonely']], ['headers', 1], 'must be a [name, value] pair'],
    ['a string in place of a pair', ['X-Ok: 1'], ['headers', 0], 'must be a [name, value] pair'],
    ['a pair named __proto__', [['__proto__', '1']], ['headers', '__proto__'], 'the key "__proto__" is not allowed'],
    ['a Map (no HeadersInit)', new Map([['X', '1']]), ['headers'], 'must be a plain object'],
  ])('refuses %s with INVALID_REQUEST at its path, sending nothing', async (_, headers, path, message) => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter });
    const error = await failure(bridge.request({ connection: 'items', url, headers } as BridgeRequest));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.issues?.[0]?.path).toEqual(path);
    expect(error.issues?.[0]?.message).toContain(message);
    expect(adapter.sent).toHaveLength(0);
  });

  it('refuses bad bridge headers given as pairs when the bridge is made', () => {
    expect(() => createBridge({ adapter: memoryAdapter(), headers: [['X Bad', '1']] })).toThrow(/headers\.X Bad: is not a valid header name/);
  });
});

describe('undefined in an optional field', () => {
  it('is the same as leaving the field out, for every field of a request and of the options', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({
      adapter,
      connections: undefined,
      timeout: undefined,
      attemptTimeout: undefined,
      headers: undefined,
      retry: undefined,
      hooks: { beforeRequest: undefined, afterResponse: undefined, beforeError: undefined, beforeRetry: undefined },
      concurrency: undefined,
      debug: undefined,
    });
    const response = await bridge.request({
      connection: 'items',
      url,
      method: undefined,
      query: { page: undefined },
      pathParams: undefined,
      headers: undefined,
      body: undefined,
      timeout: undefined,
      attemptTimeout: undefined,
      signal: undefined,
      responseType: undefined,
      schema: undefined,
      composite: undefined,
      retry: undefined,
      hooks: undefined,
    });
    expect(response.data).toEqual({ ok: true });
    expect(adapter.sent[0]).toMatchObject({ method: 'GET', query: [], body: { kind: 'none' }, composite: false, timeout: 30_000 });
  });

  it('leaves retry.methods, statusCodes and backoff at their defaults', async () => {
    let calls = 0;
    const adapter = memoryAdapter({ answer: () => (++calls === 1 ? { status: 503, body: '' } : { status: 200, body: '{}' }) });
    const bridge = createBridge({ adapter, retry: { limit: 1, methods: undefined, statusCodes: undefined, backoff: () => 0 } });
    expect((await bridge.request({ connection: 'items', url, retry: { limit: 1, methods: undefined, statusCodes: undefined, backoff: () => 0 } })).attempts).toBe(2);
  });
});

describe('readonly lists', () => {
  it('takes frozen arrays for the adapter list, query values and retry lists', async () => {
    const adapter = memoryAdapter();
    let calls = 0;
    const flaky = memoryAdapter({ vendor: 'flaky', answer: () => (++calls === 1 ? { status: 503, body: '' } : { status: 200, body: '{}' }) });
    const bridge = createBridge({ adapter: Object.freeze([memoryAdapter({ vendor: 'absent', present: 'not here' }), adapter]) });
    await bridge.request({ connection: 'items', url, query: { tag: Object.freeze(['a', 'b']) } });
    expect(adapter.sent[0]?.query).toEqual([
      ['tag', 'a'],
      ['tag', 'b'],
    ]);
    const retrying = createBridge({ adapter: flaky, retry: { limit: 1, methods: Object.freeze(['GET'] as const), statusCodes: Object.freeze([503]), backoff: () => 0 } });
    expect((await retrying.request({ connection: 'items', url })).attempts).toBe(2);
  });
});

// Thousands of generated malformed requests: each rejects with a BridgeError and the adapter is never called.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBridge, isBridgeError, type BridgeErrorCode, type BridgeRequest } from '../../src/index.js';
import { MAX_DEPTH } from '../../src/json-body.js';
import { failure } from '../support/failure.js';
import { memoryAdapter } from '../support/memory-adapter.js';

const valid = { connection: 'items', url: 'https://api.example.com/items' };

const junk = fc.oneof(
  fc.constantFrom(null, undefined, Number.NaN, Infinity, -1, 0, '', ' ', '\r\n', '__proto__', 'javascript:alert(1)', true, [] as unknown[], () => 1),
  fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withNullPrototype: true }),
);

/** One field of a valid request replaced by a value that breaks it. */
const brokenField = fc.oneof(
  fc.record({ connection: fc.oneof(fc.constant(''), fc.constant('  padded '), fc.integer(), fc.constant(null)) }),
  fc.record({ method: fc.oneof(fc.string().filter((m) => !['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(m)), fc.integer()) }),
  fc.record({ url: fc.oneof(fc.webUrl().map((u) => u.replace(/^https?:/, 'ftp:')), fc.constantFrom('javascript:alert(1)', 'data:,x', 'file:///x', '/relative', 'http://example.com/'), fc.integer()) }),
  fc.record({ headers: fc.dictionary(fc.string({ minLength: 1 }).map((k) => `${k} bad`), fc.string()) .filter((h) => Object.keys(h).length > 0) }),
  fc.record({ headers: fc.record({ 'X-Ok': fc.string().map((v) => `${v}\n`) }) }),
  fc.record({ query: fc.dictionary(fc.string(), fc.oneof(fc.object(), fc.constant(Number.NaN), fc.constant(null)), { minKeys: 1 }) }),
  fc.record({ pathParams: fc.dictionary(fc.constantFrom('', ' ', ' id'), fc.string(), { minKeys: 1 }) }),
  fc.record({ pathParams: fc.dictionary(fc.string({ minLength: 1 }).filter((k) => k.trim() === k && k.length > 0), fc.oneof(fc.boolean(), fc.constant(null), fc.object()), { minKeys: 1 }) }),
  fc.record({ body: fc.oneof(fc.object(), fc.string()), method: fc.constantFrom('GET', 'HEAD') }),
  fc.record({ timeout: fc.oneof(fc.integer({ max: 0 }), fc.double({ min: 0.1, max: 0.9 }), fc.constant(2 ** 31), fc.string()) }),
  fc.record({ responseType: fc.string().filter((t) => t !== 'json' && t !== 'text') }),
  fc.record({ composite: fc.oneof(fc.string(), fc.integer()) }),
  fc.record({ retry: fc.oneof(fc.integer({ min: 11 }), fc.integer({ max: -1 }), fc.string()) }),
  fc.record({ signal: fc.oneof(fc.string(), fc.object()) }),
  fc.record({ schema: fc.object() }),
  fc.dictionary(fc.string().filter((k) => !['connection', 'method', 'url', 'query', 'pathParams', 'headers', 'body', 'timeout', 'signal', 'responseType', 'schema', 'composite', 'retry'].includes(k)), junk, { minKeys: 1 }),
);

describe('malformed requests, generated', () => {
  it('every one rejects with a BridgeError, never reaching the adapter', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter });
    await fc.assert(
      fc.asyncProperty(brokenField, async (broken) => {
        const error = await bridge.request({ ...valid, ...broken } as BridgeRequest).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isBridgeError(error)).toBe(true);
        expect((error as { code: string }).code).toBe('INVALID_REQUEST');
      }),
      { numRuns: 3000 },
    );
    expect(adapter.sent).toHaveLength(0);
  }, 60_000);

  it('any value at all as the request rejects with a BridgeError and never crashes', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter });
    await fc.assert(
      fc.asyncProperty(junk, async (input) => {
        const error = await bridge.request(input as BridgeRequest).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isBridgeError(error)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(adapter.sent).toHaveLength(0);
  }, 60_000);
});

// ---- hostile values: what issue 15 found slipping through as CONNECTOR_ERROR or a plain TypeError ----------

/** A value that throws when read: a getter, a Proxy trap, or a revoked Proxy. */
const thrower = fc.constantFrom<() => unknown>(
  () => Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new Error('getter'); } }),
  () => new Proxy({}, { ownKeys: () => { throw new Error('ownKeys trap'); } }),
  () => new Proxy({ a: 1 }, { get: () => { throw new Error('get trap'); } }),
  () => new Proxy({}, { getPrototypeOf: () => { throw new Error('getPrototypeOf trap'); } }),
  () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  () => new Proxy([1, 2], { get: (target, key) => { if (key === 'length') throw new Error('length trap'); return Reflect.get(target, key); } }),
);

/** `value` nested `depth` levels down, in objects or arrays. */
const nested = (depth: number, value: unknown, arrays: boolean) => {
  let body = value;
  for (let i = 0; i < depth; i++) body = arrays ? [body] : { a: body };
  return body;
};

/** A header value with a character RFC 9110 field-value does not allow. */
const badHeaderValue = fc
  .tuple(fc.string(), fc.constantFrom('\v', '\f', '\x7f', '\x00', '\r', '\n', '\u0085', '\u2028', '\u0100', '\ud83d\ude00', '\x1b'), fc.string())
  .map(([a, bad, b]) => a + bad + b);

const hostile = fc.oneof(
  fc.tuple(thrower, fc.nat(4)).map(([make, depth]) => ({ field: 'body', request: { ...valid, method: 'POST', body: nested(depth, make(), depth % 2 === 0) } })),
  fc.tuple(thrower, fc.constantFrom('query', 'headers', 'pathParams')).map(([make, field]) => ({ field, request: { ...valid, [field]: make() } })),
  thrower.map((make) => ({ field: 'request', request: make() })),
  fc.tuple(fc.integer({ min: MAX_DEPTH + 1, max: 20_000 }), fc.boolean()).map(([depth, arrays]) => ({ field: 'body', request: { ...valid, method: 'POST', body: nested(depth, 1, arrays) } })),
  badHeaderValue.map((value) => ({ field: 'headers', request: { ...valid, headers: { 'X-Value': value } } })),
);

describe('hostile requests, generated', () => {
  it('getters and traps that throw, deep nesting and control characters are INVALID_REQUEST, never sent', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter });
    await fc.assert(
      fc.asyncProperty(hostile, async ({ request }) => {
        const error = await bridge.request(request as BridgeRequest).then(() => undefined, (e: unknown) => e);
        expect(isBridgeError(error)).toBe(true);
        expect((error as { code: string }).code).toBe('INVALID_REQUEST');
      }),
      { numRuns: 1500 },
    );
    expect(adapter.sent).toHaveLength(0);
  }, 60_000);

  it('nesting up to the limit is sent, one level more is refused with the path', async () => {
    const adapter = memoryAdapter();
    const bridge = createBridge({ adapter });
    await bridge.request({ ...valid, method: 'POST', body: nested(MAX_DEPTH, 1, false) as never });
    expect(adapter.sent).toHaveLength(1);
    const error = await failure(bridge.request({ ...valid, method: 'POST', body: nested(MAX_DEPTH + 1, 1, false) as never }));
    expect(error.message).toContain(`nested deeper than ${MAX_DEPTH} levels`);
    expect(error.issues?.[0]?.path).toHaveLength(MAX_DEPTH + 1); // body, then a × MAX_DEPTH
  });
});

describe('what a host SDK rejects with, generated', () => {
  const MARK = Symbol.for('widget-bridge.BridgeError');
  // Thunks: fast-check itself cannot hold a revoked Proxy as a generated value.
  const rejection = fc.oneof(
    fc.anything({ withNullPrototype: true, withBoxedValues: true }).map((value) => () => value),
    fc.constantFrom<() => unknown>(
      () => ({ [MARK]: true, code: 'TIMEOUT' }), // marked, no message
      () => ({ [MARK]: true, code: 'toString', message: 'm' }), // marked, inherited code
      () => ({ [MARK]: true }),
      () => Object.freeze({ message: 'frozen' }),
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
      () => new Proxy({}, { get: () => { throw new Error('trap'); } }),
      () => Symbol('s'),
      () => 10n,
    ),
  );

  it('any rejection value whatsoever becomes a BridgeError with one of the library codes', async () => {
    const codes: BridgeErrorCode[] = ['CONNECTOR_ERROR', 'INVALID_RESPONSE'];
    await fc.assert(
      fc.asyncProperty(rejection, async (reason) => {
        const bridge = createBridge({ adapter: memoryAdapter({ answer: () => Promise.reject(reason()) }) });
        const error = await bridge.request(valid).then(() => undefined, (e: unknown) => e);
        expect(isBridgeError(error)).toBe(true);
        expect(codes).toContain((error as { code: BridgeErrorCode }).code);
        expect(() => JSON.stringify(error)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});

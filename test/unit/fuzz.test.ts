// Thousands of generated malformed requests: each rejects with a BridgeError and the adapter is never called.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBridge, isBridgeError, type BridgeRequest } from '../../src/index.js';
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

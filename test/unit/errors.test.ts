import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { BridgeError, ErrorCode, isBridgeError } from '../../src/index.js';

describe('BridgeError', () => {
  it('is an Error named BridgeError with own, plain fields; retryable only where a retry policy said so', () => {
    const cause = new Error('socket hang up');
    const error = new BridgeError('HTTP_ERROR', 'HTTP_ERROR: GET weather-api via gainsight: upstream answered 503', {
      vendor: 'gainsight',
      status: 503,
      data: { error: 'busy' },
      requestId: 'req-1',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BridgeError');
    expect(error.code).toBe('HTTP_ERROR');
    // One list of retryable statuses, in the retry policy (retry.ts): an error made outside a request is not retryable.
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(cause);
    expect(Object.keys(error).sort()).toEqual(['code', 'data', 'name', 'requestId', 'retryable', 'status', 'vendor']);
    expect(new BridgeError('TIMEOUT', 'x').retryable).toBe(false);
    expect(new BridgeError('NETWORK_ERROR', 'x', { retryable: true }).retryable).toBe(true);
  });

  it('round-trips every field through toJSON, JSON text and fromJSON', () => {
    const original = new BridgeError('INVALID_PATH_PARAMETERS', 'INVALID_PATH_PARAMETERS: GET user-posts via gainsight: bad', {
      vendor: 'gainsight',
      status: 400,
      data: { success: false },
      params: ['user_id'],
      detail: 'operator detail',
      vendorCode: 'INVALID_PATH_PARAMETERS',
      requestId: 'r-9',
      issues: [{ path: ['pathParams', 'user_id'], message: 'bad value' }],
      retryable: false,
      cause: new TypeError('inner'),
    });
    const json = JSON.parse(JSON.stringify(original));
    expect(json).toEqual({
      name: 'BridgeError',
      code: 'INVALID_PATH_PARAMETERS',
      message: original.message,
      vendor: 'gainsight',
      status: 400,
      data: { success: false },
      params: ['user_id'],
      detail: 'operator detail',
      vendorCode: 'INVALID_PATH_PARAMETERS',
      requestId: 'r-9',
      issues: [{ path: ['pathParams', 'user_id'], message: 'bad value' }],
      retryable: false,
      cause: { name: 'TypeError', message: 'inner' },
    });
    const rebuilt = BridgeError.fromJSON(json);
    expect(rebuilt).toBeInstanceOf(BridgeError);
    expect(rebuilt.toJSON()).toEqual(json);
    expect(structuredClone(original.toJSON())).toEqual(json);
  });

  it('keeps a nested BridgeError cause as its JSON and survives unserializable data', () => {
    const inner = new BridgeError('TIMEOUT', 'TIMEOUT: inner');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const json = new BridgeError('CHANNEL_ERROR', 'outer', { cause: inner, data: cyclic }).toJSON();
    expect(json.cause).toEqual(inner.toJSON());
    expect(typeof json.data).toBe('string');
  });

  it('fromJSON never throws on junk and keeps an unknown code from passing as a real one', () => {
    expect(BridgeError.fromJSON(null).code).toBe('INVALID_RESPONSE');
    expect(BridgeError.fromJSON({ code: 'NOPE', message: 'm' }).code).toBe('INVALID_RESPONSE');
    // A code without a message is not toJSON() output: it is kept as data, not believed.
    const bare = BridgeError.fromJSON({ code: 'FORBIDDEN' });
    expect(bare.code).toBe('INVALID_RESPONSE');
    expect(bare.data).toEqual({ code: 'FORBIDDEN' });
    for (const code of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
      const inherited = BridgeError.fromJSON({ code, message: 'm' });
      expect(inherited.code, code).toBe('INVALID_RESPONSE');
      expect(inherited.data).toEqual({ code, message: 'm' });
    }
  });

  it('lists every code of API.md', () => {
    expect(Object.keys(ErrorCode).sort()).toEqual(
      [
        'INVALID_REQUEST', 'MISSING_PATH_PARAMETERS', 'INVALID_PATH_PARAMETERS', 'UNSUPPORTED', 'NO_HOST', 'FORBIDDEN', 'TIMEOUT',
        'ABORTED', 'HTTP_ERROR', 'CONNECTOR_ERROR', 'NETWORK_ERROR', 'CHANNEL_ERROR', 'INVALID_RESPONSE',
      ].sort(),
    );
  });
});

describe('isBridgeError', () => {
  it('recognises a BridgeError of this copy and rejects look-alikes without the mark', () => {
    expect(isBridgeError(new BridgeError('ABORTED', 'x'))).toBe(true);
    expect(isBridgeError(new Error('x'))).toBe(false);
    expect(isBridgeError({ name: 'BridgeError', code: 'ABORTED', message: 'x' })).toBe(false);
    expect(isBridgeError(null)).toBe(false);
    expect(isBridgeError('BridgeError')).toBe(false);
  });

  it('recognises a BridgeError made by another copy of the library in another window (realm)', () => {
    const { window } = new JSDOM('', { runScripts: 'outside-only' });
    // Another frame's copy: its own Error class, marked with the same registered symbol.
    const foreign = window.eval(`
      class BridgeError extends Error {
        constructor(code, message) {
          super(message);
          this.name = 'BridgeError';
          this.code = code;
          Object.defineProperty(this, Symbol.for('widget-bridge.BridgeError'), { value: true });
        }
      }
      new BridgeError('TIMEOUT', 'TIMEOUT: GET a via b: no answer in 5 ms');
    `) as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(foreign instanceof BridgeError).toBe(false);
    expect(isBridgeError(foreign)).toBe(true);
    const marked = { code: 'FORBIDDEN', message: 'no', [Symbol.for('widget-bridge.BridgeError')]: true };
    expect(isBridgeError(marked)).toBe(true);
  });
});

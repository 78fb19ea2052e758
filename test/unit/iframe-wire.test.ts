// The wire format on its own (src/iframe/wire.ts): what the widget puts on the wire, and what the host makes of it.
import { describe, expect, it } from 'vitest';
import { checkControls } from '../../src/controls.js';
import { BridgeError, isBridgeError } from '../../src/errors.js';
import { decodeAnswer as fromAnswer, decodeRequest as fromWire, encodeError as errorAnswer, encodeRequest, encodeResolved as toWire, encodeResponse as responseAnswer, uncloneable } from '../../src/iframe/wire.js';
import type { BridgeRequest } from '../../src/types.js';

/** parentBridge's way: its controls checked (zod-free), then the rest encoded as written. */
const writtenToWire = (request: BridgeRequest) => encodeRequest(checkControls(request, ["beforeRequest", "afterResponse", "beforeError"]).request as unknown as BridgeRequest);
import type { ResolvedBody, ResolvedRequest } from '../../src/types.js';

function resolved(overrides: Partial<ResolvedRequest> = {}): ResolvedRequest {
  return {
    connection: 'ideasconn',
    method: 'GET',
    query: [],
    pathParams: Object.create(null),
    headers: Object.create(null),
    body: { kind: 'none' },
    composite: false,
    timeout: 5_000,
    ...overrides,
  };
}

function invalid(input: unknown): BridgeError {
  try {
    fromWire(input);
  } catch (error) {
    if (isBridgeError(error)) return error;
    throw error;
  }
  throw new Error('fromWire accepted the input');
}

describe('encodeResolved (widget side, parentFrame)', () => {
  it('turns query pairs back into a record, a repeated key into an array in request order', () => {
    const wire = toWire(resolved({ query: [['tag', 'a'], ['n', '1'], ['tag', 'b'], ['tag', 'c']] }));
    expect({ ...wire.query }).toEqual({ tag: ['a', 'b', 'c'], n: '1' });
  });

  it('carries query, pathParams, headers, url, responseType and composite only when the request has them, never a signal, and retry 0', () => {
    const bare = toWire(resolved());
    // The widget's own bridge retries: the host runs each attempt once.
    expect(bare).toEqual({ connection: 'ideasconn', method: 'GET', timeout: 5_000, retry: 0 });
    const parts = toWire(resolved({ query: [['q', 'x']], pathParams: { id: 1 }, headers: { 'X-A': '1' } }));
    expect(parts).toMatchObject({ query: { q: 'x' }, pathParams: { id: 1 }, headers: { 'X-A': '1' } });
    const full = toWire(resolved({ url: 'https://api.example.com/{{pathParams.id}}', responseType: 'text', composite: true }));
    expect(full).toMatchObject({ url: 'https://api.example.com/{{pathParams.id}}', responseType: 'text', composite: true });
  });

  it('tags every body kind, so a JSON body shaped like a tag stays JSON', () => {
    const bodies: Array<[ResolvedBody, unknown]> = [
      [{ kind: 'json', value: { kind: 'form', value: 'a=1' } }, { kind: 'json', value: { kind: 'form', value: 'a=1' } }],
      [{ kind: 'text', value: 'plain' }, { kind: 'text', value: 'plain' }],
      [{ kind: 'form', value: new URLSearchParams([['a', '1'], ['a', '2 3']]) }, { kind: 'form', value: 'a=1&a=2+3' }],
    ];
    for (const [body, expected] of bodies) expect(toWire(resolved({ method: 'POST', body })).body).toEqual(expected);
    expect(fromWire(toWire(resolved({ method: 'POST', body: bodies[0]![0] }))).body).toEqual({ kind: 'form', value: 'a=1' });
  });

  it('is plain data the structured clone algorithm copies (no AbortSignal, no URLSearchParams)', () => {
    const wire = toWire(resolved({ method: 'POST', query: [['q', 'x']], body: { kind: 'form', value: new URLSearchParams('a=1') } }));
    expect(structuredClone(wire)).toEqual(JSON.parse(JSON.stringify(wire)));
  });
});

describe('decodeRequest (host side)', () => {
  it('rebuilds URLSearchParams and FormData, files keeping their names', async () => {
    const form = new FormData();
    form.append('note', 'hi');
    form.append('doc', new File(['file content'], 'a.txt', { type: 'text/plain' }));
    form.append('blob', new Blob(['raw']));
    const multipart = fromWire(toWire(resolved({ method: 'POST', body: { kind: 'multipart', value: form } })));
    expect(multipart.body).toBeInstanceOf(FormData);
    const rebuilt = multipart.body as FormData;
    expect(rebuilt.get('note')).toBe('hi');
    const doc = rebuilt.get('doc') as File;
    expect([doc.name, doc.type, await doc.text()]).toEqual(['a.txt', 'text/plain', 'file content']);
    expect((rebuilt.get('blob') as File).name).toBe('blob');

    const urlencoded = fromWire(toWire(resolved({ method: 'POST', body: { kind: 'form', value: new URLSearchParams('a=1&b=x+y') } })));
    expect(urlencoded.body).toBeInstanceOf(URLSearchParams);
    expect(String(urlencoded.body)).toBe('a=1&b=x+y');
  });

  it('drops what only makes sense in the widget, and leaves retry and any other key to the host bridge to validate', () => {
    const request = fromWire({ connection: 'c', method: 'GET', retry: { limit: 2 }, signal: {}, schema: {}, hooks: {}, heders: {} });
    expect(Object.keys(request)).toEqual(['connection', 'method', 'retry', 'heders']);
    // Nothing inherited is ever taken: what is not a plain object is refused before its keys are read.
    expect(() => fromWire({ connection: 'c', __proto__: { x: 1 } })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', message: expect.stringContaining('must be a plain object') }));
  });

  it.each([
    ['not an object', null, []],
    ['a string', 'GET /', []],
    ['no connection', { method: 'GET' }, ['connection']],
    ['a number as connection', { connection: 42 }, ['connection']],
    ['an unknown method', { connection: 'c', method: 'TRACE' }, ['method']],
    ['a url that is not a string', { connection: 'c', url: { href: 'x' } }, ['url']],
    ['an unknown body kind', { connection: 'c', body: { kind: 'stream', value: 'x' } }, ['body', 'kind']],
    ['a form body that is not text', { connection: 'c', body: { kind: 'form', value: { a: 1 } } }, ['body', 'value']],
    ['a multipart entry that is neither text nor a Blob', { connection: 'c', body: { kind: 'multipart', entries: [['f', { size: 1 }]] } }, ['body', 'entries', 0, 1]],
  ])('refuses %s with INVALID_REQUEST and its issues', (_label, input, path) => {
    const error = invalid(input);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toMatch(/^the widget sent a malformed request envelope/);
    expect(error.issues?.[0]?.path).toEqual(path);
  });
});

describe('answers', () => {
  const response = { data: { id: 1 }, status: 201, headers: { 'x-id': '1' }, vendor: 'zoho-finance', attempts: 1, elapsed: 3 };

  it('the widget gets the host-parsed data as is, marked parsed, with status, headers and raw', () => {
    const answer = responseAnswer({ ...response, raw: { code: 0, body: '{"id":1}' } });
    expect(fromAnswer(structuredClone(answer))).toEqual({
      status: 201,
      headers: { 'x-id': '1' },
      body: { id: 1 },
      parsed: true,
      raw: { code: 0, body: '{"id":1}' },
      attempts: 1,
    });
  });

  it('drops a raw the structured clone algorithm refuses, and keeps the rest', () => {
    const answer = responseAnswer({ ...response, raw: { then: () => undefined } });
    // `elapsed` stays behind: the widget measures its own, from its call.
    const { elapsed: _elapsed, ...sent } = response;
    expect(answer).toEqual({ ok: true, response: sent });
    expect(() => structuredClone(answer)).not.toThrow();
  });

  it('a BridgeError crosses with every field and comes back a BridgeError', () => {
    const original = new BridgeError('HTTP_ERROR', 'HTTP_ERROR: GET ideas via zoho-finance: upstream answered 429', {
      vendor: 'zoho-finance',
      status: 429,
      data: { error: 'slow down' },
      params: ['id'],
      detail: 'rate limited',
      vendorCode: 'RATE',
      requestId: 'req-7',
      issues: [{ path: ['a', 0], message: 'bad' }],
      retryable: false,
      cause: new Error('socket'),
    });
    const rebuilt = (() => {
      try {
        fromAnswer(structuredClone(errorAnswer(original)));
      } catch (error) {
        return error as BridgeError;
      }
    })();
    expect(rebuilt).toBeInstanceOf(BridgeError);
    expect(rebuilt!.toJSON()).toEqual(original.toJSON());
    expect(rebuilt!.toJSON()).toMatchObject({ status: 429, vendorCode: 'RATE', retryable: false, cause: { name: 'Error', message: 'socket' } });
  });

  it('anything else thrown in the host frame crosses as CHANNEL_ERROR with its message', () => {
    expect(errorAnswer(new TypeError('boom'))).toMatchObject({ ok: false, error: { code: 'CHANNEL_ERROR', message: 'the host frame failed: boom' } });
  });

  it.each([undefined, null, 'ok', { ok: true }, { ok: true, response: { data: 1 } }])('an answer it cannot read (%j) is INVALID_RESPONSE', (answer) => {
    expect(() => fromAnswer(answer)).toThrow(expect.objectContaining({ code: 'INVALID_RESPONSE' }));
  });
});

describe('encodeRequest (a nested-only widget, parentBridge)', () => {
  it('sends the request as written, minus signal and schema, with the body tagged', () => {
    const signal = new AbortController().signal;
    const schema = { '~standard': { version: 1, vendor: 'x', validate: (value: unknown) => ({ value }) } } as const;
    const wire = writtenToWire({ connection: 'c', method: 'POST', query: { a: [1, 2] }, headers: { 'X-A': '1' }, body: new URLSearchParams('a=1'), retry: 2, signal, schema, timeout: 5 });
    expect(wire).toEqual({ connection: 'c', method: 'POST', query: { a: [1, 2] }, headers: { 'X-A': '1' }, body: { kind: 'form', value: 'a=1' }, retry: 2, timeout: 5 });
    expect(structuredClone(wire)).toEqual(wire);
  });

  it('keeps in the widget what runs there (signal, schema, hooks), and refuses a backoff function, which cannot cross', () => {
    const hooks = { afterResponse: [() => undefined] };
    const schema = { '~standard': { version: 1, vendor: 'x', validate: (value: unknown) => ({ value }) } } as const;
    expect(writtenToWire({ connection: 'c', hooks, signal: AbortSignal.abort(), schema })).toEqual({ connection: 'c' });
    expect(() => writtenToWire({ connection: 'c', retry: { limit: 1, backoff: () => 1 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', issues: [expect.objectContaining({ path: ['retry', 'backoff'] })] }),
    );
  });

  it('names the path of what postMessage refused, as the widget wrote it', () => {
    const wire = writtenToWire({ connection: 'c', method: 'POST', body: { items: [1, new Proxy({ a: 1 }, {})], f: 1 } });
    expect(uncloneable(wire, undefined)).toMatchObject({ code: 'INVALID_REQUEST', issues: [{ path: ['body', 'items', 1] }] });
    const header = writtenToWire({ connection: 'c', headers: { 'X-A': Symbol('s') as never } });
    expect(uncloneable(header, undefined).issues?.[0]?.path).toEqual(['headers', 'X-A']);
  });
});

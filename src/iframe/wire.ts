// The channel's wire format, both directions side by side (as penpal keeps its serialisation in one file):
// requests go widget -> host (encodeRequest / decodeRequest), answers host -> widget (encodeResponse,
// encodeError / decodeAnswer). Everything crosses postMessage: plain, structured-cloneable data. penpal alone
// would turn a thrown BridgeError into `{ name, message, stack }`, so errors cross as data, never thrown.
import { BridgeError, isBridgeError, type BridgeErrorJSON, type BridgeIssue } from '../errors.js';
import { isMethod, METHODS } from '../methods.js';
import { wireSizeIssue } from './caps.js';
import type { AdapterResponse, BridgeRequest, BridgeResponse, ResolvedBody, ResolvedRequest } from '../types.js';
import type { WireAnswer, WireBody, WireRequest } from './protocol.js';

type Path = Array<string | number>;

// ---- requests -----------------------------------------------------------------------------------------

/**
 * The widget side, a request as written (parentBridge): what the host frame validates and resolves. Only what
 * cannot cross stays (`signal`, `schema`, `hooks`: they act in the widget), and only what postMessage cannot
 * carry as it is changes shape (URLSearchParams, FormData, a Headers object).
 */
export function encodeRequest(request: BridgeRequest, headers = request.headers as Record<string, string> | undefined): WireRequest {
  const { signal: _signal, schema: _schema, hooks: _hooks, body, ...rest } = request;
  const wire = rest as WireRequest;
  if (headers) wire.headers = headers;
  else delete wire.headers;
  const tagged = encodeBody(writtenBody(body));
  if (tagged) wire.body = tagged;
  return wire;
}

/**
 * The widget side, a request a widget's own createBridge resolved (parentFrame), as a written one for the host
 * to resolve again. `retry: 0`: the widget's bridge runs the retries, the host must not multiply them.
 */
export function encodeResolved(request: ResolvedRequest): WireRequest {
  const wire: WireRequest = { connection: request.connection, method: request.method, timeout: request.timeout, retry: 0 };
  // Empty parts stay off the wire: every field is structured-cloned by postMessage.
  if (request.query.length > 0) wire.query = queryRecord(request.query);
  if (hasKeys(request.pathParams)) wire.pathParams = request.pathParams;
  if (hasKeys(request.headers)) wire.headers = request.headers;
  if (request.url !== undefined) wire.url = request.url;
  if (request.responseType !== undefined) wire.responseType = request.responseType;
  if (request.composite) wire.composite = true;
  const body = encodeBody(request.body);
  if (body) wire.body = body;
  return wire;
}

/**
 * The host side: a widget's request, trusted in nothing. Its size is checked first (caps.ts: every count and
 * length, so an oversized request costs the host little), then the envelope (an object, a tagged body, the
 * fields this side reads); every other field goes to the host bridge, whose strict schema validates them all.
 * Throws INVALID_REQUEST with a short message (the host bridge adds the request's context).
 */
export function decodeRequest(input: unknown): BridgeRequest {
  if (!isRecord(input)) throw malformed([], 'a request must be an object');
  const tooLarge = wireSizeIssue(input);
  if (tooLarge) throw new BridgeError('INVALID_REQUEST', `${tooLarge.path.join('.') || 'request'}: ${tooLarge.message}`, { issues: [tooLarge] });
  if (typeof input.connection !== 'string') throw malformed(['connection'], 'must be a string');
  if (input.method !== undefined && !isMethod(input.method)) throw malformed(['method'], `must be one of ${METHODS.join(', ')}`);
  if (input.url !== undefined && typeof input.url !== 'string') throw malformed(['url'], 'must be a string');
  // The policy reads the widget's header names from this record: pairs must not slip past it unread.
  if (input.headers !== undefined && !isRecord(input.headers)) throw malformed(['headers'], 'must be an object of names and values');
  const request: Record<string, unknown> = {};
  // Own keys only: what postMessage delivers is plain data, but nothing inherited is ever taken.
  for (const key of Object.keys(input)) {
    const value = input[key];
    if (value !== undefined && !WIDGET_ONLY.includes(key)) request[key] = key === 'body' ? decodeBody(value) : value;
  }
  return request as unknown as BridgeRequest;
}

// A signal or a schema cannot cross postMessage anyway; hooks run in the frame where they were written.
const WIDGET_ONLY = ['signal', 'schema', 'hooks'];

function writtenBody(body: BridgeRequest['body']): ResolvedBody {
  if (body === undefined) return { kind: 'none' };
  if (typeof body === 'string') return { kind: 'text', value: body };
  if (body instanceof URLSearchParams) return { kind: 'form', value: body };
  if (typeof FormData !== 'undefined' && body instanceof FormData) return { kind: 'multipart', value: body };
  return { kind: 'json', value: body as never };
}

/** Always tagged, so a JSON body that happens to look like a tag is not mistaken for one. */
function encodeBody(body: ResolvedBody): WireBody | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
    case 'text':
      return body;
    case 'form':
      return { kind: 'form', value: body.value.toString() };
    case 'multipart':
      return { kind: 'multipart', entries: Array.from(body.value, ([name, value]) => (typeof value === 'string' ? [name, value] : [name, value, value.name])) };
  }
}

function decodeBody(body: unknown): BridgeRequest['body'] {
  if (!isRecord(body)) throw malformed(['body'], 'must be a tagged body { kind, … }');
  switch (body.kind) {
    case 'json':
      return body.value as BridgeRequest['body'];
    case 'text':
      return text(body.value, ['body', 'value']);
    case 'form':
      return new URLSearchParams(text(body.value, ['body', 'value']));
    case 'multipart':
      return formData(body.entries);
    default:
      throw malformed(['body', 'kind'], 'must be json, text, form or multipart');
  }
}

function formData(entries: unknown): FormData {
  if (!Array.isArray(entries)) throw malformed(['body', 'entries'], 'must be an array');
  const form = new FormData();
  entries.forEach((entry: unknown, i) => {
    const at = (part: number): Path => ['body', 'entries', i, part];
    if (!Array.isArray(entry)) throw malformed(['body', 'entries', i], 'must be [name, value, filename?]');
    const [name, value, filename] = entry as unknown[];
    text(name, at(0));
    if (filename !== undefined) text(filename, at(2));
    if (typeof value === 'string') form.append(name as string, value);
    else if (value instanceof Blob) {
      if (filename === undefined) form.append(name as string, value);
      else form.append(name as string, value, filename as string);
    } else throw malformed(at(1), 'must be a string, a Blob or a File');
  });
  return form;
}

/** Query pairs back into the written shape: a repeated key becomes an array, in order. */
function queryRecord(pairs: ResolvedRequest['query']): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of pairs) {
    const seen = record[key];
    record[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return record;
}

/**
 * The widget side: postMessage refused `wire`. INVALID_REQUEST at the first value it cannot clone (a Proxy
 * such as a Vue `reactive()` object, a function, a Symbol), with the path as the widget wrote it
 * (`body.items.0`). Runs only after a refusal, so the usual request pays for no trial clone.
 */
export function uncloneable(wire: WireRequest, cause: unknown): BridgeError {
  const path = firstUncloneable(wire, []) ?? [];
  if (path[0] === 'body' && path[1] === 'value') path.splice(1, 1);
  const message = 'cannot be sent to the host frame: postMessage cannot clone it (a Proxy such as Vue reactive(), a function, a Symbol)';
  const issue: BridgeIssue = { path, message };
  return new BridgeError('INVALID_REQUEST', path.length ? `${path.join('.')}: ${message}` : message, { issues: [issue], ...(cause !== undefined && { cause }) });
}

function firstUncloneable(value: unknown, path: Path): Path | undefined {
  try {
    structuredClone(value);
    return undefined;
  } catch {
    // Fall through: find the part that fails, or blame this value itself.
  }
  if (typeof value === 'object' && value !== null) {
    try {
      for (const key of Object.keys(value)) {
        const found = firstUncloneable((value as Record<string, unknown>)[key], [...path, Array.isArray(value) ? Number(key) : key]);
        if (found) return found;
      }
    } catch {
      // A revoked Proxy, a throwing getter, a structure deeper than the stack: this is as far as it goes.
    }
  }
  return path;
}

// ---- answers ------------------------------------------------------------------------------------------

/** The host side: a response as plain data; `raw` is dropped when the structured clone algorithm refuses it. */
export function encodeResponse(response: BridgeResponse): WireAnswer {
  const { data, status, headers, vendor, attempts } = response;
  const wire: WireAnswer = { ok: true, response: { data, status, headers, vendor, attempts } };
  if (response.raw !== undefined && isCloneable(response.raw)) wire.response.raw = response.raw;
  return wire;
}

/** The host side: any failure as an answer; anything thrown in the host frame that is not a BridgeError is a CHANNEL_ERROR. */
export function encodeError(error: unknown): Extract<WireAnswer, { ok: false }> {
  const bridgeError = isBridgeError(error)
    ? error
    : new BridgeError('CHANNEL_ERROR', `the host frame failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return { ok: false, error: bridgeError.toJSON() };
}

/**
 * The widget side: the host's answer as an AdapterResponse (`parsed`: the host's core already parsed the
 * body; `attempts`: the host's), or the host's error rebuilt with every field. An unknown shape is INVALID_RESPONSE.
 */
export function decodeAnswer(answer: unknown): AdapterResponse {
  const wire = answer as Partial<WireAnswer> | null;
  if (wire?.ok === false) throw BridgeError.fromJSON(wire.error as BridgeErrorJSON);
  const response = wire?.ok === true ? wire.response : undefined;
  if (typeof response !== 'object' || response === null || typeof response.status !== 'number') {
    throw new BridgeError('INVALID_RESPONSE', 'the host frame sent an answer this version cannot read');
  }
  const decoded: AdapterResponse = { status: response.status, headers: response.headers ?? {}, body: response.data, parsed: true };
  if (response.raw !== undefined) decoded.raw = response.raw;
  if (typeof response.attempts === 'number') decoded.attempts = response.attempts;
  return decoded;
}

function isCloneable(value: unknown): boolean {
  try {
    return walkCloneable(value, new Set());
  } catch {
    // Deeper than the stack: postMessage would refuse it too.
    return false;
  }
}

/**
 * Whether postMessage can copy `value`. Plain data (the usual SDK result) is walked, which costs far less than
 * cloning it only to throw the copy away; anything else is test-cloned.
 */
function walkCloneable(value: unknown, seen: Set<object>): boolean {
  if (typeof value === 'function' || typeof value === 'symbol') return false;
  if (typeof value !== 'object' || value === null || seen.has(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    try {
      structuredClone(value);
      return true;
    } catch {
      return false;
    }
  }
  seen.add(value);
  for (const key in value) {
    if (Object.hasOwn(value, key) && !walkCloneable((value as Record<string, unknown>)[key], seen)) return false;
  }
  return true;
}

// ---- shared -------------------------------------------------------------------------------------------

function text(value: unknown, path: Path): string {
  if (typeof value !== 'string') throw malformed(path, 'must be a string');
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasKeys(record: Record<string, unknown>): boolean {
  for (const _ in record) return true;
  return false;
}

function malformed(path: Path, message: string): BridgeError {
  const where = path.join('.') || 'request';
  return new BridgeError('INVALID_REQUEST', `the widget sent a malformed request envelope (${where}: ${message})`, { issues: [{ path, message }] });
}

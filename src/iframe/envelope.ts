// Requests off the wire, in the host frame. The host trusts nothing it receives: it checks the envelope here
// (an object, a tagged body, the fields its messages name) and hands every field to its own bridge, whose
// strict schema validates them all (and names an unknown field, with a "did you mean"). Written by hand:
// the core's schemas run right after, and a second zod pass per request is what the channel cannot afford.
import { BridgeError } from '../errors.js';
import type { BridgeRequest, HttpMethod } from '../types.js';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
// A signal or a schema cannot cross postMessage anyway; hooks run in the frame where they were written.
const WIDGET_ONLY = ['signal', 'schema', 'hooks'];

type Path = Array<string | number>;

/**
 * The host side: a request from the widget, FormData and URLSearchParams rebuilt. Throws INVALID_REQUEST
 * (short message: the host bridge adds the request's context) when the envelope itself is malformed.
 */
export function fromWire(input: unknown): BridgeRequest & { headers?: Record<string, string> } {
  if (!isRecord(input)) throw malformed([], 'a request must be an object');
  if (typeof input.connection !== 'string') throw malformed(['connection'], 'must be a string');
  if (input.method !== undefined && !METHODS.includes(input.method as HttpMethod)) throw malformed(['method'], `must be one of ${METHODS.join(', ')}`);
  if (input.url !== undefined && typeof input.url !== 'string') throw malformed(['url'], 'must be a string');
  // The policy reads the widget's header names from this record: pairs must not slip past it unread.
  if (input.headers !== undefined && !isRecord(input.headers)) throw malformed(['headers'], 'must be an object of names and values');
  const request: Record<string, unknown> = {};
  // Own keys only: what postMessage delivers is plain data, but nothing inherited is ever taken.
  for (const key of Object.keys(input)) {
    const value = input[key];
    if (value !== undefined && !WIDGET_ONLY.includes(key)) request[key] = key === 'body' ? bodyFromWire(value) : value;
  }
  return request as unknown as BridgeRequest & { headers?: Record<string, string> };
}

function bodyFromWire(body: unknown): BridgeRequest['body'] {
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
    }
    else throw malformed(at(1), 'must be a string, a Blob or a File');
  });
  return form;
}

function text(value: unknown, path: Path): string {
  if (typeof value !== 'string') throw malformed(path, 'must be a string');
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(path: Path, message: string): BridgeError {
  const where = path.join('.') || 'request';
  return new BridgeError('INVALID_REQUEST', `the widget sent a malformed request envelope (${where}: ${message})`, { issues: [{ path, message }] });
}

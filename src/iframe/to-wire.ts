// Requests onto the wire, in the widget frame: what the widget's core resolved, as plain cloneable data.
import type { ResolvedBody, ResolvedRequest } from '../types.js';
import type { WireBody, WireRequest } from './protocol.js';

/** The widget side: a ResolvedRequest as plain, cloneable data. */
export function toWire(request: ResolvedRequest): WireRequest {
  // retry 0: the widget's own bridge retries, so the host must not multiply its attempts.
  const wire: WireRequest = { connection: request.connection, method: request.method, timeout: request.timeout, retry: 0 };
  // Empty parts stay off the wire: every field is structured-cloned by postMessage.
  if (request.query.length > 0) wire.query = queryRecord(request.query);
  if (hasKeys(request.pathParams)) wire.pathParams = request.pathParams;
  if (hasKeys(request.headers)) wire.headers = request.headers;
  if (request.url !== undefined) wire.url = request.url;
  if (request.responseType !== undefined) wire.responseType = request.responseType;
  if (request.composite) wire.composite = true;
  const body = bodyToWire(request.body);
  if (body) wire.body = body;
  return wire;
}

/** Query pairs back into the BridgeRequest shape: a repeated key becomes an array, in order. */
function queryRecord(pairs: ResolvedRequest['query']): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of pairs) {
    const seen = record[key];
    record[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return record;
}

export function bodyToWire(body: ResolvedBody): WireBody | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
    case 'text':
      return body;
    case 'form':
      return { kind: 'form', value: body.value.toString() };
    case 'multipart':
      return { kind: 'multipart', entries: [...body.value].map(([name, value]) => multipartEntry(name, value)) };
  }
}

function multipartEntry(name: string, value: FormDataEntryValue): [string, string | Blob, string?] {
  return typeof value === 'string' ? [name, value] : [name, value, value.name];
}

function hasKeys(record: Record<string, unknown>): boolean {
  for (const _ in record) return true;
  return false;
}

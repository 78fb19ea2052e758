// Requests in and out of the wire format. The widget side converts what its core resolved; the host side
// trusts nothing it receives: it checks the envelope's shape here and hands the fields to its own
// bridge.request(), which validates them again with the core schemas.
import * as z from 'zod/mini';
import { BridgeError } from '../errors.js';
import type { BridgeIssue } from '../errors.js';
import type { BridgeRequest, ResolvedBody, ResolvedRequest } from '../types.js';
import type { WireBody, WireRequest } from './protocol.js';

/** The widget side: a ResolvedRequest as plain, cloneable data. */
export function toWire(request: ResolvedRequest): WireRequest {
  const wire: WireRequest = {
    connection: request.connection,
    method: request.method,
    query: queryRecord(request.query),
    pathParams: request.pathParams,
    headers: request.headers,
    timeout: request.timeout,
  };
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

function bodyToWire(body: ResolvedBody): WireBody | undefined {
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

const wireBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('json'), value: z.unknown() }),
  z.object({ kind: z.literal('text'), value: z.string() }),
  z.object({ kind: z.literal('form'), value: z.string() }),
  z.object({
    kind: z.literal('multipart'),
    entries: z.array(z.tuple([z.string(), z.union([z.string(), z.instanceof(Blob)]), z.optional(z.string())])),
  }),
]);

// The envelope, and the fields the host's `allow` policy reads, are checked here; the other values are the
// host bridge's to validate. Unknown keys are dropped, so a widget cannot smuggle in `retry` or anything
// else the host did not mean to take from it.
const wireRequest = z.object({
  connection: z.string(),
  method: z.optional(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])),
  url: z.optional(z.string()),
  query: z.optional(z.unknown()),
  pathParams: z.optional(z.unknown()),
  headers: z.optional(z.unknown()),
  body: z.optional(wireBody),
  timeout: z.optional(z.unknown()),
  responseType: z.optional(z.unknown()),
  composite: z.optional(z.unknown()),
});

/**
 * The host side: a request from the widget, FormData and URLSearchParams rebuilt. Throws INVALID_REQUEST
 * (short message: the widget's core adds the request's context) when the envelope itself is malformed.
 */
export function fromWire(input: unknown): BridgeRequest {
  const parsed = z.safeParse(wireRequest, input);
  if (!parsed.success) {
    const issues: BridgeIssue[] = parsed.error.issues.map((issue) => ({ path: issue.path.map(pathKey), message: issue.message }));
    const where = issues[0]?.path.join('.') || 'request';
    throw new BridgeError('INVALID_REQUEST', `the widget sent a malformed request envelope (${where}: ${issues[0]?.message})`, { issues });
  }
  const request: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined && key !== 'body') request[key] = value;
  }
  if (parsed.data.body) request.body = bodyFromWire(parsed.data.body);
  // The shape of each field is checked by the host bridge's own validation, which reports INVALID_REQUEST.
  return request as unknown as BridgeRequest;
}

function pathKey(key: PropertyKey): string | number {
  return typeof key === 'symbol' ? String(key) : key;
}

function bodyFromWire(body: z.infer<typeof wireBody>): BridgeRequest['body'] {
  switch (body.kind) {
    case 'json':
      return body.value as BridgeRequest['body'];
    case 'text':
      return body.value;
    case 'form':
      return new URLSearchParams(body.value);
    case 'multipart': {
      const form = new FormData();
      for (const [name, value, filename] of body.entries) {
        if (typeof value === 'string') form.append(name, value);
        else if (filename === undefined) form.append(name, value);
        else form.append(name, value, filename);
      }
      return form;
    }
  }
}

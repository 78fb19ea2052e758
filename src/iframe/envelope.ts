// Requests off the wire, in the host frame. The host trusts nothing it receives: it checks the envelope's
// shape here and hands the fields to its own bridge.request(), which validates them again with the core
// schemas. (The widget side, to-wire.ts, stays free of these schemas: it ships in every nested widget.)
import * as z from 'zod/mini';
import { BridgeError } from '../errors.js';
import type { BridgeIssue } from '../errors.js';
import type { BridgeRequest } from '../types.js';

const wireBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('json'), value: z.unknown() }),
  z.object({ kind: z.literal('text'), value: z.string() }),
  z.object({ kind: z.literal('form'), value: z.string() }),
  z.object({
    kind: z.literal('multipart'),
    entries: z.array(z.tuple([z.string(), z.union([z.string(), z.instanceof(Blob)]), z.optional(z.string())])),
  }),
]);

// The envelope is checked here; the values, and any other key, are the host bridge's to validate (its strict
// schema names an unknown field, with a "did you mean"). What only makes sense in the widget's own frame is
// dropped (WIDGET_ONLY). `retry` is taken: the host runs it.
const wireRequest = z.looseObject({
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
  retry: z.optional(z.unknown()),
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
  // Own keys of what arrived only (zod's loose object would also copy inherited ones).
  const data = parsed.data as Record<string, unknown>;
  for (const key of Object.keys(input as object)) {
    if (data[key] !== undefined && key !== 'body' && !WIDGET_ONLY.includes(key)) request[key] = data[key];
  }
  if (parsed.data.body) request.body = bodyFromWire(parsed.data.body);
  // The shape of each field is checked by the host bridge's own validation, which reports INVALID_REQUEST.
  return request as unknown as BridgeRequest;
}

// A signal or a schema cannot cross postMessage anyway; hooks run where they were written.
const WIDGET_ONLY = ['signal', 'schema', 'hooks'];

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

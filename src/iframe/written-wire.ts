// A nested-only widget's request onto the wire, as the widget wrote it: the host frame validates and resolves
// it. Only what cannot cross stays here (`signal`, `schema`), and only what postMessage cannot carry as it is
// changes shape (URLSearchParams, FormData). This module ships in every nested widget: no zod.
import { BridgeError } from '../errors.js';
import type { BridgeIssue } from '../errors.js';
import type { BridgeRequest, ResolvedBody } from '../types.js';
import type { WireRequest } from './protocol.js';
import { bodyToWire } from './to-wire.js';

/** `request` minus what stays in the widget; throws INVALID_REQUEST for what could never reach the host. */
export function writtenToWire(request: BridgeRequest): WireRequest {
  if (typeof request !== 'object' || request === null) throw invalid([], 'a request must be an object');
  // hooks run in the widget (parentBridge), like signal and schema.
  const { signal: _signal, schema: _schema, hooks: _hooks, body, retry, ...rest } = request;
  if (typeof retry === 'object' && retry !== null && retry.backoff !== undefined) {
    throw invalid(['retry', 'backoff'], 'the host frame runs retries: a function cannot cross to it');
  }
  const wire = rest as WireRequest;
  if (retry !== undefined) wire.retry = retry;
  const wireBody = bodyToWire(asBody(body));
  if (wireBody) wire.body = wireBody;
  return wire;
}

function asBody(body: BridgeRequest['body']): ResolvedBody {
  if (body === undefined) return { kind: 'none' };
  if (typeof body === 'string') return { kind: 'text', value: body };
  if (body instanceof URLSearchParams) return { kind: 'form', value: body };
  if (typeof FormData !== 'undefined' && body instanceof FormData) return { kind: 'multipart', value: body };
  return { kind: 'json', value: body as never };
}

/**
 * postMessage refused `wire`: INVALID_REQUEST at the first value it cannot clone (a Proxy such as a Vue
 * `reactive()` object, a function, a Symbol), with the path as the widget wrote it (`body.items.0`).
 * Runs only after a refusal, so the usual request pays for no trial clone.
 */
export function uncloneable(wire: WireRequest, cause: unknown): BridgeError {
  const path = firstUncloneable(wire, []) ?? [];
  if (path[0] === 'body' && path[1] === 'value') path.splice(1, 1);
  const message = 'cannot be sent to the host frame: postMessage cannot clone it (a Proxy such as Vue reactive(), a function, a Symbol)';
  return invalid(path, message, cause);
}

function firstUncloneable(value: unknown, path: Array<string | number>): Array<string | number> | undefined {
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

function invalid(path: Array<string | number>, message: string, cause?: unknown): BridgeError {
  const issue: BridgeIssue = { path, message };
  return new BridgeError('INVALID_REQUEST', path.length ? `${path.join('.')}: ${message}` : message, { issues: [issue], ...(cause !== undefined && { cause }) });
}

// Answers in and out of the wire format. penpal alone would turn a thrown BridgeError into
// `{ name, message, stack }`, losing code, status, data, issues…; so errors cross as data, never thrown.
import { BridgeError, isBridgeError } from '../errors.js';
import type { BridgeErrorJSON } from '../errors.js';
import type { AdapterResponse, BridgeResponse } from '../types.js';
import type { WireAnswer } from './protocol.js';

/** The host side: a response as plain data; `raw` is dropped when the structured clone algorithm refuses it. */
export function responseAnswer(response: BridgeResponse): WireAnswer {
  const { data, status, headers, vendor, attempts } = response;
  const wire: WireAnswer = { ok: true, response: { data, status, headers, vendor, attempts } };
  if (response.raw !== undefined && isCloneable(response.raw)) wire.response.raw = response.raw;
  return wire;
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

/** The host side: any failure as an answer. */
export function errorAnswer(error: unknown): WireAnswer {
  return { ok: false, error: errorJSON(error) };
}

/** A BridgeError as plain data; anything else thrown in the host frame is a CHANNEL_ERROR. */
export function errorJSON(error: unknown): BridgeErrorJSON {
  const bridgeError = isBridgeError(error)
    ? error
    : new BridgeError('CHANNEL_ERROR', `the host frame failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return bridgeError.toJSON();
}

/**
 * The widget side: the host's answer as an AdapterResponse (`parsed`: the host's core already parsed the
 * body), or the host's error rebuilt with every field. A shape this version does not know is INVALID_RESPONSE.
 */
export function fromAnswer(answer: unknown): AdapterResponse {
  const wire = answer as Partial<WireAnswer> | null;
  if (wire?.ok === false) throw BridgeError.fromJSON(wire.error);
  const response = wire?.ok === true ? wire.response : undefined;
  if (typeof response !== 'object' || response === null || typeof response.status !== 'number') {
    throw new BridgeError('INVALID_RESPONSE', 'the host frame sent an answer this version cannot read');
  }
  const adapterResponse: AdapterResponse = { status: response.status, headers: response.headers ?? {}, body: response.data, parsed: true };
  if (response.raw !== undefined) adapterResponse.raw = response.raw;
  return adapterResponse;
}

// An adapter's answer -> BridgeResponse, HTTP_ERROR or INVALID_RESPONSE, the same way for every host.
import { BridgeError } from './errors.js';
import { parseWithSchema, type StandardSchemaV1 } from './standard-schema.js';
import type { AdapterResponse, BridgeResponse } from './types.js';

export type Reading =
  | { ok: true; response: BridgeResponse }
  | { ok: false; error: BridgeError; /** From `Retry-After`, when the host exposes it. */ retryAfter?: number };

export async function readAnswer(
  answer: AdapterResponse,
  vendor: string,
  schema: StandardSchemaV1 | undefined,
  responseType: 'json' | 'text' | undefined,
): Promise<Reading> {
  const { status } = answer;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    return { ok: false, error: new BridgeError('INVALID_RESPONSE', `the host reported status ${String(status)}`, { data: answer.raw }) };
  }
  const headers = lowerCased(answer.headers);
  if (status < 200 || status > 299) {
    const data = decode(answer, undefined);
    const error = new BridgeError('HTTP_ERROR', `upstream answered ${status}`, { status, data: data.ok ? data.value : answer.body });
    const retryAfter = parseRetryAfter(headers['retry-after']);
    return retryAfter === undefined ? { ok: false, error } : { ok: false, error, retryAfter };
  }
  const data = decode(answer, responseType);
  if (!data.ok) return { ok: false, error: new BridgeError('INVALID_RESPONSE', 'the body is not JSON', { data: answer.body, cause: data.cause }) };
  // attempts (here: those made downstream, if any) and elapsed are the lifecycle's to fill in.
  const response: BridgeResponse = { data: data.value, status, headers, vendor, attempts: answer.attempts ?? 0, elapsed: 0 };
  if (answer.raw !== undefined) response.raw = answer.raw;
  if (!schema) return { ok: true, response };
  try {
    response.data = await parseWithSchema(schema, data.value);
  } catch (error) {
    return { ok: false, error: error as BridgeError };
  }
  return { ok: true, response };
}

type Decoded = { ok: true; value: unknown } | { ok: false; cause: unknown };

/** Strings are parsed per `responseType` (default: JSON when it parses); parsed bodies are kept, or stringified for 'text'. */
function decode(answer: AdapterResponse, responseType: 'json' | 'text' | undefined): Decoded {
  const { body } = answer;
  if (typeof body !== 'string' || answer.parsed) {
    return { ok: true, value: responseType === 'text' && typeof body !== 'string' ? JSON.stringify(body) : body };
  }
  if (responseType === 'text') return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (cause) {
    return responseType === 'json' ? { ok: false, cause } : { ok: true, value: body };
  }
}

function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

/** `Retry-After` in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

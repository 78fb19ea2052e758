/** Every failure a bridge reports. Codes are the API; messages are for people. */
export const ErrorCode = {
  INVALID_REQUEST: 'INVALID_REQUEST',
  MISSING_PATH_PARAMETERS: 'MISSING_PATH_PARAMETERS',
  INVALID_PATH_PARAMETERS: 'INVALID_PATH_PARAMETERS',
  UNSUPPORTED: 'UNSUPPORTED',
  NO_HOST: 'NO_HOST',
  FORBIDDEN: 'FORBIDDEN',
  TIMEOUT: 'TIMEOUT',
  ABORTED: 'ABORTED',
  HTTP_ERROR: 'HTTP_ERROR',
  CONNECTOR_ERROR: 'CONNECTOR_ERROR',
  NETWORK_ERROR: 'NETWORK_ERROR',
  CHANNEL_ERROR: 'CHANNEL_ERROR',
  INVALID_RESPONSE: 'INVALID_RESPONSE',
} as const;

export type BridgeErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface BridgeIssue {
  path: Array<string | number>;
  message: string;
}

/** The optional fields of a BridgeError, as plain data. */
export interface BridgeErrorFields {
  vendor?: string;
  status?: number;
  data?: unknown;
  params?: string[];
  detail?: string;
  vendorCode?: string;
  requestId?: string;
  issues?: BridgeIssue[];
  retryable?: boolean;
  /** How many attempts the request made before it failed. */
  attempts?: number;
  /** Milliseconds from the call to the failure. */
  elapsed?: number;
  cause?: unknown;
}

export interface BridgeErrorJSON extends Omit<BridgeErrorFields, 'retryable'> {
  name: 'BridgeError';
  code: BridgeErrorCode;
  message: string;
  retryable: boolean;
}

// Symbol.for keys live in the agent-wide registry, so another frame's copy of the library marks its
// errors with the very same symbol (instanceof fails across realms; the mark does not).
const MARK = Symbol.for('widget-bridge.BridgeError');

const FIELDS = ['vendor', 'status', 'data', 'params', 'detail', 'vendorCode', 'requestId', 'issues', 'attempts', 'elapsed'] as const;

/** One of the library's own codes: an own property of ErrorCode, so `toString` or `__proto__` never is. */
export function isErrorCode(code: unknown): code is BridgeErrorCode {
  return typeof code === 'string' && Object.hasOwn(ErrorCode, code);
}

export class BridgeError extends Error {
  override readonly name = 'BridgeError' as const;
  readonly code: BridgeErrorCode;
  readonly retryable: boolean;
  declare vendor?: string;
  declare status?: number;
  declare data?: unknown;
  declare params?: string[];
  declare detail?: string;
  declare vendorCode?: string;
  declare requestId?: string;
  declare issues?: BridgeIssue[];
  declare attempts?: number;
  declare elapsed?: number;

  constructor(code: BridgeErrorCode, message: string, fields: BridgeErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.code = code;
    for (const key of FIELDS) {
      if (fields[key] !== undefined) (this as Record<string, unknown>)[key] = fields[key];
    }
    // A bridge's retry policy says what is retryable (retry.ts); an error made outside a request is not.
    this.retryable = fields.retryable ?? false;
    Object.defineProperty(this, MARK, { value: true });
  }

  /** A plain, JSON- and structured-clone-safe copy of every field. */
  toJSON(): BridgeErrorJSON {
    const json: BridgeErrorJSON = { name: 'BridgeError', code: this.code, message: this.message, retryable: this.retryable };
    for (const key of FIELDS) {
      if (this[key] !== undefined) (json as unknown as Record<string, unknown>)[key] = plain(this[key]);
    }
    if (this.cause !== undefined) json.cause = plain(this.cause);
    return json;
  }

  /**
   * Rebuilds an error from `toJSON()` output, e.g. after it crossed a postMessage channel. Anything that is not
   * such output (no library code, no message) is INVALID_RESPONSE, keeping what arrived as `data`.
   */
  static fromJSON(json: unknown): BridgeError {
    const source = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    if (!isErrorCode(source.code) || typeof source.message !== 'string') {
      return new BridgeError('INVALID_RESPONSE', 'INVALID_RESPONSE: an error arrived in a shape this version cannot read', { data: plain(json) });
    }
    const { code, message } = source;
    const fields: BridgeErrorFields = {};
    for (const key of FIELDS) {
      if (source[key] !== undefined) (fields as Record<string, unknown>)[key] = source[key];
    }
    if (typeof source.retryable === 'boolean') fields.retryable = source.retryable;
    if (source.cause !== undefined) fields.cause = source.cause;
    return new BridgeError(code, message, fields);
  }
}

/**
 * True for a BridgeError from any realm: this copy of the library, another frame's, or a marked plain object
 * with one of the library's codes and a message. Never throws, even for a revoked Proxy.
 */
export function isBridgeError(value: unknown): value is BridgeError {
  try {
    if (value instanceof BridgeError) return true;
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as { [MARK]?: unknown; code?: unknown; message?: unknown };
    return candidate[MARK] === true && isErrorCode(candidate.code) && typeof candidate.message === 'string';
  } catch {
    return false;
  }
}

/** A short text for anything thrown or rejected, safe even for a hostile object. */
export function describeThrown(reason: unknown): string {
  try {
    if (typeof reason === 'string') return reason;
    const message = (reason as { message?: unknown } | null | undefined)?.message;
    if (typeof message === 'string' && message !== '') return message;
    if (reason instanceof Error) return reason.name;
    return typeof reason === 'object' && reason !== null ? 'a value with no message' : String(reason);
  } catch {
    return 'an unreadable value';
  }
}

/** What a request is, for messages: `GET weather-api via gainsight`. */
export interface RequestContext {
  method: string;
  connection: string;
  /** Unknown until an adapter found its host. */
  vendor?: string;
}

export function describe(context: RequestContext): string {
  return `${context.method} ${context.connection}${context.vendor ? ` via ${context.vendor}` : ''}`;
}

/** Builds an error whose message names the request: `TIMEOUT: GET weather-api via gainsight: no answer in 30000 ms`. */
export function requestError(
  code: BridgeErrorCode,
  context: RequestContext,
  detail: string,
  fields: BridgeErrorFields = {},
): BridgeError {
  return new BridgeError(code, `${code}: ${describe(context)}: ${detail}`, { ...(context.vendor && { vendor: context.vendor }), ...fields });
}

/**
 * Gives an error from an adapter the request's context. Adapters throw BridgeErrors with a short message
 * (`upstream answered 404`); the core adds the code, method, connection and vendor once, here.
 */
export function withContext(error: BridgeError, context: RequestContext | string): BridgeError {
  if (error.message.startsWith(`${error.code}: `)) return error;
  const label = typeof context === 'string' ? context : describe(context);
  const vendor = error.vendor ?? (typeof context === 'string' ? undefined : context.vendor);
  const copy = new BridgeError(error.code, `${error.code}: ${label}: ${error.message}`, {
    ...fieldsOf(error),
    ...(vendor && { vendor }),
  });
  if (error.stack) copy.stack = error.stack;
  return copy;
}

/** The message a host SDK rejected with, whatever it sent: an Error, `{ message }`, a string or nothing. */
export function hostReason(reason: unknown): string {
  try {
    if (typeof reason === 'string' && reason !== '') return reason;
    const message = (reason as { message?: unknown } | null | undefined)?.message;
    return typeof message === 'string' && message !== '' ? message : 'the host gave no reason';
  } catch {
    return 'the host gave an unreadable reason';
  }
}

/** Anything that is not a BridgeError (any rejection value whatsoever) as a CONNECTOR_ERROR keeping it as `cause`. */
export function asBridgeError(error: unknown, what = 'the adapter failed'): BridgeError {
  if (isBridgeError(error)) return error;
  return new BridgeError('CONNECTOR_ERROR', `${what}: ${describeThrown(error)}`, { cause: error });
}

export function fieldsOf(error: BridgeError): BridgeErrorFields {
  const fields: BridgeErrorFields = { retryable: error.retryable };
  for (const key of FIELDS) {
    if (error[key] !== undefined) (fields as Record<string, unknown>)[key] = error[key];
  }
  if (error.cause !== undefined) fields.cause = error.cause;
  return fields;
}

/** A JSON-safe copy: errors become `{ name, message }` (BridgeErrors their toJSON), cycles and functions are dropped. */
function plain(value: unknown): unknown {
  try {
    if (isBridgeError(value)) return value.toJSON();
    if (value instanceof Error) return { name: value.name, message: value.message };
    if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? undefined : value;
    return JSON.parse(JSON.stringify(value));
  } catch {
    return describeThrown(value);
  }
}

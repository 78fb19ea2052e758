import type { StandardSchemaV1 } from './standard-schema.js';
import type { BridgeError, BridgeErrorCode } from './errors.js';
import type { HeadersInput } from './headers.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** The hosts this package ships adapters for; a custom adapter may use any other name. */
export type Vendor = 'gainsight' | 'zoho-finance' | 'zoho-sigma' | 'zoho-crm' | (string & {});

/** A JSON value; an undefined object property is dropped when sent, as JSON.stringify does. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

export type QueryValue = string | number | boolean;

/**
 * What `body` accepts. Any object type, interfaces included (they have no index signature, so `JsonValue`
 * alone would refuse them): the run-time check is the guard, and reports the path of anything not JSON.
 */
export type RequestBody = JsonValue | object;

export interface RetryOptions {
  /** How many times a failed attempt is tried again. Default 0. */
  limit: number;
  /** Default: the idempotent methods GET, HEAD, OPTIONS, PUT, DELETE. */
  methods?: readonly HttpMethod[] | undefined;
  /** Default: 408, 429, 500, 502, 503, 504 (NETWORK_ERROR and TIMEOUT are always retried). */
  statusCodes?: readonly number[] | undefined;
  /**
   * Delay before retry number `attempt` (1-based), in ms. Default: exponential from 300 ms, capped at 10 s,
   * with equal jitter (half the delay fixed, half random).
   */
  backoff?: ((attempt: number) => number) | undefined;
}

export interface BridgeRequest<T = unknown, Name extends string = string> {
  /** Gainsight connector permalink, Zoho connection link name, or a key of the bridge's `connections`. */
  connection: Name | (string & {});
  method?: HttpMethod | undefined;
  /** Absolute https: URL (http: only for localhost/127.0.0.1); may hold `{{pathParams.NAME}}` slots. */
  url?: string | undefined;
  /** An array repeats the key; an undefined value is left out. */
  query?: Readonly<Record<string, QueryValue | readonly QueryValue[] | undefined>> | undefined;
  pathParams?: Readonly<Record<string, string | number>> | undefined;
  /** Merged over the bridge's (and the connections entry's) headers, names compared in any case. */
  headers?: HeadersInput | undefined;
  body?: RequestBody | string | URLSearchParams | FormData | undefined;
  /** The whole request, every attempt and the pauses between them included. Default: the bridge's. */
  timeout?: number | undefined;
  /** A bound for each attempt on its own, within `timeout`. Default: the bridge's, else none. */
  attemptTimeout?: number | undefined;
  signal?: AbortSignal | undefined;
  responseType?: 'json' | 'text' | undefined;
  schema?: StandardSchemaV1<unknown, T> | undefined;
  composite?: boolean | undefined;
  retry?: number | RetryOptions | undefined;
  /** Appended to the bridge's hooks for this request. (NoInfer: `data`'s type comes from `schema` alone.) */
  hooks?: BridgeHooks<NoInfer<T>> | undefined;
}

export interface BridgeResponse<T = unknown> {
  data: T;
  status: number;
  headers: Record<string, string>;
  vendor: Vendor;
  raw?: unknown;
  /** How many attempts the request took. */
  attempts: number;
  /** Milliseconds from the call to the answer. */
  elapsed: number;
}

type MaybePromise<T> = T | Promise<T>;

/** What a hook may read about the attempt it runs for. */
export interface HookContext {
  vendor: Vendor;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface RetryState {
  error: BridgeError;
  /** The attempt that failed (1 for the first). */
  attempt: number;
  /** The pause before the next attempt, in ms. */
  delay: number;
}

/**
 * Lists of functions run in order, as in ky. A hook that throws fails its request with a BridgeError that
 * names it; a returned value replaces what the hook was given (nothing returned: unchanged).
 */
export interface BridgeHooks<T = unknown> {
  /** Before each attempt. A returned request is validated again: a hook cannot send what the boundary refuses. */
  beforeRequest?: ReadonlyArray<Hook<(request: BridgeRequest<T>, context: HookContext) => MaybePromise<BridgeRequest | void>>> | undefined;
  /** After a successful answer (and the `schema`). */
  afterResponse?: ReadonlyArray<Hook<(response: BridgeResponse<T>, request: BridgeRequest<T>) => MaybePromise<BridgeResponse | void>>> | undefined;
  /** Before the request rejects; may return a changed or enriched BridgeError. */
  beforeError?: ReadonlyArray<Hook<(error: BridgeError, request: BridgeRequest<T>) => MaybePromise<BridgeError | void>>> | undefined;
  /** Before a retry; returning false (or throwing) cancels it. */
  beforeRetry?: ReadonlyArray<(state: RetryState) => MaybePromise<boolean | void>> | undefined;
}

/**
 * A hook's function type, compared bivariantly (as methods are), and T only in its parameters: so that
 * `{ ...baseRequest, schema }` still fits where `baseRequest` was typed without a schema.
 */
type Hook<F extends (...args: never[]) => unknown> = { hook(...args: Parameters<F>): ReturnType<F> }['hook'];

/** One line of debug output: never a body or a header value. */
export interface DebugEvent {
  /** The bridge's number for the request, from 1. */
  id: number;
  type: 'start' | 'attempt' | 'retry' | 'response' | 'error';
  method: string;
  connection: string;
  vendor?: string;
  attempt?: number;
  status?: number;
  code?: BridgeErrorCode;
  /** ms since the call. */
  elapsed: number;
  /** ms the request waited for a `concurrency` slot (on 'attempt' 1). */
  queued?: number;
  /** ms before the next attempt (on 'retry'). */
  delay?: number;
}

/** What a host can express. Adapters declare theirs; `bridge.ready()` reports the one in use. */
export interface Capabilities {
  composite: boolean;
  /** Accepts `url` (Zoho) rather than holding it in a connector (Gainsight). */
  url: boolean;
  textBody: boolean;
  formBody: boolean;
  multipartBody: boolean;
  /** An array value in `query` repeats its key. */
  repeatedQuery: boolean;
  /** The upstream status reaches the widget (Gainsight only says "success"). */
  responseStatus: boolean;
  responseHeaders: boolean;
}

export interface HostInfo {
  vendor: Vendor;
  capabilities: Capabilities;
}

/** Per-host spelling of a portable connection name. */
export interface ConnectionEntry {
  connection: string;
  url?: string | undefined;
  method?: HttpMethod | undefined;
  headers?: HeadersInput | undefined;
}

/** The vendors this package ships adapters for. */
export type KnownVendor = 'gainsight' | 'zoho-finance' | 'zoho-sigma' | 'zoho-crm';

export type ConnectionMap = Record<string, Partial<Record<Vendor, ConnectionEntry>>>;

export interface BridgeOptions<Names extends string = string> {
  adapter: Adapter | readonly Adapter[];
  /** Portable names: per host, the connection (and url, method, headers) to use. Vendor keys are checked. */
  connections?: Record<Names, Partial<Record<Vendor, ConnectionEntry>>> | undefined;
  /** Per request, every attempt and pause included, in ms. Default 30 000. */
  timeout?: number | undefined;
  /** Per attempt, in ms, within `timeout`. Default: none. */
  attemptTimeout?: number | undefined;
  /** Sent with every request. */
  headers?: HeadersInput | undefined;
  retry?: number | RetryOptions | undefined;
  hooks?: BridgeHooks | undefined;
  /** At most this many requests in flight at once; the rest wait in call order. Default: no limit. */
  concurrency?: number | undefined;
  /** `true` logs one line per request event with console.debug; a function receives the events. */
  debug?: boolean | ((event: DebugEvent) => void) | undefined;
}

export interface Bridge<Names extends string = string> {
  ready(): Promise<HostInfo>;
  // Also BridgeRequest<T>: a request typed without the names (any connection string is allowed anyway).
  request<T = unknown>(request: BridgeRequest<T, Names> | BridgeRequest<T>): Promise<BridgeResponse<T>>;
  destroy(): void;
}

/** A body as the adapter receives it: one tagged kind, already validated. */
export type ResolvedBody =
  | { kind: 'none' }
  | { kind: 'json'; value: JsonValue }
  | { kind: 'text'; value: string }
  | { kind: 'form'; value: URLSearchParams }
  | { kind: 'multipart'; value: FormData };

/**
 * A request after validation, defaults and the `connections` map: the only thing an adapter sees.
 * Objects here have no prototype, so keys such as `__proto__` or `constructor` are plain data.
 */
export interface ResolvedRequest {
  /** The host's own name for the connection (permalink, connection link name). */
  connection: string;
  method: HttpMethod;
  /** With `{{pathParams.X}}` slots filled by the path parameter rule, as the host will send it. */
  url?: string | undefined;
  /** In request order; an array value became one pair per element; numbers and booleans are strings. */
  query: Array<[string, string]>;
  /** Every value already checked by the path parameter rule. */
  pathParams: Record<string, string | number>;
  /**
   * The bridge's headers, the connection entry's and the request's, merged case-insensitively; for a host
   * that takes a url, `Content-Type` for a JSON or URLSearchParams body when none was given.
   */
  headers: Record<string, string>;
  body: ResolvedBody;
  composite: boolean;
  responseType?: 'json' | 'text';
  /** The request's deadline in ms (the core enforces it; adapters may pass it to an SDK that has its own). */
  timeout: number;
}

/** What an adapter answers; the core turns it into a BridgeResponse or an HTTP_ERROR. */
export interface AdapterResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is parsed as JSON per `responseType`; any other value is taken as already parsed. */
  body: unknown;
  /** The body is already the final data (an SDK that parses for you, an iframe host): never parse it again. */
  parsed?: boolean;
  /** The SDK's own result, exposed as `response.raw`. */
  raw?: unknown;
  /** How many attempts a bridge downstream made for this answer (the iframe channel's host frame runs its own). */
  attempts?: number;
}

/** `true` when the adapter's host SDK is present, else the reason it is not (shown in NO_HOST). */
export type Detection = true | string;

/**
 * The seam between the core and one host SDK. Everything cross-cutting (validation, connections map,
 * timeouts, abort, retries, response parsing, error messages) stays in the core.
 */
export interface Adapter {
  /** The vendor name reported in responses, errors and `ready()`; also the key in `connections` entries. */
  readonly vendor: Vendor;
  readonly capabilities: Capabilities;
  /** Synchronous and side-effect free; called until one adapter of the list says `true`. */
  detect(): Detection;
  /**
   * One-time setup before the first request (`ZFAPPS.extension.init()`, a handshake). Shared by concurrent
   * requests; if it rejects, the next request calls it again. `signal` aborts on `bridge.destroy()` (a caller
   * that gives up stops waiting, but the setup goes on for the next request).
   * May return the host's info (an iframe channel learns it in the handshake).
   */
  init?(signal: AbortSignal): Promise<HostInfo | void>;
  /** The error for a host whose `init` did not finish within `timeout` ms. Default: CONNECTOR_ERROR. */
  notReady?(timeout: number): BridgeError;
  /**
   * Sends one attempt. Resolve with the answer (any status: the core decides what non-2xx means) or throw a
   * BridgeError. `signal` aborts on timeout, caller abort or destroy; the core has already settled the
   * caller's promise by then, so honouring it only saves work.
   */
  send(request: ResolvedRequest, signal: AbortSignal): Promise<AdapterResponse>;
  /** Releases what the adapter holds (listeners, a channel). Called by `bridge.destroy()`. */
  destroy?(): void;
}

export type { BridgeErrorCode };

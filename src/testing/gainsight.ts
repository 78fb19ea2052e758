// A stand-in for Gainsight Customer Community's connectors SDK and the connector server behind it, as the
// vendor documents them: sdk/connectors-sdk/reference.md, connectors/dynamic-url-paths.md and
// connectors/composite-connector-reference.md (developer-portal.gainsight.com).
import { BridgeError } from '../errors.js';
import { fillPathParams, pathParamSlots } from '../path-params.js';
import { withQuery } from '../query.js';
import type { HttpMethod } from '../types.js';
import { callUpstream, lowerCaseNames, parseJsonOrText, type UpstreamHandler, type UpstreamRequest } from './upstream.js';

/** A header or query parameter row of a connector, as the connector editor holds it. */
export interface GainsightField {
  key: string;
  value: string;
  /** Off by default: the caller cannot change the value. */
  overridable?: boolean | undefined;
}

export interface GainsightConnector {
  /** The one method the connector accepts. */
  method: HttpMethod;
  /** The upstream URL; may hold `{{ pathParams.X }}` slots. */
  url: string;
  /** The declared path parameter rows. */
  pathParams?: readonly string[] | undefined;
  query?: readonly GainsightField[] | undefined;
  headers?: readonly GainsightField[] | undefined;
  /** A test convenience: every caller query key and header counts as overridable, declared or not. */
  overrideAny?: boolean | undefined;
  /** A platform failure answered on every call instead of calling upstream (template, auth, connection). */
  failure?: { status: number; scope: string; reason: string } | undefined;
  upstream: UpstreamHandler;
}

export interface GainsightCompositeStep {
  name: string;
  /** Default GET. */
  method?: HttpMethod | undefined;
  url: string;
  upstream: UpstreamHandler;
}

/**
 * A composite connector. The simulated steps stand for templates that forward the caller's query
 * parameters and JSON payload (`request.query_parameters`, `request.body_text`) to every step.
 */
export interface GainsightComposite {
  /** Composite connectors may also be called by numeric id. */
  id?: number | undefined;
  steps: readonly GainsightCompositeStep[];
}

export interface GainsightSimConfig {
  /** Keyed by permalink. */
  connectors?: Record<string, GainsightConnector> | undefined;
  composites?: Record<string, GainsightComposite> | undefined;
  /** The server's limit on one upstream call, in ms. Default 15 000, the vendor's. */
  upstreamTimeout?: number | undefined;
}

export interface GainsightCall {
  api: 'execute' | 'composite.execute';
  /** The options as the SDK received them. */
  options: unknown;
  /** The lower-cased headers the SDK sent to the connector server; absent when it refused the call. */
  headers?: Record<string, string>;
}

export interface GainsightClientSettings {
  csrfToken?: string;
  headers?: Record<string, string>;
  /** Default 30 000 ms. */
  timeout?: number;
}

/** Thrown synchronously by the SDK before anything is sent. */
export class ConnectorBoundaryError extends Error {
  override readonly name = 'ConnectorBoundaryError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Rejects a call the connector server answered with an error; the fields normalise both body shapes. */
export class ConnectorExecuteError extends Error {
  override readonly name = 'ConnectorExecuteError';
  readonly status: number;
  readonly requestId?: string | undefined;
  readonly failureScope?: string | undefined;
  readonly reason?: string | undefined;
  readonly code?: string | undefined;
  readonly params?: string[] | undefined;
  readonly detail?: string | undefined;

  constructor(status: number, body: ServerErrorBody) {
    const envelope = 'errors' in body ? body.errors : undefined;
    super(`Connector execution failed with status ${status}: ${envelope?.code ?? envelope?.scope ?? (body as LegacyBody).failure_scope}`);
    this.status = status;
    this.requestId = body.request_id;
    if ('errors' in body) {
      this.code = body.errors.code;
      this.params = body.errors.params;
      this.detail = body.errors.detail;
      this.failureScope = body.errors.scope;
    } else {
      this.failureScope = body.failure_scope;
      this.reason = body.reason;
    }
  }
}

interface LegacyBody {
  failure_scope: string;
  reason: string;
  request_id: string;
}

interface EnvelopeBody {
  success: false;
  errors: { code?: string; params?: string[]; detail?: string; scope?: string };
  request_id: string;
}

type ServerErrorBody = LegacyBody | EnvelopeBody;

interface ExecuteOptions {
  permalink?: unknown;
  method?: unknown;
  payload?: unknown;
  queryParams?: Record<string, unknown>;
  pathParams?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

// Documented limit of the serialized X-Path-Params header (connectors/dynamic-url-paths.md).
const PATH_HEADER_LIMIT = 4096;
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];
const NETWORK_SCOPE = 'Downstream (network/external service)';
const HTTP_SCOPE = 'Downstream (HTTP error)';

/**
 * The state and settings methods of the SDK's connectors client (configure, updateHeaders, setDefaultTimeout,
 * getHeaders, getDefaultTimeout, getBaseUrl), and its client-level timeout: shared by this simulator and the
 * dev tool's in-page SDK, so both behave alike.
 */
export function connectorsClientSettings(settings: GainsightClientSettings, csrfToken: string) {
  const state = { headers: { ...settings.headers } as Record<string, string>, timeout: settings.timeout ?? 30_000, csrfToken: settings.csrfToken ?? csrfToken };
  return {
    state,
    /** `work` within the client's timeout (`execute` takes none), rejecting as a fetch under AbortSignal.timeout does. */
    withinTimeout<T>(work: Promise<T>): Promise<T> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expiry = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DOMException(`Request timed out after ${state.timeout}ms`, 'TimeoutError')), state.timeout);
      });
      return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
    },
    methods: {
      configure(options: GainsightClientSettings): void {
        if (options.headers) state.headers = { ...options.headers };
        if (options.timeout !== undefined) state.timeout = options.timeout;
        if (options.csrfToken !== undefined) state.csrfToken = options.csrfToken;
      },
      updateHeaders(more: Record<string, string>): void {
        state.headers = { ...state.headers, ...more };
      },
      setDefaultTimeout(ms: number): void {
        state.timeout = ms;
      },
      getHeaders: (): Record<string, string> => ({ ...state.headers }),
      getDefaultTimeout: (): number => state.timeout,
      getBaseUrl: (): string => '/widget-service',
    },
  };
}

export function simulateGainsight(target: object, config: GainsightSimConfig = {}) {
  const host = target as Record<string, unknown>;
  const calls: GainsightCall[] = [];
  const outbound: UpstreamRequest[] = [];
  const upstreamTimeout = config.upstreamTimeout ?? 15_000;
  let requestCount = 0;
  const sim = { offline: false };

  const nextRequestId = () => `gs-req-${++requestCount}`;

  function fail(status: number, body: Omit<LegacyBody, 'request_id'> | Omit<EnvelopeBody, 'request_id'>): never {
    throw new ConnectorExecuteError(status, { ...body, request_id: nextRequestId() } as ServerErrorBody);
  }

  // The server's limit on the upstream call: past it, or when the API cannot be reached, a 502.
  async function reachUpstream(handler: UpstreamHandler, request: UpstreamRequest) {
    outbound.push(request);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`upstream did not answer within ${upstreamTimeout} ms`)), upstreamTimeout);
    });
    try {
      return await Promise.race([callUpstream(handler, request), limit]);
    } catch (error) {
      return { status: 0, headers: {}, body: '', failure: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function runConnector(permalink: string, options: ExecuteOptions, headers: Record<string, string>) {
    const connector = lookup(config.connectors, permalink);
    if (!connector) throw new Error(`Connector request failed with status 404: no connector "${permalink}"`);
    if (connector.failure) fail(connector.failure.status, { failure_scope: connector.failure.scope, reason: connector.failure.reason });
    if (options.method !== connector.method) {
      fail(405, { failure_scope: 'Configuration (method)', reason: `connector "${permalink}" accepts ${connector.method}, not ${String(options.method)}` });
    }
    const template = new URL(substitutePathParams(connector, headers['x-path-params'])).href;
    const url = withQuery(template, Object.entries(merge(connector.query, options.queryParams, connector.overrideAny)));
    const rows = connector.headers?.map((row) => ({ ...row, key: row.key.toLowerCase() }));
    const upstreamHeaders = merge(rows, callerHeaders(headers), connector.overrideAny);
    const request: UpstreamRequest = { method: connector.method, url, headers: upstreamHeaders, connection: permalink };
    // `payload` is only sent for POST, PUT and PATCH (reference.md).
    if (BODY_METHODS.includes(connector.method) && options.payload !== undefined) {
      request.body = JSON.stringify(options.payload);
      upstreamHeaders['content-type'] ??= 'application/json';
    }
    const answer = await reachUpstream(connector.upstream, request);
    if ('failure' in answer) fail(502, { failure_scope: NETWORK_SCOPE, reason: answer.failure });
    if (answer.status < 200 || answer.status > 299) fail(answer.status, { failure_scope: HTTP_SCOPE, reason: answer.body });
    return parseJsonOrText(answer.body);
  }

  // Server-side validation (dynamic-url-paths.md): an undeclared slot is a misconfiguration; then missing
  // wins over invalid, with the same rule the Zoho adapters apply (path-params.ts).
  function substitutePathParams(connector: GainsightConnector, header: string | undefined): string {
    const undeclared = pathParamSlots(connector.url).filter((name) => !connector.pathParams?.includes(name));
    if (undeclared.length > 0) {
      fail(400, { success: false, errors: { code: 'CONNECTOR_MISCONFIGURED', detail: `URL references undeclared path parameter ${undeclared.join(', ')}` } });
    }
    try {
      return fillPathParams(connector.url, Object.fromEntries(new URLSearchParams(header ?? '')));
    } catch (error) {
      if (!(error instanceof BridgeError)) throw error;
      return fail(400, { success: false, errors: { code: error.code, params: error.params ?? [], detail: error.message } });
    }
  }

  async function runComposite(permalink: unknown, options: ExecuteOptions) {
    const composite = lookupComposite(permalink);
    if (!composite) throw new Error(`Connector request failed with status 404: no composite connector "${String(permalink)}"`);
    if (composite.steps.length === 0) fail(500, { success: false, errors: { scope: 'Unexpected error', detail: 'composite has no steps' } });
    let body = '';
    for (const [index, step] of composite.steps.entries()) {
      const method = step.method ?? 'GET';
      const url = withQuery(new URL(step.url).href, Object.entries(options.queryParams ?? {}).map(([key, value]) => [key, String(value)]));
      const request: UpstreamRequest = { method, url, headers: {}, connection: String(permalink) };
      if (BODY_METHODS.includes(method) && options.payload !== undefined) {
        request.body = JSON.stringify(options.payload);
        request.headers['content-type'] = 'application/json';
      }
      const answer = await reachUpstream(step.upstream, request);
      const where = `Composite step '${step.name}' (index ${index}): `;
      if ('failure' in answer) fail(502, { success: false, errors: { scope: where + NETWORK_SCOPE, detail: answer.failure } });
      if (answer.status < 200 || answer.status > 299) fail(502, { success: false, errors: { scope: where + HTTP_SCOPE, detail: answer.body } });
      body = answer.body;
    }
    // The widget gets the last step's response (composite-connector-reference.md).
    return parseJsonOrText(body);
  }

  function lookupComposite(permalink: unknown): GainsightComposite | undefined {
    if (typeof permalink === 'string') return lookup(config.composites, permalink);
    return Object.values(config.composites ?? {}).find((composite) => composite.id !== undefined && composite.id === permalink);
  }

  function createClient(settings: GainsightClientSettings = {}) {
    const { state, withinTimeout, methods } = connectorsClientSettings(settings, 'simulated-csrf-token');

    function send<T>(work: () => Promise<T>): Promise<T> {
      if (sim.offline) return Promise.reject(new TypeError('Failed to fetch'));
      return withinTimeout(work());
    }

    function wireHeaders(own: Record<string, unknown> | undefined, pathHeader: string): Record<string, string> {
      const wire = lowerCaseNames({ ...state.headers, ...(own as Record<string, string>) });
      wire['x-csrf-token'] = state.csrfToken;
      if (pathHeader) wire['x-path-params'] = pathHeader;
      return wire;
    }

    return {
      execute(options: ExecuteOptions): Promise<unknown> {
        const call = record('execute', options);
        const pathHeader = serializePathParams(options.pathParams);
        const wire = (call.headers = wireHeaders(options.headers, pathHeader));
        return send(() => runConnector(String(options.permalink), options, wire));
      },
      composite: {
        execute(options: ExecuteOptions): Promise<unknown> {
          const call = record('composite.execute', options);
          if (options.pathParams && Object.keys(options.pathParams).length > 0) {
            throw new ConnectorBoundaryError('pathParams are not supported on composite connectors');
          }
          call.headers = wireHeaders(undefined, '');
          return send(() => runComposite(options.permalink, options));
        },
      },
      ...methods,
    };
  }

  function record(api: GainsightCall['api'], options: unknown): GainsightCall {
    const call: GainsightCall = { api, options: copy(options) };
    calls.push(call);
    return call;
  }

  // Deprecated but working: instances are separate from the page-wide `sdk.connectors` (reference.md).
  class WidgetServiceSDK {
    readonly connectors: ReturnType<typeof createClient>;
    constructor(settings?: GainsightClientSettings) {
      this.connectors = createClient(settings);
    }
  }

  const hadPrevious = Object.hasOwn(host, 'WidgetServiceSDK');
  const previous = host.WidgetServiceSDK;
  host.WidgetServiceSDK = WidgetServiceSDK;

  return Object.assign(sim, {
    /** What a widget's `init(sdk)` receives: `connectors` is one client shared by every widget on the page. */
    sdk: { connectors: createClient(), whenReady: (): Promise<void> => Promise.resolve() },
    WidgetServiceSDK,
    calls,
    outbound,
    restore(): void {
      if (hadPrevious) host.WidgetServiceSDK = previous;
      else delete host.WidgetServiceSDK;
    },
  });
}

export type GainsightSimulator = ReturnType<typeof simulateGainsight>;

// The SDK's boundary checks, synchronous and before any network call (dynamic-url-paths.md).
export function serializePathParams(pathParams: Record<string, unknown> | undefined): string {
  const entries = Object.entries(pathParams ?? {});
  for (const [key, value] of entries) {
    if (key.trim() === '') throw new ConnectorBoundaryError('pathParams keys must not be empty or whitespace');
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ConnectorBoundaryError(`pathParams.${key} must be a string or a number`);
    }
  }
  const header = new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString();
  if (header.length > PATH_HEADER_LIMIT) {
    throw new ConnectorBoundaryError(`serialized pathParams exceed ${PATH_HEADER_LIMIT} characters`);
  }
  return header;
}

function lookup<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Configured rows, with the caller's values where a row is overridable (or `overrideAny`). */
function merge(rows: readonly GainsightField[] = [], given: Record<string, unknown> = {}, overrideAny = false): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const row of rows) {
    result[row.key] = row.overridable && Object.hasOwn(given, row.key) ? String(given[row.key]) : row.value;
  }
  if (overrideAny) {
    for (const [key, value] of Object.entries(given)) {
      if (!rows.some((row) => row.key === key && !row.overridable)) result[key] = String(value);
    }
  }
  return result;
}

/** The headers the widget chose (the client's and the call's), without the SDK's own. */
function callerHeaders(wire: Record<string, string>): Record<string, string> {
  const { 'x-csrf-token': _csrf, 'x-path-params': _path, ...rest } = wire;
  return rest;
}

/** Deep enough for call options: plain objects and arrays are copied, everything else kept. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value === null || typeof value !== 'object') return value;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)]));
}

// Gainsight Customer Community: request() through `connectors.execute`. The SDK is not on npm, so its
// client and its errors are recognised by name and fields (sdk/connectors-sdk/reference.md).
import { BridgeError, isBridgeError } from '../src/errors.js';
import type { BridgeErrorFields } from '../src/errors.js';
import type { Adapter, Capabilities, Detection, JsonValue, ResolvedRequest } from '../src/types.js';

type JsonObject = { [key: string]: JsonValue | undefined };

export interface GainsightExecuteOptions {
  permalink: string;
  method?: string;
  payload?: JsonObject;
  queryParams?: Record<string, string>;
  pathParams?: Record<string, string | number>;
  headers?: Record<string, string>;
}

/** The part of the vendor's connectors client this adapter calls. */
export interface GainsightConnectors {
  execute(options: GainsightExecuteOptions): Promise<unknown>;
  composite?: { execute(options: Omit<GainsightExecuteOptions, 'method'>): Promise<unknown> };
}

export interface GainsightOptions {
  /** The object a widget's `init(sdk)` receives: its `connectors` is the page-wide client. */
  sdk?: { connectors: GainsightConnectors; whenReady?(): Promise<unknown> };
  /** A connectors client of your own. Without either option, `new window.WidgetServiceSDK()` is used. */
  connectors?: GainsightConnectors;
}

/** The fields Gainsight's errors carry (ConnectorBoundaryError, ConnectorExecuteError, plain Error). */
interface VendorError {
  name?: string;
  message?: string;
  reason?: string;
  code?: string;
  params?: string[];
  detail?: string;
  failureScope?: string;
  requestId?: string;
  status?: number;
}

type WidgetServiceSDK = new () => { connectors: GainsightConnectors };

const capabilities: Capabilities = {
  composite: true,
  url: false,
  textBody: false,
  formBody: false,
  multipartBody: false,
  repeatedQuery: false,
  responseStatus: false,
  responseHeaders: false,
};

// Gainsight caps the serialized X-Path-Params header at 4096 characters (connectors/dynamic-url-paths.md).
const PATH_HEADER_LIMIT = 4096;
const PATH_CODES = ['MISSING_PATH_PARAMETERS', 'INVALID_PATH_PARAMETERS'];

export function gainsight(options: GainsightOptions = {}): Adapter {
  let client: GainsightConnectors | undefined;
  const globalSdk = () => (globalThis as { WidgetServiceSDK?: WidgetServiceSDK }).WidgetServiceSDK;
  const connectors = () => (client ??= options.sdk?.connectors ?? options.connectors ?? new (globalSdk() as WidgetServiceSDK)().connectors);

  function detect(): Detection {
    if (options.sdk) return typeof options.sdk.connectors?.execute === 'function' || 'options.sdk has no connectors.execute';
    if (options.connectors) return typeof options.connectors.execute === 'function' || 'options.connectors has no execute()';
    return typeof globalSdk() === 'function' || 'window.WidgetServiceSDK is not defined and no sdk or connectors option was given';
  }

  return {
    vendor: 'gainsight',
    capabilities,
    detect,
    async init() {
      await options.sdk?.whenReady?.();
    },
    async send(request) {
      const call = toExecuteOptions(request);
      let result: unknown;
      try {
        const sdk = connectors();
        if (!request.composite) result = await sdk.execute(call);
        else if (sdk.composite) result = await sdk.composite.execute(call);
        else throw new BridgeError('UNSUPPORTED', 'this Gainsight SDK has no connectors.composite');
      } catch (error) {
        throw fromVendorError(error);
      }
      return { status: 200, headers: {}, body: result, parsed: true, raw: result };
    },
  };
}

function unsupported(message: string): never {
  throw new BridgeError('UNSUPPORTED', message);
}

function toExecuteOptions(request: ResolvedRequest): GainsightExecuteOptions {
  if (request.url !== undefined) {
    unsupported('a Gainsight connector holds its own URL: name the connector, or give a per-host entry in `connections`');
  }
  const call: GainsightExecuteOptions = { permalink: request.connection };
  const payload = toPayload(request);
  if (payload) call.payload = payload;
  if (request.query.length > 0) call.queryParams = toQueryParams(request.query);
  const hasHeaders = Object.keys(request.headers).length > 0;
  const hasPathParams = Object.keys(request.pathParams).length > 0;
  if (request.composite) {
    // composite.execute is always POST and takes neither headers nor pathParams (composite-connector-reference.md).
    if (request.method !== 'POST') unsupported(`a Gainsight composite connector is always POST, not ${request.method}`);
    if (hasHeaders || hasPathParams) unsupported('a Gainsight composite connector takes no headers or pathParams');
    return call;
  }
  call.method = request.method;
  if (hasPathParams) call.pathParams = checkPathParams(request.pathParams);
  if (hasHeaders) call.headers = { ...request.headers };
  return call;
}

// `payload` is a plain JSON object, sent for POST, PUT and PATCH only (sdk/connectors-sdk/reference.md).
function toPayload({ body, method }: ResolvedRequest): JsonObject | undefined {
  if (body.kind === 'none') return undefined;
  if (body.kind !== 'json' || typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    unsupported(`Gainsight sends a JSON object body only, not ${body.kind === 'json' ? 'a top-level array or scalar' : `a ${body.kind} body`}`);
  }
  if (!['POST', 'PUT', 'PATCH'].includes(method)) unsupported(`Gainsight sends a body with POST, PUT or PATCH only, not ${method}`);
  return body.value;
}

function toQueryParams(query: Array<[string, string]>): Record<string, string> {
  const seen = new Set<string>();
  for (const [key] of query) {
    if (seen.has(key)) unsupported(`Gainsight cannot repeat a query key ("${key}")`);
    seen.add(key);
  }
  // fromEntries defines own properties, so a key such as `__proto__` stays data.
  return Object.fromEntries(query);
}

// The SDK's boundary checks, applied here too so every host gives the same error (dynamic-url-paths.md).
function checkPathParams(pathParams: Record<string, string | number>): Record<string, string | number> {
  const entries = Object.entries(pathParams);
  for (const [key, value] of entries) {
    if (key.trim() === '' || key !== key.trim()) invalid([key], 'a path parameter key must be non-empty and trimmed');
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string') {
      invalid([key], 'a path parameter value must be a string or a finite number');
    }
  }
  const length = new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString().length;
  if (length > PATH_HEADER_LIMIT) invalid([], `serialized path parameters are ${length} characters, over ${PATH_HEADER_LIMIT}`);
  return Object.fromEntries(entries);
}

function invalid(key: string[], message: string): never {
  throw new BridgeError('INVALID_REQUEST', message, { issues: [{ path: ['pathParams', ...key], message }] });
}

function fromVendorError(error: unknown): BridgeError {
  if (isBridgeError(error)) return error;
  const vendor = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as VendorError;
  const fields: BridgeErrorFields = { cause: error, requestId: vendor.requestId };
  if (vendor.name === 'ConnectorBoundaryError') {
    const code = PATH_CODES.includes(vendor.code as string) ? (vendor.code as 'INVALID_PATH_PARAMETERS') : 'INVALID_REQUEST';
    return new BridgeError(code, `the Gainsight SDK refused the call: ${vendor.reason ?? vendor.message}`, {
      ...fields,
      params: vendor.params,
      detail: vendor.reason,
    });
  }
  if (vendor.name === 'ConnectorExecuteError') return fromExecuteError(vendor, fields);
  const message = vendor.message ?? 'unknown error';
  if (vendor.name === 'AbortError' || /timed? ?out/i.test(message)) {
    return new BridgeError('TIMEOUT', `the Gainsight SDK timed out: ${message}`, fields);
  }
  if (vendor.name === 'TypeError' || /network|failed to fetch/i.test(message)) {
    return new BridgeError('NETWORK_ERROR', `the Gainsight service could not be reached: ${message}`, fields);
  }
  // An unknown permalink (404) and other platform failures.
  return new BridgeError('CONNECTOR_ERROR', `Gainsight could not run the connector: ${message}`, fields);
}

// The envelope { code, params, detail } first; else the legacy { failureScope, reason, status } shape
// (connectors/dynamic-url-paths.md, connectors/composite-connector-reference.md).
function fromExecuteError(vendor: VendorError, fields: BridgeErrorFields): BridgeError {
  const { code, failureScope: scope = '', status } = vendor;
  const detail = vendor.detail ?? vendor.reason;
  if (code && PATH_CODES.includes(code)) {
    const params = vendor.params ?? [];
    return new BridgeError(code as 'MISSING_PATH_PARAMETERS', `Gainsight refused path parameter ${params.join(', ')}`, { ...fields, params, detail });
  }
  if (code) return new BridgeError('CONNECTOR_ERROR', `Gainsight connector failed: ${code}`, { ...fields, vendorCode: code, detail });
  if (/network/i.test(scope)) {
    return new BridgeError('NETWORK_ERROR', `Gainsight could not reach the upstream API (${scope})`, { ...fields, detail });
  }
  if ((scope === '' || /Downstream/i.test(scope)) && status !== undefined && status >= 400) {
    return new BridgeError('HTTP_ERROR', `upstream answered ${status}`, { ...fields, status, data: parseReason(detail), detail: scope || undefined });
  }
  return new BridgeError('CONNECTOR_ERROR', `Gainsight connector failed: ${scope || 'unknown failure'}`, { ...fields, detail });
}

/** The legacy `reason` carries the upstream error body as text. */
function parseReason(reason: string | undefined): unknown {
  if (reason === undefined) return undefined;
  try {
    return JSON.parse(reason);
  } catch {
    return reason;
  }
}

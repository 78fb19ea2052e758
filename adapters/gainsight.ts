// Gainsight Customer Community: request() through `connectors.execute`. The SDK is not on npm, so its
// client and its errors are recognised by name and fields (sdk/connectors-sdk/reference.md).
import { BridgeError, describeThrown, isBridgeError } from '../src/errors.js';
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
  sdk?: { connectors: GainsightConnectors; whenReady?(): Promise<unknown> } | undefined;
  /** A connectors client of your own. Without either option, `new window.WidgetServiceSDK()` is used. */
  connectors?: GainsightConnectors | undefined;
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


export function gainsight(options: GainsightOptions = {}): Adapter {
  // The client made from window.WidgetServiceSDK, kept per constructor: a module-level bridge starts on a new
  // one when it changes (a test's simulator restored and another installed).
  let made: { from: WidgetServiceSDK; connectors: GainsightConnectors } | undefined;
  const globalSdk = () => (globalThis as { WidgetServiceSDK?: WidgetServiceSDK }).WidgetServiceSDK;
  const connectors = (): GainsightConnectors => {
    const given = options.sdk?.connectors ?? options.connectors;
    if (given) return given;
    const from = globalSdk() as WidgetServiceSDK;
    if (made?.from !== from) made = { from, connectors: new from().connectors };
    return made.connectors;
  };

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

// The core has checked the capabilities (no url, no repeated query key, JSON bodies only) and every path
// parameter value; what is left is what only Gainsight's SDK cannot express.
function toExecuteOptions(request: ResolvedRequest): GainsightExecuteOptions {
  const call: GainsightExecuteOptions = { permalink: request.connection };
  const payload = toPayload(request);
  if (payload) call.payload = payload;
  // fromEntries defines own properties, so a key such as `__proto__` stays data.
  if (request.query.length > 0) call.queryParams = Object.fromEntries(request.query);
  const hasHeaders = Object.keys(request.headers).length > 0;
  const hasPathParams = Object.keys(request.pathParams).length > 0;
  if (request.composite) {
    // composite.execute is always POST and takes neither headers nor pathParams.
    if (request.method !== 'POST') unsupported(`a Gainsight composite connector is always POST, not ${request.method}`);
    if (hasHeaders || hasPathParams) unsupported('a Gainsight composite connector takes no headers or pathParams');
    return call;
  }
  call.method = request.method;
  if (hasPathParams) call.pathParams = Object.fromEntries(Object.entries(request.pathParams));
  if (hasHeaders) call.headers = { ...request.headers };
  return call;
}

// `payload` is a plain JSON object, sent for POST, PUT and PATCH only.
function toPayload({ body, method }: ResolvedRequest): JsonObject | undefined {
  if (body.kind !== 'json') return undefined;
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    unsupported('Gainsight sends a JSON object body only, not a top-level array or scalar');
  }
  if (!['POST', 'PUT', 'PATCH'].includes(method)) unsupported(`Gainsight sends a body with POST, PUT or PATCH only, not ${method}`);
  return body.value;
}

// The failure scope Gainsight documents for an upstream that could not be reached or did not answer in 15 s;
// a composite prefixes a step's scope with `Composite step '<name>' (index <n>): `.
const NETWORK_SCOPE = 'Downstream (network/external service)';
// The scope family of the upstream API's own failures.
const DOWNSTREAM = /(^|: )Downstream \(/;

/**
 * Gainsight's errors, read by name and fields as the SDK documents them, never by the words of a message:
 * - ConnectorBoundaryError (the SDK refused the call before sending): INVALID_REQUEST;
 * - ConnectorExecuteError with an envelope `code`: the path parameter codes as they are, any other
 *   (CONNECTOR_MISCONFIGURED, …) CONNECTOR_ERROR with `vendorCode`;
 * - ConnectorExecuteError in the legacy shape: the network scope is NETWORK_ERROR; another `Downstream (…)`
 *   scope (or none) with a 4xx/5xx status is the upstream's own answer, HTTP_ERROR; else CONNECTOR_ERROR;
 * - a TypeError (fetch's network failure): NETWORK_ERROR; an AbortError or TimeoutError (the SDK's own
 *   timeout): TIMEOUT;
 * - any other shape (an unknown permalink's plain Error among them): CONNECTOR_ERROR, keeping it as `cause`.
 */
function fromVendorError(error: unknown): BridgeError {
  if (isBridgeError(error)) return error;
  const vendor = readVendorError(error);
  const fields: BridgeErrorFields = { cause: error, requestId: vendor.requestId };
  const reason = vendor.detail ?? vendor.reason;
  const because = reason ? `: ${reason}` : '';
  if (vendor.name === 'ConnectorBoundaryError') {
    return new BridgeError('INVALID_REQUEST', `the Gainsight SDK refused the call: ${reason ?? vendor.message ?? 'no reason given'}`, { ...fields, detail: reason });
  }
  if (vendor.name === 'ConnectorExecuteError') {
    const { code, failureScope: scope, status } = vendor;
    if (code === 'MISSING_PATH_PARAMETERS' || code === 'INVALID_PATH_PARAMETERS') {
      const params = vendor.params ?? [];
      return new BridgeError(code, `Gainsight refused path parameter ${params.join(', ')}${because}`, { ...fields, params, detail: reason });
    }
    if (code) return new BridgeError('CONNECTOR_ERROR', `Gainsight connector failed: ${code}${because}`, { ...fields, vendorCode: code, detail: reason });
    if (scope?.endsWith(NETWORK_SCOPE)) return new BridgeError('NETWORK_ERROR', `Gainsight could not reach the upstream API${because}`, { ...fields, detail: reason });
    if ((scope === undefined || DOWNSTREAM.test(scope)) && status !== undefined && status >= 400) {
      return new BridgeError('HTTP_ERROR', `upstream answered ${status}`, { ...fields, status, data: parseReason(vendor.reason), detail: scope });
    }
    const what = [scope, status].filter((part) => part !== undefined).join(', ') || 'unknown failure';
    return new BridgeError('CONNECTOR_ERROR', `Gainsight connector failed (${what})${because}`, { ...fields, detail: reason ?? scope });
  }
  if (vendor.name === 'TypeError') return new BridgeError('NETWORK_ERROR', `the Gainsight service could not be reached: ${vendor.message}`, fields);
  if (vendor.name === 'AbortError' || vendor.name === 'TimeoutError') {
    return new BridgeError('TIMEOUT', `the Gainsight SDK timed out: ${vendor.message}`, fields);
  }
  return new BridgeError('CONNECTOR_ERROR', `Gainsight could not run the connector: ${vendor.message ?? describeThrown(error)}`, fields);
}

/** The documented fields, each taken only with its documented type: a hostile or odd value is left out. */
function readVendorError(error: unknown): VendorError {
  const read: VendorError = {};
  try {
    const source = error as Record<string, unknown>;
    for (const key of ['name', 'message', 'reason', 'code', 'detail', 'failureScope', 'requestId'] as const) {
      if (typeof source[key] === 'string') read[key] = source[key] as string;
    }
    if (typeof source.status === 'number') read.status = source.status;
    if (Array.isArray(source.params)) read.params = source.params.filter((p): p is string => typeof p === 'string');
  } catch {
    // Unreadable: classified as an unknown shape.
  }
  return read;
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

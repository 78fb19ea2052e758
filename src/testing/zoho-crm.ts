// A stand-in for Zoho CRM's embedded-app SDK (`window.ZOHO`) and the CRM server behind it.
// Facts: the SDK's source (ZohoDevelopers/embeddedApp-js-sdk, lib/ZohoCrmHelper.js and lib/ZSDK.js) and
// public widget code. What the SDK does is followed exactly: `CONNECTION.invoke` keeps five fields and
// drops the rest, `embeddedApp.init()` is one shared promise, nothing times out. The host's wording of its
// failures, and how it reports an unreachable API, are not documented: those here are this simulator's own.
import { callUpstream, installGlobal, parseJsonOrText, wireHeaders, type UpstreamHandler, type UpstreamRequest } from './upstream.js';

export interface ZohoCrmSimulatorConfig {
  /** Connection names (as set up in the CRM extension), each with the API it reaches. */
  connections: Record<string, UpstreamHandler>;
  /**
   * `details.statusMessage` as the parsed body (`'object'`, default; text stays text) or as the body text
   * (`'string'`); `'none'`: the shape CONNECTION.invoke's own doc comment shows, `details` the parsed body
   * itself, with no `statusMessage` and no `statusCode`.
   */
  statusMessage?: 'object' | 'string' | 'none' | undefined;
  /** Default true: `details.statusCode` carries the upstream status. With false the answer has none. */
  statusCode?: boolean | undefined;
  /** Default true: the host's SET_CONTEXT arrives just after `embeddedApp.init()`. With false, call `sim.load()`. */
  autoLoad?: boolean | undefined;
  /** The `PageLoad` event's data (the record the widget was opened on). */
  pageLoad?: Record<string, unknown> | undefined;
}

/** What the SDK forwards for one `CONNECTION.invoke`, as the host receives it. */
export interface CrmConnectionCall {
  connectionName: string;
  url: unknown;
  method: unknown;
  param_type: unknown;
  /** JSON text, or undefined when the widget passed none. */
  parameters: string | undefined;
  headers: string | undefined;
}

export interface SimulatedZoho {
  embeddedApp: { init(): Promise<void>; on(event: string, handler: (data: unknown) => void): void };
  CRM: { CONNECTION: { invoke(connectionName: string, request: object): Promise<unknown> } };
}

export interface ZohoCrmSimulator {
  /** The installed `ZOHO`. */
  zoho: SimulatedZoho;
  /** Every `CONNECTION.invoke` as the SDK forwarded it (what the widget passed beyond the five fields is gone). */
  calls: CrmConnectionCall[];
  /** Every request the CRM server made to an upstream API. */
  outbound: UpstreamRequest[];
  /** The host sends SET_CONTEXT: `init()` resolves and `PageLoad` handlers run. */
  load(): void;
  /** Puts back whatever `target.ZOHO` was before. */
  restore(): void;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const DEFAULT_PAGE = { Entity: 'Accounts', EntityId: ['5725767000000411001'] };

export function simulateZohoCrm(target: object, config: ZohoCrmSimulatorConfig): ZohoCrmSimulator {
  const host = target as Record<string, unknown>;
  const calls: CrmConnectionCall[] = [];
  const outbound: UpstreamRequest[] = [];
  const listeners = new Map<string, (data: unknown) => void>();
  let initPromise: Promise<void> | undefined;
  let loaded = false;
  let resolveInit = () => {};

  const load = () => {
    if (loaded) return;
    loaded = true;
    resolveInit();
    listeners.get('PageLoad')?.(structuredClone(config.pageLoad ?? DEFAULT_PAGE));
  };

  const zoho: SimulatedZoho = {
    embeddedApp: {
      // The SDK creates its client once: a second init() returns the first one's promise.
      init() {
        initPromise ??= new Promise<void>((resolve) => {
          resolveInit = resolve;
          if (config.autoLoad !== false) void Promise.resolve().then(load);
        });
        return initPromise;
      },
      // One handler per event name, the last one set.
      on(event, handler) {
        listeners.set(event, handler);
      },
    },
    CRM: {
      CONNECTION: {
        invoke(connectionName, options) {
          const request = options as Record<string, unknown>;
          // Before init() the SDK has no client: a TypeError, as its own code throws.
          if (!initPromise) throw new TypeError("Cannot read properties of undefined (reading 'getContext')");
          const call: CrmConnectionCall = {
            connectionName,
            url: request.url,
            method: request.method,
            param_type: request.param_type,
            parameters: JSON.stringify(request.parameters),
            headers: JSON.stringify(request.headers),
          };
          // Posted to the host as it is: the SDK has already turned parameters and headers into JSON text.
          calls.push(structuredClone(call));
          return answer(call, config, outbound);
        },
      },
    },
  };
  const restore = installGlobal(host, 'ZOHO', zoho);

  return { zoho, calls, outbound, load, restore };
}

/** The CRM server: resolves every answer, failures included, as the SDK's callers see it. */
async function answer(call: CrmConnectionCall, config: ZohoCrmSimulatorConfig, outbound: UpstreamRequest[]): Promise<unknown> {
  const handler = Object.hasOwn(config.connections, call.connectionName) ? config.connections[call.connectionName] : undefined;
  if (!handler) return { code: 'INVALID_CONNECTION', status: 'error', message: `Connection "${call.connectionName}" is not valid` };
  const request = upstreamRequest(call);
  if (typeof request === 'string') return { code: 'INVALID_DATA', status: 'error', message: request };
  outbound.push(request);
  let upstream;
  try {
    upstream = await callUpstream(handler, request);
  } catch (error) {
    return { code: 'ERROR', status: 'error', message: `Could not reach ${new URL(request.url).host}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const statusMessage = config.statusMessage === 'string' ? upstream.body : parseJsonOrText(upstream.body);
  const details =
    config.statusMessage === 'none' ? statusMessage : config.statusCode === false ? { statusMessage } : { statusMessage, statusCode: upstream.status };
  return { code: 'SUCCESS', details, message: 'Connection invoked successfully', status: 'success' };
}

/** The upstream request, or why the host refuses the call. */
function upstreamRequest(call: CrmConnectionCall): UpstreamRequest | string {
  const { url, method, param_type: paramType } = call;
  if (typeof url !== 'string' || !URL.canParse(url)) return 'url must be an absolute URL';
  if (typeof method !== 'string' || !METHODS.includes(method)) return `method must be one of ${METHODS.join(', ')}`;
  const headers = parseObject(call.headers);
  const parameters = parseObject(call.parameters);
  if (!headers || !parameters) return 'headers and parameters must be JSON objects';
  const request: UpstreamRequest = {
    method,
    url,
    headers: wireHeaders(Object.entries(headers)),
    connection: call.connectionName,
  };
  const entries = Object.entries(parameters);
  if (paramType === 2 && method !== 'GET') {
    request.body = call.parameters ?? '{}';
    request.headers['content-type'] ??= 'application/json';
  } else if (entries.length > 0) {
    const target = new URL(url);
    for (const [key, value] of entries) target.searchParams.append(key, typeof value === 'string' ? value : JSON.stringify(value));
    request.url = target.href;
  }
  return request;
}

/** JSON text of an object (or nothing, as `{}`); undefined when it is anything else. */
function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return {};
  const value = parseJsonOrText(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

// A stand-in for Zoho Finance's zf_sdk.js (`window.ZFAPPS`) and the host server behind it.
// Facts: a copy of zf_sdk.js, read and run, and Zoho Books' widget SDK documentation. The host's own
// wording of its errors is not documented: rejections here are `{ message }` objects, which is what
// widget code in the wild reads (`err.message`).
import { withQuery } from '../query.js';
import { callUpstream, installGlobal, wireHeaders, type UpstreamHandler, type UpstreamRequest } from './upstream.js';

export interface ZohoFinanceSimulatorConfig {
  /** Connection link names (as in plugin-manifest.json), each with the API it reaches. */
  connections: Record<string, UpstreamHandler>;
  /** Answers requests sent without `connection_link_name` (the docs allow that for APIs that need no auth). */
  anonymous?: UpstreamHandler | undefined;
  /** `extension.init()`: rejects its first `failures` calls; with `pending` it never settles (as outside a Zoho host). */
  init?: { failures?: number | undefined; pending?: boolean | undefined } | undefined;
  /** Fields of the Load payload `extension.init()` resolves with. */
  app?: Record<string, unknown> | undefined;
  /** What `ZFAPPS.get(key)` answers, by key: `get('invoice')` resolves `{ invoice: entities.invoice }`. */
  entities?: Record<string, unknown> | undefined;
}

/** A call to one of the SDK's other methods. */
export interface ZohoFinanceInvocation {
  method: 'extension.init' | 'instance.on' | 'get' | 'set' | 'invoke';
  args: unknown[];
}

export interface SimulatedZfapps {
  extension: { init(): Promise<Record<string, unknown>> };
  request(options: unknown): Promise<unknown>;
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  invoke(action: string, data?: unknown): Promise<unknown>;
}

export interface ZohoFinanceSimulator {
  /** The installed `ZFAPPS`. */
  zfapps: SimulatedZfapps;
  /** The options of every `ZFAPPS.request` call, copied as zf_sdk.js posts them. */
  calls: unknown[];
  /** Every request the host's server made to an upstream API. */
  outbound: UpstreamRequest[];
  /** `extension.init`, `instance.on`, `get`, `set` and `invoke` calls, in order. */
  invocations: ZohoFinanceInvocation[];
  /** Puts back whatever `target.ZFAPPS` was before. */
  restore(): void;
}

interface KeyValue {
  key: string;
  value: string | number | boolean;
}

interface Options {
  url: string;
  method: string;
  url_query?: KeyValue[];
  header?: KeyValue[];
  body?: { mode: 'raw'; raw: string } | { mode: 'urlencoded'; urlencoded: KeyValue[] } | { mode: 'formdata'; formdata: KeyValue[] };
  connection_link_name?: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const BOUNDARY = '----ZFAPPSSimulatorBoundary';

export function simulateZohoFinance(target: object, config: ZohoFinanceSimulatorConfig): ZohoFinanceSimulator {
  const host = target as Record<string, unknown>;
  const calls: unknown[] = [];
  const outbound: UpstreamRequest[] = [];
  const invocations: ZohoFinanceInvocation[] = [];
  let initCalls = 0;

  const record = (method: ZohoFinanceInvocation['method'], args: unknown[]) => invocations.push({ method, args: structuredClone(args) });

  const zfapps: SimulatedZfapps = {
    extension: {
      init() {
        record('extension.init', []);
        initCalls += 1;
        if (config.init?.pending) return new Promise(() => {});
        if (initCalls <= (config.init?.failures ?? 0)) return Promise.reject({ message: 'App registration failed' });
        return Promise.resolve({ ...config.app, instance: { on: (event: string) => void record('instance.on', [event]) } });
      },
    },
    async request(options) {
      // zf_sdk.js postMessages the options: a function or a FormData in them fails with a DataCloneError.
      const copy = structuredClone(options);
      calls.push(copy);
      return answer(copy, config, outbound);
    },
    async get(key) {
      record('get', [key]);
      return { [key]: config.entities?.[key] };
    },
    async set(key, value) {
      record('set', [key, value]);
    },
    async invoke(action, data) {
      record('invoke', data === undefined ? [action] : [action, data]);
    },
  };
  const restore = installGlobal(host, 'ZFAPPS', zfapps);

  return { zfapps, calls, outbound, invocations, restore };
}

/** What the host does with one request: validate, call the connection's API, answer `{ data: {...} }`. */
async function answer(options: unknown, config: ZohoFinanceSimulatorConfig, outbound: UpstreamRequest[]): Promise<unknown> {
  const problem = problemWith(options);
  if (problem) throw { message: problem };
  const valid = options as Options;
  const connection = valid.connection_link_name;
  const handler = connection === undefined ? config.anonymous : Object.hasOwn(config.connections, connection) ? config.connections[connection] : undefined;
  if (!handler) {
    throw { message: connection === undefined ? 'connection_link_name is required' : `Connection "${connection}" is not configured for this extension` };
  }
  const request = upstreamRequest(valid);
  outbound.push(request);
  let upstream;
  try {
    upstream = await callUpstream(handler, request);
  } catch (error) {
    // How the host reports an unreachable API is not documented: it rejects like any other host error.
    throw { message: `Could not reach ${new URL(request.url).host}: ${error instanceof Error ? error.message : String(error)}` };
  }
  // Non-2xx answers resolve too: widgets read status_code themselves.
  return { data: { body: upstream.body, status_code: upstream.status, status_message: STATUS_TEXT[upstream.status] ?? '' } };
}

/** The checks the host makes; `url` and `method` are required (Books' widget SDK documentation), the rest optional. */
function problemWith(options: unknown): string | undefined {
  if (!isRecord(options)) return 'options must be an object';
  const { url, method, url_query, header, body, connection_link_name } = options;
  if (typeof url !== 'string' || url === '') return 'url must be a non-empty string';
  if (!URL.canParse(url)) return `url "${url}" is not an absolute URL`;
  if (typeof method !== 'string' || !METHODS.includes(method)) return `method must be one of ${METHODS.join(', ')}`;
  if (url_query !== undefined && !isKeyValues(url_query)) return 'url_query must be an array of {key, value}';
  if (header !== undefined && !isKeyValues(header)) return 'header must be an array of {key, value}';
  if (connection_link_name !== undefined && typeof connection_link_name !== 'string') return 'connection_link_name must be a string';
  return body === undefined ? undefined : problemWithBody(body);
}

function problemWithBody(body: unknown): string | undefined {
  if (!isRecord(body)) return 'body must be an object';
  switch (body.mode) {
    case 'raw':
      return typeof body.raw === 'string' ? undefined : 'body.raw must be a string';
    case 'urlencoded':
    case 'formdata':
      return isKeyValues(body[body.mode]) ? undefined : `body.${body.mode} must be an array of {key, value}`;
    default:
      return 'body.mode must be one of urlencoded, formdata, raw';
  }
}

function upstreamRequest(options: Options): UpstreamRequest {
  const headers = wireHeaders((options.header ?? []).map(({ key, value }): [string, unknown] => [key, value]));
  const request: UpstreamRequest = {
    method: options.method,
    url: withQuery(new URL(options.url).href, (options.url_query ?? []).map(({ key, value }) => [key, String(value)])),
    headers,
    connection: options.connection_link_name ?? '',
  };
  // Public widget code sends a body with GET; the host's HTTP client cannot, so it drops it.
  const body = options.method === 'GET' || options.method === 'HEAD' ? undefined : options.body;
  if (body?.mode === 'raw') request.body = body.raw;
  if (body?.mode === 'urlencoded') {
    request.body = new URLSearchParams(body.urlencoded.map(({ key, value }) => [key, String(value)])).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  if (body?.mode === 'formdata') {
    request.body = multipart(body.formdata);
    headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`;
  }
  return request;
}

/** multipart/form-data text entries as a browser encodes them (HTML: `"`, CR and LF escaped in names). */
function multipart(entries: KeyValue[]): string {
  const escape = (name: string) => name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const parts = entries.map(({ key, value }) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${escape(key)}"\r\n\r\n${value}\r\n`);
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isKeyValues(value: unknown): value is KeyValue[] {
  return (
    Array.isArray(value) &&
    value.every((entry) => isRecord(entry) && typeof entry.key === 'string' && ['string', 'number', 'boolean'].includes(typeof entry.value))
  );
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

// Zoho Sigma hosts (Writer and every service of sigma-sdk v3): `request()` through `SigmaSDK[service]`.
// Facts: a copy of the sigma-sdk v3 script, read and run, and Writer's "Use Connections" page.
import { BridgeError, hostReason } from '../src/errors.js';
import { fillPathParams } from '../src/path-params.js';
import type { Adapter, AdapterResponse, Capabilities, ResolvedBody, ResolvedRequest } from '../src/types.js';

/** The services that share sigma-sdk's `init`/`request` (as the v3 script lists them; there is no SHEET). */
export type SigmaService =
  | 'WRITER' | 'CRM' | 'DESK' | 'PROJECTS' | 'ORCHESTLY' | 'MAIL' | 'SHOW' | 'SDP' | 'IOT' | 'ZAPPS'
  | 'CATALYST' | 'FINANCE' | 'CONNECT' | 'TEAMINBOX' | 'SPRINTS' | 'BUGTRACKER' | 'CREATOR' | 'PEOPLE'
  | 'COMMERCE' | 'SITES' | 'RECRUIT' | 'WORKDRIVE' | 'INVOICE' | 'INVENTORY' | 'SUBSCRIPTIONS'
  | 'CAMPAIGNS' | 'CHARMHEALTHEHR' | 'BIGIN' | 'EXPENSE' | 'FSM' | 'LOGS360CLOUD'
  | (string & {});

/** The documented request options this adapter sends. The SDK postMessages them: plain data only. */
export interface SigmaRequestOptions {
  connectionLinkName: string;
  type: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  postBody?: string;
}

interface SigmaClient {
  request(options: SigmaRequestOptions): Promise<unknown>;
}

/** `SigmaSDK[service]`: `init` in every copy; `request` too in the documents' style. */
interface SigmaServiceSdk extends Partial<SigmaClient> {
  init(handler?: () => void): unknown;
}

export interface ZohoSigmaOptions {
  service: SigmaService;
  /** The `SigmaSDK` namespace. Default: `window.SigmaSDK`, looked up at each use, so a script loaded later is found. */
  sdk?: Record<string, unknown>;
  /**
   * The instance your widget's own `SigmaSDK[service].init()` returned, once its Load arrived: used as it is,
   * with no second `init()` (whether the host announces Load again to a second instance is not documented).
   */
  instance?: { request(options: SigmaRequestOptions): Promise<unknown> };
}

const capabilities: Capabilities = {
  composite: false,
  url: true,
  textBody: true,
  formBody: true,
  // The SDK postMessages its options, and a FormData cannot be cloned; `fileObj` is documented by name only.
  multipartBody: false,
  repeatedQuery: true,
  responseStatus: true,
  // No answer shape seen on Sigma hosts carries headers.
  responseHeaders: false,
};

// The documented `type` values: Sigma has no HEAD or OPTIONS.
const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function zohoSigma(options: ZohoSigmaOptions): Adapter {
  const { service } = options;
  const name = `SigmaSDK.${service}`;
  const lookup = (): unknown => (options.sdk ?? (globalThis as { SigmaSDK?: Record<string, unknown> }).SigmaSDK)?.[service];
  let client: Promise<SigmaClient> | undefined;
  // One SDK init for the adapter's life, kept past a request that gave up waiting: a late Load still settles it.
  const registered = () =>
    (client ??= options.instance ? Promise.resolve(options.instance) : register(lookup() as SigmaServiceSdk, name).catch(forget));
  const forget = (error: unknown): never => {
    client = undefined;
    throw error;
  };

  return {
    vendor: 'zoho-sigma',
    capabilities,
    detect() {
      if (options.instance) return typeof options.instance.request === 'function' || 'options.instance has no request()';
      const found = lookup() as Partial<SigmaServiceSdk> | undefined;
      if (typeof found?.init === 'function') return true;
      return options.sdk || 'SigmaSDK' in globalThis ? `${name} has no init()` : 'window.SigmaSDK not found (load sigma-sdk.min.js)';
    },
    async init() {
      await registered();
    },
    notReady(timeout) {
      return new BridgeError('CONNECTOR_ERROR', `the host never registered the app (no Load for ${name}) within ${timeout} ms`);
    },
    async send(request) {
      const sigmaOptions = toOptions(request, service);
      const sdk = await registered();
      let value: unknown;
      try {
        value = await sdk.request(sigmaOptions);
      } catch (reason) {
        throw rejection(reason, name);
      }
      return fromAnswer(value, name);
    },
  };
}

/**
 * Calls `init(handler)` and waits for the handler, which runs on the host's Load: until then the
 * instance's `request` throws `App not registered.` synchronously (seen running a copy of the script).
 */
async function register(sdk: SigmaServiceSdk, name: string): Promise<SigmaClient> {
  let instance: unknown;
  try {
    await new Promise<void>((loaded) => {
      instance = sdk.init(() => loaded());
    });
  } catch (reason) {
    throw new BridgeError('CONNECTOR_ERROR', `${name}.init() failed: ${hostReason(reason)}`, { cause: reason });
  }
  const found = [instance, sdk].find((c): c is SigmaClient => typeof (c as Partial<SigmaClient> | null)?.request === 'function');
  if (!found) throw new BridgeError('CONNECTOR_ERROR', `${name}.init() gave no instance with request(), and ${name} has none`);
  return found;
}

function toOptions(request: ResolvedRequest, service: string): SigmaRequestOptions {
  if (request.composite) throw new BridgeError('UNSUPPORTED', 'Zoho Sigma has no composite connectors');
  if (request.url === undefined) {
    throw new BridgeError('INVALID_REQUEST', 'Zoho Sigma needs a url', { issues: [{ path: ['url'], message: 'required' }] });
  }
  if (!VERBS.includes(request.method)) throw new BridgeError('UNSUPPORTED', `Zoho Sigma takes ${VERBS.join(', ')} only`);
  const headers = { ...request.headers };
  const postBody = toPostBody(request.body, headers);
  let verb: string = request.method;
  if (service === 'DESK' && verb === 'PATCH') {
    // Zoho Desk's request takes PATCH as POST with a `header-override` header (VENDORS.md, Zoho Desk).
    verb = 'POST';
    headers['header-override'] = 'PATCH';
  }
  return {
    connectionLinkName: request.connection,
    // Both: the SDK sets `options.method = 'GET'` when it is missing, whatever `type` says.
    type: verb,
    method: verb,
    url: withQuery(fillPathParams(request.url, request.pathParams), request.query),
    headers,
    ...(postBody !== undefined && { postBody }),
  };
}

function toPostBody(body: ResolvedBody, headers: Record<string, string>): string | undefined {
  const contentType = (type: string) => {
    if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) headers['Content-Type'] = type;
  };
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      contentType('application/json');
      return JSON.stringify(body.value);
    case 'text':
      return body.value;
    case 'form':
      contentType('application/x-www-form-urlencoded');
      return body.value.toString();
    case 'multipart':
      throw new BridgeError('UNSUPPORTED', 'Zoho Sigma cannot send a FormData body');
  }
}

/** Appends RFC 3986-encoded pairs to the URL's own query string, before any fragment. */
function withQuery(url: string, query: Array<[string, string]>): string {
  if (query.length === 0) return url;
  const [base = '', fragment] = url.split(/(?=#)/, 2);
  const joiner = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return base + joiner + query.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&') + (fragment ?? '');
}

// encodeURIComponent leaves the sub-delimiters ! ' ( ) * as they are.
const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const ENVELOPE_KEYS = ['response', 'statusCode', 'statusMessage'];

/**
 * Writer's answer is undocumented, so every shape seen on Sigma hosts is read: the body itself (object
 * or JSON text); `{ response, statusCode?, statusMessage? }`; Desk's JSON text whose `response` is JSON
 * text holding `{ statusCode, statusMessage: body }`; `{ data: { statusMessage } }`. No status means 200.
 */
function fromAnswer(value: unknown, name: string): AdapterResponse {
  let body = value;
  let code: unknown;
  // Bounded: a structured-cloned answer may refer to itself.
  for (let depth = 0, envelope = envelopeOf(body); envelope && depth < 4; depth++, envelope = envelopeOf(body)) {
    code = envelope.statusCode ?? code;
    body = 'response' in envelope ? envelope.response : envelope.statusMessage;
  }
  const status = code === undefined ? 200 : Number(code);
  if (value === undefined || typeof value === 'function' || !(Number.isInteger(status) && status >= 100 && status <= 599)) {
    throw new BridgeError('INVALID_RESPONSE', `${name}.request answered in a shape this adapter cannot read`, { data: value });
  }
  return { status, body, raw: value };
}

function envelopeOf(value: unknown): Record<string, unknown> | undefined {
  let candidate = typeof value === 'string' ? parseObject(value) : value;
  if (isRecord(candidate) && Object.keys(candidate).join() === 'data') candidate = candidate.data;
  if (!isRecord(candidate)) return undefined;
  const keys = Object.keys(candidate);
  return keys.length > 0 && keys.every((key) => ENVELOPE_KEYS.includes(key)) ? candidate : undefined;
}

function parseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The SDK rejects with `{ type: 'VALIDATION_ERROR' | 'APP_ERROR', message }`; the host with whatever it sent. */
function rejection(reason: unknown, name: string): BridgeError {
  const type = (reason as { type?: unknown } | null)?.type;
  return new BridgeError(
    type === 'VALIDATION_ERROR' ? 'INVALID_REQUEST' : 'CONNECTOR_ERROR',
    `${name}.request failed: ${hostReason(reason)}`,
    { cause: reason, ...(typeof type === 'string' && { vendorCode: type }) },
  );
}

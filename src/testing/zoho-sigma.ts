// A stand-in for Zoho's sigma-sdk v3 (`window.SigmaSDK[service]`) and the host server behind it.
// Facts: a copy of the sigma-sdk v3 script, read and run, and Writer's "Use Connections" page. The SDK's own
// checks reject with `{ type: 'VALIDATION_ERROR', message }`; their wording, the host's errors and the
// Load payload are not documented, so those here are this simulator's own.
import { callUpstream, parseJsonOrText, wireHeaders, type UpstreamHandler, type UpstreamRequest } from './upstream.js';

/**
 * How `request()` resolves; Writer's answer is undocumented, so each shape seen on Sigma hosts is offered:
 * - `'envelope'` (default): `{ response: body, statusCode }`, the body parsed when it is JSON;
 * - `'envelope-strings'`: Zoho Desk's nesting, JSON text of `{ response: JSON text of { statusCode, statusMessage: body text } }`;
 * - `'data-statusMessage'`: `{ data: { statusMessage: body } }`, the body parsed when it is JSON (no status);
 * - `'body'`: the body itself, parsed when it is JSON (no status: a non-2xx answer resolves too);
 * - `'json-string'`: the body text as it came (no status).
 */
export type SigmaAnswerShape = 'envelope' | 'envelope-strings' | 'data-statusMessage' | 'body' | 'json-string';

export interface ZohoSigmaSimulatorConfig {
  /** The Sigma service to install, e.g. `'WRITER'` (default) or `'DESK'`. */
  service?: string | undefined;
  /** Connection link names (as in plugin-manifest.json), each with the API it reaches. */
  connections: Record<string, UpstreamHandler>;
  answer?: SigmaAnswerShape | undefined;
  /**
   * `'instance'` (default, as in copies of the SDK): `SigmaSDK[service]` has only `init(handler)`, which returns
   * an instance carrying `request` and `showMessage`. `'static'` (as in Zoho's documents): `init(handler)`
   * returns nothing and `request`/`showMessage` sit on `SigmaSDK[service]` itself.
   */
  style?: 'instance' | 'static' | undefined;
  /** Default true: the host registers the app (Load) just after `init()`. With false, call `sim.load()`. */
  autoLoad?: boolean | undefined;
}

export interface SimulatedSigmaClient {
  request(options: unknown): Promise<unknown>;
  showMessage(options: unknown): Promise<void>;
}

export interface ZohoSigmaSimulator {
  /** The installed `SigmaSDK` namespace (pass it as `zohoSigma({ service, sdk })`). */
  sdk: Record<string, unknown>;
  /** The options of every `request` call after Load, copied as the SDK received them. */
  calls: unknown[];
  /** Every request the host's server made to an upstream API. */
  outbound: UpstreamRequest[];
  /** The options of every `showMessage` call. */
  messages: unknown[];
  /** How many times `init` was called. */
  readonly inits: number;
  /** The host registers the app: `request` works from now on and every `init` handler runs. */
  load(): void;
  /** Puts back whatever `target.SigmaSDK` (or its `service` entry) was before. */
  restore(): void;
}

interface SigmaOptions {
  connectionLinkName?: unknown;
  url: string;
  type: string;
  method?: string;
  headers?: Record<string, unknown>;
  postBody?: unknown;
}

// The documented `type` values.
const TYPES = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const NOT_REGISTERED = 'App not registered.';

export function simulateZohoSigma(target: object, config: ZohoSigmaSimulatorConfig): ZohoSigmaSimulator {
  const service = config.service ?? 'WRITER';
  const host = target as Record<string, unknown>;
  const hadSdk = isRecord(host.SigmaSDK);
  const sdk = hadSdk ? (host.SigmaSDK as Record<string, unknown>) : {};
  const hadService = Object.hasOwn(sdk, service);
  const previous = sdk[service];
  const calls: unknown[] = [];
  const outbound: UpstreamRequest[] = [];
  const messages: unknown[] = [];
  const handlers: Array<(() => void) | undefined> = [];
  let registered = false;
  let inits = 0;

  const load = () => {
    registered = true;
    for (const handler of handlers.splice(0)) handler?.();
  };
  const client: SimulatedSigmaClient = {
    request(options) {
      // The real SDK throws synchronously here until the host's __REGISTER__ (seen running a copy of it).
      if (!registered) throw new Error(NOT_REGISTERED);
      calls.push(snapshot(options));
      return send(options, service, config, outbound);
    },
    showMessage(options) {
      if (!registered) throw new Error(NOT_REGISTERED);
      messages.push(snapshot(options));
      return Promise.resolve();
    },
  };
  const init = (handler?: () => void) => {
    inits += 1;
    handlers.push(handler);
    // The host's Load arrives after init() has returned; a later init() hears it again.
    if (registered || config.autoLoad !== false) void Promise.resolve().then(load);
    return config.style === 'static' ? undefined : { ...client };
  };
  sdk[service] = config.style === 'static' ? { init, ...client } : { init };
  if (!hadSdk) host.SigmaSDK = sdk;

  return {
    sdk,
    calls,
    outbound,
    messages,
    get inits() {
      return inits;
    },
    load,
    restore() {
      if (!hadSdk) delete host.SigmaSDK;
      else if (hadService) sdk[service] = previous;
      else delete sdk[service];
    },
  };
}

/** What the SDK and host do with one request: validate, postMessage, call the connection's API, answer. */
async function send(options: unknown, service: string, config: ZohoSigmaSimulatorConfig, outbound: UpstreamRequest[]): Promise<unknown> {
  const problem = problemWith(options, service);
  if (problem) throw { type: 'VALIDATION_ERROR', message: problem };
  const valid = options as SigmaOptions;
  // The SDK fills in `method` on the caller's object when it is missing, whatever `type` says (seen in its script).
  valid.method ??= 'GET';
  // ...and postMessages the options: a function or a FormData in them fails with a DataCloneError.
  structuredClone(valid);
  const name = valid.connectionLinkName;
  const handler = typeof name === 'string' && Object.hasOwn(config.connections, name) ? config.connections[name] : undefined;
  if (!handler) throw { type: 'APP_ERROR', message: `Connection "${String(name)}" is not configured in plugin-manifest.json` };
  const request = upstreamRequest(valid, service);
  outbound.push(request);
  let answer;
  try {
    answer = await callUpstream(handler, request);
  } catch (error) {
    throw { type: 'APP_ERROR', message: `Could not reach ${new URL(request.url).host}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return shape(answer.status, answer.body, config.answer ?? 'envelope');
}

/** The SDK script's own checks and the fields Writer's "Use Connections" page documents as required. */
function problemWith(options: unknown, service: string): string | undefined {
  if (!isRecord(options)) return 'Request options must be an object.';
  const { url, type, headers, params, files, postBody } = options;
  if (typeof url !== 'string' || url === '') return "'url' is required and must be a string.";
  if (typeof type !== 'string' || !TYPES.includes(type)) return `'type' must be one of ${TYPES.join(', ')}.`;
  if (service === 'DESK' && type === 'PATCH') return "Zoho Desk takes PATCH as type 'POST' with the header 'header-override: PATCH'.";
  if (headers !== undefined && !isRecord(headers)) return "'headers' must be an object.";
  if (params !== undefined && !isRecord(params)) return "'params' must be an object.";
  if (files !== undefined && (!Array.isArray(files) || files.length > 5)) return "'files' takes at most 5 files.";
  if (postBody !== undefined && typeof postBody !== 'string' && typeof postBody !== 'object') return "'postBody' must be an object or a string.";
  return undefined;
}

function upstreamRequest(options: SigmaOptions, service: string): UpstreamRequest {
  const headers = wireHeaders(Object.entries(options.headers ?? {}));
  let method = options.type;
  const override = headers['header-override'];
  if (service === 'DESK' && override !== undefined) {
    // Zoho Desk's proxy turns POST + `header-override: PATCH` into the PATCH it stands for.
    method = override.toUpperCase();
    delete headers['header-override'];
  }
  const request: UpstreamRequest = { method, url: options.url, headers, connection: String(options.connectionLinkName) };
  const { postBody } = options;
  if (postBody !== undefined && method !== 'GET') {
    request.body = typeof postBody === 'string' ? postBody : JSON.stringify(postBody);
    if (typeof postBody !== 'string') headers['content-type'] ??= 'application/json';
  }
  return request;
}

function shape(status: number, text: string, answer: SigmaAnswerShape): unknown {
  switch (answer) {
    case 'envelope':
      return { response: parseJsonOrText(text), statusCode: status };
    case 'envelope-strings':
      return JSON.stringify({ response: JSON.stringify({ statusCode: status, statusMessage: text }) });
    case 'data-statusMessage':
      return { data: { statusMessage: parseJsonOrText(text) } };
    case 'body':
      return parseJsonOrText(text);
    case 'json-string':
      return text;
  }
}

/** A copy as the SDK received the options; shallow when they hold something that cannot be cloned. */
function snapshot(options: unknown): unknown {
  try {
    return structuredClone(options);
  } catch {
    return isRecord(options) ? { ...options } : options;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

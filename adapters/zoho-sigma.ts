// Zoho Sigma hosts (Writer and every service of sigma-sdk v3): `request()` through `SigmaSDK[service]`.
// Facts: a copy of the sigma-sdk v3 script, read and run, and Writer's "Use Connections" page.
import { BridgeError, hostReason } from '../src/errors.js';
import { withQuery } from '../src/query.js';
import type { Adapter, AdapterResponse, Capabilities, ResolvedBody, ResolvedRequest } from '../src/types.js';
import { startPerSdk } from './sdk-start.js';
import { guardZohoMessages, hostAnswer } from './zoho-guard.js';
import { zsdkRegistered } from './zsdk-registration.js';

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
  sdk?: Record<string, unknown> | undefined;
  /**
   * The instance your widget's own `SigmaSDK[service].init()` returned, once its Load arrived: used as it is,
   * with no second `init()` (whether the host announces Load again to a second instance is not documented).
   */
  instance?: { request(options: SigmaRequestOptions): Promise<unknown> } | undefined;
}

const capabilities: Capabilities = {
  composite: false,
  url: true,
  textBody: true,
  formBody: true,
  // The SDK postMessages its options, and a FormData cannot be cloned; `fileObj` is documented by name only.
  multipartBody: false,
  repeatedQuery: true,
  // Writer's answer is undocumented and some shapes seen on Sigma hosts carry no status (they read as 200):
  // a status is used where the answer has one, but the upstream status is not known to reach the widget.
  responseStatus: false,
  // No answer shape seen on Sigma hosts carries headers.
  responseHeaders: false,
};

// The documented `type` values: Sigma has no HEAD or OPTIONS.
const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function zohoSigma(options: ZohoSigmaOptions): Adapter {
  const { service } = options;
  const name = `SigmaSDK.${service}`;
  const guard = guardZohoMessages();
  const lookup = (): unknown => (options.sdk ?? (globalThis as { SigmaSDK?: Record<string, unknown> }).SigmaSDK)?.[service];
  // The widget's own init() heard the Load already: the page's ZSDK says so, or the Load passed the guard.
  const adopted = () => (options.sdk === undefined && zsdkRegistered()) || guard?.hostLoaded === true;
  // One SDK init per service object, kept past a request that gave up waiting: a late Load still settles it.
  const started = startPerSdk((sdk: SigmaServiceSdk) => register(sdk, name, adopted()));
  const client = (): Promise<SigmaClient> => (options.instance ? Promise.resolve(options.instance) : started(lookup() as SigmaServiceSdk));

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
      await client();
    },
    notReady(timeout) {
      return new BridgeError('CONNECTOR_ERROR', `the host never registered the app (no Load for ${name}) within ${timeout} ms`);
    },
    async send(request) {
      const sigmaOptions = toOptions(request, service);
      const sdk = await client();
      let value: unknown;
      try {
        value = await hostAnswer(guard, 'promiseID', () => sdk.request(sigmaOptions));
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
 * When the Load has already passed (the widget's own init() heard it), there is nothing to wait for: a
 * handler added after the Load is not known to run.
 */
async function register(sdk: SigmaServiceSdk, name: string, loadedAlready: boolean): Promise<SigmaClient> {
  let instance: unknown;
  try {
    await new Promise<void>((loaded) => {
      instance = sdk.init(() => loaded());
      if (loadedAlready) loaded();
    });
  } catch (reason) {
    throw new BridgeError('CONNECTOR_ERROR', `${name}.init() failed: ${hostReason(reason)}`, { cause: reason });
  }
  const found = [instance, sdk].find((c): c is SigmaClient => typeof (c as Partial<SigmaClient> | null)?.request === 'function');
  if (!found) throw new BridgeError('CONNECTOR_ERROR', `${name}.init() gave no instance with request(), and ${name} has none`);
  return found;
}

// The core has checked the capabilities, filled the url's path parameters and set Content-Type.
function toOptions(request: ResolvedRequest, service: string): SigmaRequestOptions {
  if (!VERBS.includes(request.method)) throw new BridgeError('UNSUPPORTED', `Zoho Sigma takes ${VERBS.join(', ')} only`);
  const headers = { ...request.headers };
  const postBody = toPostBody(request.body);
  let verb: string = request.method;
  if (service === 'DESK' && verb === 'PATCH') {
    // Zoho Desk's request takes PATCH as POST with a `header-override` header.
    verb = 'POST';
    headers['header-override'] = 'PATCH';
  }
  return {
    connectionLinkName: request.connection,
    // Both: the SDK sets `options.method = 'GET'` when it is missing, whatever `type` says.
    type: verb,
    method: verb,
    url: withQuery(request.url as string, request.query),
    headers,
    ...(postBody !== undefined && { postBody }),
  };
}

function toPostBody(body: ResolvedBody): string | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return JSON.stringify(body.value);
    case 'text':
      return body.value;
    case 'form':
      return body.value.toString();
    case 'multipart':
      throw new BridgeError('UNSUPPORTED', 'Zoho Sigma cannot send a FormData body');
  }
}

/**
 * The SDK's own answer envelope, recognised by its whole structure and unwrapped once; the upstream body
 * inside it is never looked into, so a body that happens to hold `statusCode` or `statusMessage` is data.
 * Writer's answer is undocumented, so every shape seen on Sigma hosts is read:
 * - `{ response, statusCode? }` (the body in `response`, object or text);
 * - Zoho Desk's JSON text of `{ response: JSON text of { statusCode, statusMessage: body } }`;
 * - `{ statusCode, statusMessage? }`, alone or as `{ data: … }`;
 * - `{ data: { statusMessage } }` (no status);
 * - anything else is the body itself. No status means 200.
 */
function fromAnswer(value: unknown, name: string): AdapterResponse {
  if (value === undefined || typeof value === 'function') {
    throw new BridgeError('INVALID_RESPONSE', `${name}.request answered in a shape this adapter cannot read`, { data: value });
  }
  const outer = typeof value === 'string' ? parseObject(value) : value;
  let envelope = statusEnvelope(outer);
  if (!envelope && hasKeys(outer, ['response'], ['statusCode', 'statusMessage'])) {
    // Desk: `response` is itself JSON text of the status envelope.
    const inner = typeof outer.response === 'string' ? statusEnvelope(parseObject(outer.response)) : undefined;
    envelope = inner ?? { status: outer.statusCode, body: outer.response };
  }
  if (!envelope && hasKeys(outer, ['data'], [])) {
    envelope = statusEnvelope(outer.data) ?? (hasKeys(outer.data, ['statusMessage'], []) ? { status: undefined, body: outer.data.statusMessage } : undefined);
  }
  const { status, body } = envelope ?? { status: undefined, body: value };
  return { status: status === undefined ? 200 : Number(status), body, raw: value };
}

/** `{ statusCode, statusMessage? }` exactly, with a status that reads as a number (the core checks its range). */
function statusEnvelope(value: unknown): { status: unknown; body: unknown } | undefined {
  if (!hasKeys(value, ['statusCode'], ['statusMessage'])) return undefined;
  return /^\d+$/.test(String(value.statusCode)) ? { status: value.statusCode, body: value.statusMessage } : undefined;
}

/** A plain object with every `required` key and no key outside `required` and `optional`. */
function hasKeys(value: unknown, required: string[], optional: string[]): value is Record<string, any> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return required.every((key) => keys.includes(key)) && keys.every((key) => required.includes(key) || optional.includes(key));
}

function parseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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

// Zoho Finance apps (Books, Invoice, Billing, Inventory, Expense): `request()` through `ZFAPPS.request`.
// Facts: a copy of zf_sdk.js, read and run, and Zoho Books' widget SDK documentation.
import { BridgeError, hostReason } from '../src/errors.js';
import type { Adapter, AdapterResponse, Capabilities, ResolvedBody, ResolvedRequest } from '../src/types.js';
import { startPerSdk } from './sdk-start.js';
import { initShared, shareInit } from './shared-init.js';
import { zsdkRegistered } from './zsdk-registration.js';
import { guardZohoMessages, hostAnswer } from './zoho-guard.js';

export interface ZfKeyValue {
  key: string;
  value: string;
}

export type ZfBody =
  | { mode: 'raw'; raw: string }
  | { mode: 'urlencoded'; urlencoded: ZfKeyValue[] }
  | { mode: 'formdata'; formdata: ZfKeyValue[] };

/** The options of `ZFAPPS.request`. zf_sdk.js postMessages them, so they hold plain data only. */
export interface ZfRequestOptions {
  connection_link_name: string;
  url: string;
  method: string;
  url_query: ZfKeyValue[];
  header: ZfKeyValue[];
  body?: ZfBody;
}

/** The part of `window.ZFAPPS` this adapter calls. */
export interface Zfapps {
  extension: { init(): Promise<unknown> };
  request(options: ZfRequestOptions): Promise<unknown>;
}

export interface ZohoFinanceOptions {
  /** The SDK object. Default: `window.ZFAPPS`, looked up at each use, so a script loaded later is found. */
  zfapps?: Zfapps | undefined;
  /**
   * Rarely needed: what your widget's own `ZFAPPS.extension.init()` gave (its promise, or the Load payload),
   * on a page where the SDK cannot say it is registered. zf_sdk.js shows its registration
   * (`ZSDK._getRootInstance().isRegistered()`), and the adapter adopts a registered SDK by itself.
   */
  loaded?: unknown;
}

const capabilities: Capabilities = {
  composite: false,
  url: true,
  textBody: true,
  formBody: true,
  // The SDK's `formdata` entries carry text only and its `attachments` shape is undocumented beyond
  // `value: File`: a FormData is refused (UNSUPPORTED) rather than sent without its files.
  multipartBody: false,
  repeatedQuery: true,
  // Every FETCH_DATA answer carries `status_code` (an answer without one reads as 200).
  responseStatus: true,
  // The host's answer carries status and body, no headers.
  responseHeaders: false,
};

export function zohoFinance(options: ZohoFinanceOptions = {}): Adapter {
  const guard = guardZohoMessages();
  const lookup = (): unknown => options.zfapps ?? (globalThis as { ZFAPPS?: unknown }).ZFAPPS;
  const sdk = () => lookup() as Zfapps;
  const started = startPerSdk(async (zfapps: Zfapps) => {
    try {
      if ('loaded' in options) await options.loaded;
      else if (!adopted(zfapps)) await shareInit(zfapps.extension, SHARED)();
    } catch (reason) {
      throw new BridgeError('CONNECTOR_ERROR', `ZFAPPS.extension.init() failed: ${hostReason(reason)}`, { cause: reason });
    }
  });
  // The widget's own init() heard the Load already (a second init() would wait for a Load that never
  // comes): the script says it is registered, or the Load passed the guard and no init() went through ours.
  const adopted = (zfapps: Zfapps) =>
    (options.zfapps === undefined && zsdkRegistered()) || (guard?.hostLoaded === true && !initShared(zfapps.extension, SHARED));
  const found = lookup();
  if (isZfapps(found)) {
    // From now on the widget's own init() and this adapter's are one call.
    shareInit(found.extension, SHARED);
    // On a page a Zoho host framed, it starts now: zf_sdk.js answers an init() only on a Load that comes
    // after it, and the host sends one, maybe before this bridge's first request.
    if (guard) started(found).catch(() => {});
  }
  return {
    vendor: 'zoho-finance',
    capabilities,
    detect() {
      const found = lookup();
      if (found === undefined) return 'window.ZFAPPS not found (load zf_sdk.js inside a Zoho Finance app)';
      return isZfapps(found) || 'ZFAPPS has no request() or extension.init()';
    },
    async init() {
      await started(sdk());
    },
    notReady(timeout) {
      // Outside a Zoho host the SDK never hears the host's __REGISTER__, so init() never settles.
      return new BridgeError(
        'CONNECTOR_ERROR',
        `ZFAPPS.extension.init() did not resolve within ${timeout} ms: is the widget running inside a Zoho Finance app? ` +
          '(A widget that called it itself before creating the bridge, on a page whose ZSDK cannot say it is registered, passes what it gave as zohoFinance({ loaded }).)',
      );
    },
    async send(request) {
      const zfOptions = toOptions(request);
      const zfapps = sdk();
      await started(zfapps);
      let value: unknown;
      try {
        value = await hostAnswer(guard, 'promiseID', () => zfapps.request(zfOptions));
      } catch (reason) {
        throw new BridgeError('CONNECTOR_ERROR', `ZFAPPS.request failed: ${hostReason(reason)}`, { cause: reason });
      }
      return fromAnswer(value);
    },
  };
}

// The shared extension.init(), on the SDK object (see shared-init.ts).
const SHARED = Symbol.for('widget-bridge.zfapps-init');

function isZfapps(value: unknown): value is Zfapps {
  const candidate = value as Partial<Zfapps> | null;
  return typeof candidate?.request === 'function' && typeof candidate.extension?.init === 'function';
}

// The core has checked the capabilities, filled the url's path parameters and set Content-Type.
function toOptions(request: ResolvedRequest): ZfRequestOptions {
  const body = toBody(request.body);
  return {
    connection_link_name: request.connection,
    url: request.url as string,
    method: request.method,
    url_query: pairs(request.query),
    header: pairs(Object.entries(request.headers)),
    ...(body && { body }),
  };
}

function toBody(body: ResolvedBody): ZfBody | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return { mode: 'raw', raw: JSON.stringify(body.value) };
    case 'text':
      return { mode: 'raw', raw: body.value };
    case 'form':
      return { mode: 'urlencoded', urlencoded: pairs(body.value) };
    case 'multipart':
      // Refused by the core (multipartBody: false); never sent without its files.
      throw new BridgeError('UNSUPPORTED', 'Zoho Finance cannot send a FormData body');
  }
}

function pairs(entries: Iterable<[string, string]>): ZfKeyValue[] {
  return Array.from(entries, ([key, value]) => ({ key, value }));
}

/**
 * Widgets read `value.data.body` (a string) and `value.data.status_code` (a number or numeric string).
 * A missing status means 200: the host resolved, and widget code seen in the wild reads only `body`.
 */
function fromAnswer(value: unknown): AdapterResponse {
  const data = (value as { data?: unknown } | null)?.data;
  const { body, status_code: code } = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const status = code === undefined ? 200 : statusOf(code);
  const readable = typeof body === 'string' || (body === undefined && code !== undefined);
  if (!readable || status === undefined) {
    throw new BridgeError('INVALID_RESPONSE', 'ZFAPPS.request answered without a string data.body or a valid data.status_code', {
      data: value,
    });
  }
  return { status, body: body ?? '', raw: value };
}

/** A number, or a numeric string; the core refuses one outside 100-599. */
function statusOf(code: unknown): number | undefined {
  const status = typeof code === 'string' && /^\d{3}$/.test(code.trim()) ? Number(code) : code;
  return typeof status === 'number' ? status : undefined;
}

// Zoho CRM widgets: `request()` through `ZOHO.CRM.CONNECTION.invoke` of the embedded-app SDK.
// Facts: the SDK's source (ZohoDevelopers/embeddedApp-js-sdk, lib/ZohoCrmHelper.js and lib/ZSDK.js) and
// public widget code written against it.
import { BridgeError, hostReason } from '../src/errors.js';
import { withQuery } from '../src/query.js';
import type { Adapter, AdapterResponse, Capabilities, JsonValue, ResolvedRequest } from '../src/types.js';
import { startPerSdk } from './sdk-start.js';
import { shareInit } from './shared-init.js';
import { guardZohoMessages, hostAnswer } from './zoho-guard.js';

/**
 * What `CONNECTION.invoke(name, request)` keeps of `request`: these five fields, `parameters` and `headers`
 * sent as JSON text. Anything else (`body`, `params`, …) is silently dropped by the SDK.
 */
export interface CrmConnectionRequest {
  url: string;
  method: string;
  /** 1: `parameters` as query-style parameters; 2: `parameters` as the JSON body. */
  param_type: 1 | 2;
  parameters?: { [key: string]: JsonValue | undefined };
  headers: Record<string, string>;
}

/** The part of `window.ZOHO` this adapter calls. */
export interface ZohoCrmSdk {
  embeddedApp: { init(): Promise<unknown> };
  CRM: { CONNECTION: { invoke(connectionName: string, request: CrmConnectionRequest): Promise<unknown> } };
}

export interface ZohoCrmOptions {
  /** The SDK object. Default: `window.ZOHO`, looked up at each use, so a script loaded later is found. */
  zoho?: ZohoCrmSdk | undefined;
}

const capabilities: Capabilities = {
  composite: false,
  url: true,
  // The SDK forwards no body field: a body travels only as the JSON `parameters` of param_type 2.
  textBody: false,
  formBody: false,
  // Files go only through CONNECTOR.invokeAPI (multipart), not CONNECTION.invoke.
  multipartBody: false,
  repeatedQuery: true,
  // `details.statusCode` when the host adds it; the answer CONNECTION.invoke documents has none (read as
  // 200), so the upstream status is not known to reach the widget.
  responseStatus: false,
  // The answer carries no upstream headers.
  responseHeaders: false,
};

// The verbs Zoho's connections (Deluge invokeurl) take: no HEAD or OPTIONS.
const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const INVOKE = 'ZOHO.CRM.CONNECTION.invoke';

export function zohoCrm(options: ZohoCrmOptions = {}): Adapter {
  const guard = guardZohoMessages();
  const lookup = (): unknown => options.zoho ?? (globalThis as { ZOHO?: unknown }).ZOHO;
  const sdk = () => lookup() as ZohoCrmSdk;
  const started = startPerSdk(async (zoho: ZohoCrmSdk) => {
    try {
      await shareInit(zoho.embeddedApp, SHARED)();
    } catch (reason) {
      throw new BridgeError('CONNECTOR_ERROR', `ZOHO.embeddedApp.init() failed: ${hostReason(reason)}`, { cause: reason });
    }
  });
  const found = lookup();
  // From now on the widget's own init() and this adapter's are one call, on every build of the SDK.
  if (isZohoCrm(found)) shareInit(found.embeddedApp, SHARED);
  return {
    vendor: 'zoho-crm',
    capabilities,
    detect() {
      const found = lookup();
      if (found === undefined) return 'window.ZOHO not found (load the Zoho CRM embedded-app SDK inside Zoho CRM)';
      return isZohoCrm(found) || 'ZOHO has no embeddedApp.init() or CRM.CONNECTION.invoke()';
    },
    async init() {
      await started(sdk());
    },
    notReady(timeout) {
      // Outside Zoho CRM no SET_CONTEXT arrives and init() never settles.
      return new BridgeError('CONNECTOR_ERROR', `ZOHO.embeddedApp.init() did not resolve within ${timeout} ms: is the widget running inside Zoho CRM?`);
    },
    async send(request) {
      const crmRequest = toRequest(request);
      const zoho = sdk();
      await started(zoho);
      let value: unknown;
      try {
        value = await hostAnswer(guard, 'promiseid', () => zoho.CRM.CONNECTION.invoke(request.connection, crmRequest));
      } catch (reason) {
        throw new BridgeError('CONNECTOR_ERROR', `${INVOKE} failed: ${hostReason(reason)}`, { cause: reason });
      }
      return fromAnswer(value);
    },
  };
}

// The shared embeddedApp.init(), on the SDK object (see shared-init.ts). The current lib/ZohoCrmHelper.js
// shares one init itself; the repository's 2018 build makes a new SDK instance, listener and REGISTER on
// every call, whose answers would then reach two instances. A widget that called init() before the adapter
// existed is registered either way: the adapter's one init() resolves on the host's SET_CONTEXT, which the
// SDK takes before and after registration.
const SHARED = Symbol.for('widget-bridge.zoho-crm-init');

function isZohoCrm(value: unknown): value is ZohoCrmSdk {
  const found = value as Partial<ZohoCrmSdk> | null | undefined;
  return typeof found?.embeddedApp?.init === 'function' && typeof found.CRM?.CONNECTION?.invoke === 'function';
}

// The core has checked the capabilities (no text, form or multipart body), filled the path parameters and set Content-Type.
function toRequest(request: ResolvedRequest): CrmConnectionRequest {
  if (!VERBS.includes(request.method)) throw new BridgeError('UNSUPPORTED', `Zoho CRM connections take ${VERBS.join(', ')} only`);
  const { body } = request;
  const base = { url: withQuery(request.url as string, request.query), method: request.method, headers: { ...request.headers } };
  if (body.kind === 'none') return { ...base, param_type: 1 };
  if (body.kind !== 'json' || typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    throw new BridgeError('UNSUPPORTED', `${INVOKE} sends a body only as its JSON parameters object; any other body would be dropped`);
  }
  return { ...base, param_type: 2, parameters: body.value };
}

/**
 * `invoke` resolves, failures included: `{ code: 'SUCCESS', details, … }` carries the upstream answer, any
 * other `code` a failure of the connection itself. Where the host adds them, `details.statusMessage` is the
 * body (an object or JSON text) and `details.statusCode` the status; without `statusMessage`, `details` is
 * the body itself, as the SDK's own doc comment shows (`details: { CODE: 200, message, status }`). An
 * upstream error inside SUCCESS shows in `statusCode`; the body is never looked into.
 */
function fromAnswer(value: unknown): AdapterResponse {
  const { code, message, details } = (isRecord(value) ? value : {}) as Record<string, unknown>;
  if (typeof code === 'string' && code !== 'SUCCESS') {
    throw new BridgeError('CONNECTOR_ERROR', `${INVOKE} answered ${code}: ${hostReason({ message })}`, { vendorCode: code, cause: value });
  }
  const statusCode = isRecord(details) ? details.statusCode : undefined;
  const status = statusCode === undefined ? 200 : /^\d{3}$/.test(String(statusCode)) ? Number(statusCode) : undefined;
  if (code !== 'SUCCESS' || !isRecord(details) || status === undefined) {
    throw new BridgeError('INVALID_RESPONSE', `${INVOKE} answered in a shape this adapter cannot read`, { data: value });
  }
  return { status, body: 'statusMessage' in details ? details.statusMessage : details, raw: value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

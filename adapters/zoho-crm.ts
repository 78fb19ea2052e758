// Zoho CRM widgets: `request()` through `ZOHO.CRM.CONNECTION.invoke` of the embedded-app SDK.
// Facts: the SDK's source (ZohoDevelopers/embeddedApp-js-sdk, lib/ZohoCrmHelper.js and lib/ZSDK.js) and
// public widget code written against it.
import { BridgeError, hostReason } from '../src/errors.js';
import { withQuery } from '../src/query.js';
import type { Adapter, AdapterResponse, Capabilities, JsonValue, ResolvedRequest } from '../src/types.js';
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
  // `details.statusCode`, when the host includes it; an answer without it counts as 200.
  responseStatus: true,
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
  return {
    vendor: 'zoho-crm',
    capabilities,
    detect() {
      const found = lookup() as Partial<ZohoCrmSdk> | undefined;
      if (found === undefined) return 'window.ZOHO not found (load the Zoho CRM embedded-app SDK inside Zoho CRM)';
      return (typeof found?.embeddedApp?.init === 'function' && typeof found.CRM?.CONNECTION?.invoke === 'function') || 'ZOHO has no embeddedApp.init() or CRM.CONNECTION.invoke()';
    },
    async init() {
      // The SDK keeps one init promise: a widget that called init() itself shares it, Load or not.
      try {
        await sdk().embeddedApp.init();
      } catch (reason) {
        throw new BridgeError('CONNECTOR_ERROR', `ZOHO.embeddedApp.init() failed: ${hostReason(reason)}`, { cause: reason });
      }
    },
    notReady(timeout) {
      // Outside Zoho CRM no SET_CONTEXT arrives and init() never settles.
      return new BridgeError('CONNECTOR_ERROR', `ZOHO.embeddedApp.init() did not resolve within ${timeout} ms: is the widget running inside Zoho CRM?`);
    },
    async send(request) {
      const crmRequest = toRequest(request);
      let value: unknown;
      try {
        value = await hostAnswer(guard, () => sdk().CRM.CONNECTION.invoke(request.connection, crmRequest));
      } catch (reason) {
        throw new BridgeError('CONNECTOR_ERROR', `${INVOKE} failed: ${hostReason(reason)}`, { cause: reason });
      }
      return fromAnswer(value);
    },
  };
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
 * `invoke` resolves, failures included: `{ code: 'SUCCESS', details: { statusMessage, statusCode? }, … }` carries
 * the upstream answer (its body an object or JSON text), any other `code` a failure of the connection itself.
 * An upstream error inside SUCCESS shows in `statusCode`; the body is never looked into.
 */
function fromAnswer(value: unknown): AdapterResponse {
  const { code, message, details } = (isRecord(value) ? value : {}) as Record<string, unknown>;
  if (typeof code === 'string' && code !== 'SUCCESS') {
    throw new BridgeError('CONNECTOR_ERROR', `${INVOKE} answered ${code}: ${hostReason({ message })}`, { vendorCode: code, cause: value });
  }
  const statusCode = isRecord(details) ? details.statusCode : undefined;
  const status = statusCode === undefined ? 200 : /^\d{3}$/.test(String(statusCode)) ? Number(statusCode) : undefined;
  if (code !== 'SUCCESS' || !isRecord(details) || !('statusMessage' in details) || status === undefined) {
    throw new BridgeError('INVALID_RESPONSE', `${INVOKE} answered in a shape this adapter cannot read`, { data: value });
  }
  return { status, body: details.statusMessage, raw: value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

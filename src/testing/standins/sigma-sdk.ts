// An offline stand-in for Zoho's Sigma v3 SDK (`window.SigmaSDK.<SERVICE>`), written from how the
// vendor's script behaves when read and run (it is not copied). It speaks the host-frame wire protocol of zsdk.ts with
// `eventName: 'SIGMA_<SERVICE>_EVENT'`.
import { connectZsdk, type EventHandler, type Zsdk } from './zsdk.js';

/** The services of the v3 script (as the script lists them; there is no SHEET). */
export const SIGMA_SERVICES = [
  'CRM', 'DESK', 'PROJECTS', 'ORCHESTLY', 'MAIL', 'SHOW', 'SDP', 'IOT', 'ZAPPS', 'CATALYST', 'FINANCE', 'CONNECT',
  'TEAMINBOX', 'SPRINTS', 'BUGTRACKER', 'CREATOR', 'PEOPLE', 'COMMERCE', 'SITES', 'RECRUIT', 'WORKDRIVE', 'WRITER',
  'INVOICE', 'INVENTORY', 'SUBSCRIPTIONS', 'CAMPAIGNS', 'CHARMHEALTHEHR', 'BIGIN', 'EXPENSE', 'FSM', 'LOGS360CLOUD',
] as const;

export interface SigmaInstance {
  request(options: Record<string, unknown>): Promise<unknown>;
  requestApiConnection(options: Record<string, unknown>): Promise<unknown>;
  get(properties: string | string[]): Promise<unknown>;
  set(properties: Record<string, unknown>): Promise<unknown>;
  remove(properties: string | string[]): Promise<unknown>;
  getAll(moduleName: string, options?: unknown): Promise<unknown>;
  dispatch(eventType: string, options?: unknown): Promise<unknown>;
  on(eventName: string, handler: EventHandler): void;
}

export type SigmaSdk = Record<string, { init(handler?: (data: unknown) => void): SigmaInstance }>;

const NOT_REGISTERED = 'App not registered.';

/** Installs `win.SigmaSDK` as the v3 script does; returns it. */
export function installSigmaSdk(win: Window): SigmaSdk {
  const zsdk = connectZsdk(win);
  const sdk: SigmaSdk = {};
  for (const service of SIGMA_SERVICES) {
    sdk[service] = {
      // Returns at once; `handler` runs on the host's Load (__REGISTER__).
      init(handler) {
        if (handler) zsdk.onRegister(handler);
        return createInstance(zsdk, service);
      },
    };
  }
  (win as unknown as { SigmaSDK: SigmaSdk }).SigmaSDK = sdk;
  return sdk;
}

function createInstance(zsdk: Zsdk, service: string): SigmaInstance {
  const eventName = `SIGMA_${service}_EVENT`;
  const registered = () => {
    if (!zsdk.registration) throw new Error(NOT_REGISTERED);
  };
  const post = (data: Record<string, unknown>) => zsdk.call({ type: '__EVENT__', eventName, data });
  const list = (properties: string | string[]) => (Array.isArray(properties) ? properties : [properties]);

  function request(eventType: string, options: Record<string, unknown>): Promise<unknown> {
    registered();
    const problem = problemWith(options);
    if (problem) return Promise.reject({ type: 'VALIDATION_ERROR', message: problem });
    // On the caller's own object, whatever `type` says (as the vendor's script does).
    options.method ??= 'GET';
    return post({ event_type: eventType, options });
  }

  return {
    request: (options) => request('request', options),
    requestApiConnection: (options) => request('requestapiconnection', options),
    get(properties) {
      registered();
      return post({ event_type: 'get', properties: list(properties) });
    },
    set(properties) {
      registered();
      return post({ event_type: 'set', properties });
    },
    remove(properties) {
      registered();
      return post({ event_type: 'remove', properties: list(properties) });
    },
    getAll(moduleName, options) {
      registered();
      return post({ event_type: 'get_all', module_name: moduleName, options });
    },
    dispatch(eventType, options) {
      registered();
      return post({ event_type: eventType, options });
    },
    on(name, handler) {
      registered();
      zsdk.bind(name, handler);
    },
  };
}

/** The script's own checks, before anything is posted. */
function problemWith(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null) return 'Request options must be an object.';
  const { url, headers, params, files } = options as Record<string, unknown>;
  if (typeof url !== 'string' || url === '') return "'url' is required.";
  if (headers !== undefined && !isRecord(headers)) return "'headers' must be an object.";
  if (params !== undefined && !isRecord(params)) return "'params' must be an object.";
  if (files !== undefined && (!Array.isArray(files) || files.length > 5)) return "'files' takes at most 5 files.";
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

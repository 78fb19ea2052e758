// An offline stand-in for Zoho CRM's embedded-app SDK (`window.ZOHO`, ZohoEmbededAppSDK.min.js), written
// from the SDK's public source (ZohoDevelopers/embeddedApp-js-sdk: lib/ZohoCrmHelper.js, lib/ZSDK.js; it is
// not copied). Its transport is not ZSDK's `__EVENT__`: the widget posts `SDK.EVENT` messages (`REGISTER`,
// then calls keyed by `promiseid`), the host answers `FRAMEWORK.EVENT` (`SET_CONTEXT`, `EVENT_RESPONSE`,
// `EVENT_RESPONSE_FAILURE`, and any other name as an event). Only what widget-bridge and a connection-calling
// widget use is here: `embeddedApp.init()` / `on()`, and `CRM.CONNECTION.invoke()`.
import { readServiceOrigin } from './zsdk.js';

type Message = Record<string, unknown>;
type Handler = (data: unknown) => void;

export interface ZohoCrmStandin {
  embeddedApp: { init(): Promise<void>; on(eventName: string, handler: Handler): void };
  CRM: { CONNECTION: { invoke(connectionName: string, request: Record<string, unknown>): Promise<unknown> } };
}

/**
 * Which build of the SDK: `lib` (the repository's current lib/ZohoCrmHelper.js: one SDK, one shared init
 * promise) or `2018` (its test/js/v1 build: a new SDK instance, listener and REGISTER on every init()).
 */
export type ZohoCrmBuild = 'lib' | '2018';

/** Installs `win.ZOHO` as the SDK script does; returns it. */
export function installZohoCrm(win: Window, { build = 'lib' }: { build?: ZohoCrmBuild } = {}): ZohoCrmStandin {
  const handlers = new Map<string, Handler>();
  let client: ReturnType<typeof connect> | undefined;
  let initPromise: Promise<void> | undefined;

  const zoho: ZohoCrmStandin = {
    embeddedApp: {
      // One handler per event name; the SDK subscribes it once its client exists.
      on(eventName, handler) {
        handlers.set(eventName, handler);
      },
      // lib/: the SDK makes its client (and registers with the host) on the first init() only, and hands
      // every caller that one promise, which resolves on the host's SET_CONTEXT. 2018: every init() does.
      init() {
        if (build === '2018') initPromise = undefined;
        initPromise ??= new Promise<void>((resolve) => {
          client = connect(win, handlers, resolve);
        });
        return initPromise;
      },
    },
    CRM: {
      CONNECTION: {
        // Forwards five fields, `parameters` and `headers` as JSON text; everything else is dropped.
        invoke(connectionName, request) {
          if (!client) throw new TypeError("Cannot read properties of undefined (reading 'getContext')");
          const data = {
            url: request.url,
            method: request.method,
            param_type: request.param_type,
            parameters: JSON.stringify(request.parameters),
            headers: JSON.stringify(request.headers),
          };
          return client.call('CRM_EVENT', { category: 'CRM_CONNECTION', connectionName, data: { data }, sdkVersion: '1' });
        },
      },
    },
  };
  (win as unknown as { ZOHO: ZohoCrmStandin }).ZOHO = zoho;
  return zoho;
}

/** The SDK's client: REGISTER on creation, then calls and answers keyed `Promise100`, `Promise101`, … */
function connect(win: Window, handlers: Map<string, Handler>, loaded: () => void) {
  const { location } = win;
  const serviceOrigin = readServiceOrigin(location.href) as string;
  const appOrigin = encodeURIComponent(`${location.protocol}//${location.host}${location.pathname}`);
  const pending = new Map<string, { resolve(value: unknown): void; reject(reason: unknown): void }>();
  let uniqueID: unknown;
  let registered = false;
  let next = 100;

  const post = (message: Message) => {
    // Before SET_CONTEXT the SDK has no parent window to post to.
    if (!registered) throw new Error('Parentwindow reference not found.');
    win.parent.postMessage({ ...message, appOrigin }, serviceOrigin);
  };

  win.addEventListener('message', (event: MessageEvent) => {
    let message: unknown = event.data;
    if (typeof message === 'string') {
      try {
        message = JSON.parse(message);
      } catch {
        return;
      }
    }
    if (typeof message !== 'object' || message === null || String((message as Message).type) !== 'FRAMEWORK.EVENT') return;
    // SET_CONTEXT is taken from anyone, and the SDK's check of every later message's source and origin is
    // ineffective (its failing branch evaluates to a truthy `new Error(…)`): faithfully, nothing is checked.
    // It looks handlers up by property (`{ SET_CONTEXT: … }[eventName]`, `pending[promiseid]`): an array
    // such as `['EVENT_RESPONSE']` reads as the string it joins to, here too.
    const { data, promiseid } = message as Message;
    const eventName = String((message as Message).eventName);
    if (eventName === 'SET_CONTEXT') {
      uniqueID = (data as Message | undefined)?.uniqueID;
      const first = !registered;
      registered = true;
      // The load handler runs once.
      if (first) loaded();
    } else if (eventName === 'EVENT_RESPONSE' || eventName === 'EVENT_RESPONSE_FAILURE') {
      const call = pending.get(String(promiseid));
      if (!call) return;
      pending.delete(String(promiseid));
      if (eventName === 'EVENT_RESPONSE') call.resolve(data);
      else call.reject(data);
    } else if (eventName !== 'UPDATE_CONTEXT') {
      handlers.get(eventName)?.(data);
    }
  });
  win.addEventListener('pagehide', () => {
    if (registered) post({ type: 'SDK.EVENT', eventName: 'DEREGISTER', uniqueID });
  });
  win.parent.postMessage({ type: 'SDK.EVENT', eventName: 'REGISTER', appOrigin }, serviceOrigin);

  return {
    call(eventName: string, data: unknown): Promise<unknown> {
      const promiseid = `Promise${next++}`;
      post({ type: 'SDK.EVENT', eventName, uniqueID, time: Date.now(), promiseid, data });
      return new Promise((resolve, reject) => pending.set(promiseid, { resolve, reject }));
    },
  };
}

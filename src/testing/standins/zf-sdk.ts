// An offline stand-in for Zoho Finance's zf_sdk.js (`window.ZFAPPS`), written from how the vendor's
// script behaves when read and run (it is not copied). It speaks the host-frame wire protocol of zsdk.ts with `eventName: 'ZF_EVENT'`.
import { connectZsdk, type EventHandler, type WireMessage, type Zsdk } from './zsdk.js';

export interface ZfInstance {
  on(eventName: string, handler: EventHandler): void;
  emit(eventName: string, data?: unknown): void;
  fetch(options: unknown): Promise<unknown>;
}

export interface Zfapps {
  extension: { init(): Promise<Record<string, unknown>> };
  request(options: unknown): Promise<unknown>;
  get(property: unknown, value?: unknown): Promise<unknown>;
  set(property: unknown, value?: unknown): Promise<unknown>;
  invoke(name: string, property?: unknown, value?: unknown): Promise<unknown>;
  store(property: unknown, options?: { value?: unknown; type?: unknown }): Promise<unknown>;
  retrieve(property: unknown, value?: unknown): Promise<unknown>;
  showWidget(name: unknown): Promise<unknown>;
  hideWidget(name: unknown): Promise<unknown>;
  showModal(options: { url?: unknown; height?: unknown; width?: unknown }): Promise<unknown>;
  closeModal(widgetID?: unknown): Promise<unknown>;
}

/** Installs `win.ZFAPPS` as zf_sdk.js does; returns it. */
export function installZfapps(win: Window): Zfapps {
  const zsdk = connectZsdk(win);
  // Created by extension.init(): before it, every call fails as the vendor's does, with a TypeError.
  let started = false;
  const event = (type: string, payload: WireMessage): Promise<unknown> => {
    if (!started) throw new TypeError(`ZFAPPS: call ZFAPPS.extension.init() before ${type}`);
    return zsdk.call({ type: '__EVENT__', eventName: 'ZF_EVENT', data: { type, ...payload } });
  };
  const instance = createInstance(zsdk);

  const zfapps: Zfapps = {
    extension: {
      // As zf_sdk.js does: each init() waits for a Load still to come, and the host sends one per page, so an
      // init() after it never settles (a widget that calls it twice must share the first call's promise).
      init() {
        started = true;
        return new Promise((resolve) =>
          zsdk.onRegister((data) => {
            applyMeta(win.document, data);
            resolve({ ...(isRecord(data) ? data : {}), instance });
          }),
        );
      },
    },
    request: (options) => event('FETCH_DATA', { data: options }),
    get: (property, value) => event('GET_DATA', { property, value }),
    set: (property, value) => event('SET_DATA', { property, value }),
    invoke: (name, property, value) => event(name, { property: property ?? (name === 'RESIZE' ? documentSize(win.document) : property), value }),
    store: (property, options = {}) => event('STORE_DATA', { property, value: options.value, storage_type: options.type }),
    retrieve: (property, value) => event('RETRIEVE_DATA', { property, value }),
    showWidget: (name) => event('SHOW_WIDGET', { name }),
    hideWidget: (name) => event('HIDE_WIDGET', { name }),
    closeModal: (widgetID) => event('CLOSE_MODAL', { widgetID }),
    showModal(options) {
      if (!started) throw new TypeError('ZFAPPS: call ZFAPPS.extension.init() before showModal');
      // The one call whose message has no `type`.
      const { url, height, width } = options;
      return zsdk.call({ eventName: '__CREATE_INSTANCE__', options: { url, height, width, widget_type: 'modal', location: '__MODAL__' } });
    },
  };
  (win as unknown as { ZFAPPS: Zfapps }).ZFAPPS = zfapps;
  return zfapps;
}

function createInstance(zsdk: Zsdk): ZfInstance {
  return {
    on: (eventName, handler) => zsdk.bind(eventName, handler),
    emit: (eventName, data) => zsdk.send({ type: '__EMIT__', eventName, data }),
    fetch: (options) => zsdk.call({ eventName: '__HTTP__', options }),
  };
}

function documentSize(document: Document): { height: string; width: string } {
  const root = document.documentElement;
  return { height: `${root.scrollHeight}px`, width: `${root.scrollWidth}px` };
}

/** The Load payload's `meta`: inherited styles, the theme as `--zf-*` variables, the font stylesheet. */
function applyMeta(document: Document, data: unknown): void {
  const meta = isRecord(data) && isRecord(data.meta) ? data.meta : undefined;
  if (!meta) return;
  const root = document.documentElement;
  if (meta.inheritStyles) root.classList.add('zf-inherit-styles');
  if (isRecord(meta.themeInfo)) {
    for (const [key, value] of Object.entries(meta.themeInfo)) {
      const name = key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
      root.style.setProperty(`--zf-${name}`, String(value));
    }
  }
  if (typeof meta.zfFontSrc === 'string') {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = meta.zfFontSrc;
    document.head.append(link);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

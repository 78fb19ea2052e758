// What zf_sdk.js and the Sigma v3 script share underneath (ZSDK), written from the
// host-frame wire protocol the vendors' scripts speak (they are not copied): the framing read from `location.href`,
// the `__REGISTER__` handshake, promise calls keyed `Promise100`, `Promise101`, …, and host events.

/** A message on the wire, either way. */
export type WireMessage = Record<string, unknown>;

export interface Registration {
  uniqueID: unknown;
  widgetID: unknown;
  data: unknown;
}

export type EventHandler = (data: unknown) => unknown;

export interface Zsdk {
  /** Set by the host's `__REGISTER__`. */
  readonly registration: Registration | undefined;
  /** Posts a message that expects an answer; a message that cannot be cloned throws here (DataCloneError). */
  call(message: WireMessage): Promise<unknown>;
  /** Posts a message that expects none. */
  send(message: WireMessage): void;
  /**
   * Runs `handler` with the Load payload on a `__REGISTER__` still to come: the host sends one per page, so a
   * handler added after it never runs (read for zf_sdk.js's init; inferred for Sigma's, which shares ZSDK).
   */
  onRegister(handler: (data: unknown) => void): void;
  /** A widget's `on(name)`: tells the host with `__EVENT_BIND__`. */
  bind(eventName: string, handler: EventHandler): void;
}

/** `window.ZSDK`, as far as the scripts expose it. */
export interface ZsdkGlobal {
  _getRootInstance(): { isRegistered(): boolean } | undefined;
}

const REGISTER = '__REGISTER__';
const RESPONSE = '__EVENT_RESPONSE__';

/** The scripts split the URL after `?` on `&` and `=`, and decode `serviceOrigin` only. */
export function readServiceOrigin(href: string): string | undefined {
  const query = href.split('?')[1]?.split('#')[0] ?? '';
  for (const pair of query.split('&')) {
    const [key, value] = pair.split('=');
    if (key === 'serviceOrigin' && value !== undefined) return decodeURIComponent(value);
  }
  return undefined;
}

export function connectZsdk(win: Window): Zsdk {
  const { location } = win;
  const widgetOrigin = encodeURIComponent(`${location.protocol}//${location.host}${location.pathname}`);
  const serviceOrigin = readServiceOrigin(location.href) as string;
  const pending = new Map<string, { resolve(value: unknown): void; reject(reason: unknown): void }>();
  const loadHandlers: Array<(data: unknown) => void> = [];
  const events = new Map<string, EventHandler[]>();
  let registration: Registration | undefined;
  let nextPromise = 100;

  function send(message: WireMessage): void {
    const stamp = { widgetOrigin, time: Date.now(), uniqueID: registration?.uniqueID, widgetID: registration?.widgetID };
    win.parent.postMessage({ ...message, ...stamp }, serviceOrigin);
  }

  function call(message: WireMessage): Promise<unknown> {
    const promiseID = `Promise${nextPromise++}`;
    send({ ...message, isPromise: true, promiseID });
    return new Promise((resolve, reject) => pending.set(promiseID, { resolve, reject }));
  }

  function register(message: WireMessage): void {
    registration = { uniqueID: message.uniqueID, widgetID: message.widgetID, data: message.data };
    send({ type: REGISTER });
    for (const handler of loadHandlers) handler(message.data);
  }

  function answer(message: WireMessage): void {
    // `pending.hasOwnProperty(promiseID)` in the scripts: an array id reads as the string it joins to.
    const promiseID = String(message.promiseID);
    const call = pending.get(promiseID);
    if (!call) return;
    pending.delete(promiseID);
    if (message.isSuccess) call.resolve(message.data);
    else call.reject(message.data);
  }

  async function fire(message: WireMessage): Promise<void> {
    const handlers = events.get(String(message.eventName)) ?? [];
    const response = await Promise.all(
      handlers.map(async (handler) => {
        try {
          return { isSuccess: true, response: await handler(message.data) };
        } catch (error) {
          return { isSuccess: false, response: error instanceof Error ? error.message : error };
        }
      }),
    );
    if (!message.isPromise) return;
    const data = { response, widgetID: registration?.widgetID, sourceWidgetID: message.widgetID };
    send({ type: RESPONSE, eventName: message.eventName, promiseID: message.promiseID, data });
  }

  win.addEventListener('message', (event: MessageEvent) => {
    let message: unknown = event.data;
    if (typeof message === 'string') {
      try {
        message = JSON.parse(message);
      } catch {
        return;
      }
    }
    if (typeof message !== 'object' || message === null) return;
    const wire = message as WireMessage;
    // The vendor's scripts accept __REGISTER__ from any sender, and their later check of event.source and
    // event.origin is ineffective (the failing branch evaluates to a truthy `new Error(…)`): every message
    // from any window and origin is processed. Faithfully, nothing here checks either. They pick the handler
    // by a property lookup of `type`, so `['__EVENT_RESPONSE__']` reads as the string: so does this.
    const type = String(wire.type);
    if (type === REGISTER) register(wire);
    else if (type === RESPONSE) answer(wire);
    else if (registration && wire.eventName !== undefined) void fire(wire);
  });
  win.addEventListener('pagehide', () => {
    if (registration) send({ type: '__DEREGISTER__' });
  });
  // Both scripts show their registration: `window.ZSDK._getRootInstance().isRegistered()`.
  const root = { isRegistered: () => registration !== undefined };
  (win as unknown as { ZSDK: ZsdkGlobal }).ZSDK = { _getRootInstance: () => root };

  return {
    get registration() {
      return registration;
    },
    call,
    send,
    onRegister(handler) {
      loadHandlers.push(handler);
    },
    bind(eventName, handler) {
      const list = events.get(eventName) ?? [];
      list.push(handler);
      events.set(eventName, list);
      if (registration) send({ type: '__EVENT_BIND__', eventName, count: list.length });
    },
  };
}

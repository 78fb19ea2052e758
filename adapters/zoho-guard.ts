// A guard for the vendor scripts the Zoho adapters sit on (zf_sdk.js, the Sigma v3 SDK, Zoho CRM's
// embedded-app SDK). Once registered, those scripts process every message from any window and origin
// (their check of `event.source` and `event.origin` is ineffective), and they match an answer to its call
// by a guessable id (`Promise100`, …) with loose property lookups (`['Promise100']` reads as the string).
//
// An allow-list, in two parts:
// - A bridge call settles only with what the host frame (`window.parent` at the page's `serviceOrigin`)
//   said. In Chromium (checked: test/browser/zoho-guard.test.ts) `message` listeners on a window run in the
//   order they were added, capture or not, and the microtasks a listener queues run before the next
//   listener, with `window.event` still the message being dispatched. A script listening before this guard
//   settles the adapter's call inside that dispatch, so the adapter sees, right there, which message
//   settled it: the host's (kept), or another window's (the script was fooled: the call waits for the
//   host's own answer under the id the script consumed). No lookup in a history an attacker could flush,
//   no content matching, nothing per call but that check.
// - Messages shaped like the hosts' traffic (by the `type`s and names the scripts act on, read as they read
//   them) from anyone but the host are stopped at the window, so a listener added after the guard (CRM's SDK
//   listens from `embeddedApp.init()` on, the app's own) never sees them. Everything else passes untouched.

// On the window, under a registered symbol: one guard per window, whichever copy of this library installs it.
const KEY = Symbol.for('widget-bridge.zoho-guard.v2');

/** The `type`s ZSDK (Finance, Sigma) and Zoho CRM's SDK act on. */
const TYPES = new Set(['__REGISTER__', '__EVENT_RESPONSE__', '__DEREGISTER__', 'FRAMEWORK.EVENT', 'SDK.EVENT', 'SDK.CNTR_ACCESS_CODE_RECEIVED']);
/** The names Zoho CRM's SDK looks its own handlers up by. */
const CRM_NAMES = new Set(['SET_CONTEXT', 'UPDATE_CONTEXT', 'EVENT_RESPONSE', 'EVENT_RESPONSE_FAILURE']);

/** Where a script keeps a call's id in the host's answer: ZSDK `promiseID`, Zoho CRM `promiseid`. */
export type AnswerKey = 'promiseID' | 'promiseid';

/** How an SDK call settled: resolved (`ok`) or rejected with `value`. */
export interface Settled {
  ok: boolean;
  value: unknown;
}

export interface ZohoGuard {
  /** The host frame's Load (`__REGISTER__`, or CRM's `SET_CONTEXT`) has passed the guard since it was installed. */
  readonly hostLoaded: boolean;
  /**
   * Called where an SDK call has just settled: `settled` when the host's message (or no message) settled it;
   * when another window's message did, the host's own answer to the id the script consumed, once it comes.
   */
  judge(settled: Settled, key: AnswerKey): Settled | Promise<Settled>;
}

type Message = Record<string, unknown>;

/**
 * Installs the guard on `win` once and returns it; `undefined` outside a browser or on a page that no Zoho
 * host framed (no `serviceOrigin` in its URL: the vendor scripts cannot talk to anyone there either).
 */
export function guardZohoMessages(win: Window | undefined = globalThis.window): ZohoGuard | undefined {
  if (typeof win?.addEventListener !== 'function') return undefined;
  const installed = (win as unknown as Record<symbol, ZohoGuard | undefined>)[KEY];
  if (installed) return installed;
  const host = hostOrigin(win.location?.href ?? '');
  if (!host) return undefined;
  const fromHost = (event: MessageEvent) => event.source === win.parent && event.origin === host;
  // Calls a forged answer settled, by the id the script consumed: emptied as the host answers them, so it
  // holds only calls in flight.
  const waiting = new Map<string, Array<(answer: Settled) => void>>();

  const guard: ZohoGuard & { hostLoaded: boolean } = {
    hostLoaded: false,
    judge(settled, key) {
      const event = (win as { event?: Event }).event;
      if (!isMessageTo(win, event) || fromHost(event)) return settled;
      const id = asKey(readMessage(event.data)?.[key]);
      return new Promise((resolve) => waiting.set(id, [...(waiting.get(id) ?? []), resolve]));
    },
  };

  win.addEventListener('message', (event) => {
    const message = readMessage(event.data);
    if (!message) return;
    if (!fromHost(event)) {
      if (hostShaped(message)) event.stopImmediatePropagation();
      return;
    }
    if (asKey(message.type) === '__REGISTER__' || asKey(message.eventName) === 'SET_CONTEXT') guard.hostLoaded = true;
    const answer = answerIn(message);
    if (!answer) return;
    for (const resolve of waiting.get(answer.id) ?? []) resolve({ ok: answer.ok, value: answer.value });
    waiting.delete(answer.id);
    // Capture: where an engine runs capture listeners at the target first, even a script that listened
    // earlier never sees a forgery. Chromium runs a window's listeners in the order they were added.
  }, true);
  Object.defineProperty(win, KEY, { value: guard });
  return guard;
}

/**
 * Shaped like the hosts' traffic: a `type` or CRM event name the scripts act on, or a ZSDK host event
 * (`widgetID` and `eventName`). An app's own `{ eventName: 'cart-updated' }` is not.
 */
function hostShaped(message: Message): boolean {
  return TYPES.has(asKey(message.type)) || CRM_NAMES.has(asKey(message.eventName)) || ('widgetID' in message && 'eventName' in message);
}

function isMessageTo(win: Window, event: Event | undefined): event is MessageEvent {
  return event?.type === 'message' && event.target === win;
}

/**
 * The origin the vendor scripts post to: `serviceOrigin` in the query string, which they read by splitting
 * the URL after `?` on `&` and `=` and decoding that one value.
 */
function hostOrigin(href: string): string | undefined {
  const value = /(?:^|&)serviceOrigin=([^&#]*)/.exec(href.slice(href.indexOf('?') + 1))?.[1];
  try {
    return value ? new URL(decodeURIComponent(value)).origin : undefined;
  } catch {
    return undefined;
  }
}

/** The message as the scripts read it: JSON text is parsed, as they do. */
function readMessage(data: unknown): Message | undefined {
  let value = data;
  if (typeof value === 'string' && value.trimStart().startsWith('{')) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null ? (value as Message) : undefined;
}

/** A value as a property lookup reads it (`['Promise100']` is `'Promise100'`). */
function asKey(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '';
  }
}

/** ZSDK answers `{ type: '__EVENT_RESPONSE__', promiseID, isSuccess, data }`; CRM `EVENT_RESPONSE[_FAILURE]` by `promiseid`. */
function answerIn(message: Message): (Settled & { id: string }) | undefined {
  const { type, eventName, data } = message;
  if (asKey(type) === '__EVENT_RESPONSE__') return { id: asKey(message.promiseID), ok: Boolean(message.isSuccess), value: data };
  const name = asKey(eventName);
  if (name === 'EVENT_RESPONSE' || name === 'EVENT_RESPONSE_FAILURE') return { id: asKey(message.promiseid), ok: name === 'EVENT_RESPONSE', value: data };
  return undefined;
}

/** Runs an SDK call and settles as the guard judges: with the host's own answer where the script took a forged one. */
export async function hostAnswer(guard: ZohoGuard | undefined, key: AnswerKey, call: () => Promise<unknown>): Promise<unknown> {
  let settled: Settled;
  try {
    settled = { ok: true, value: await call() };
  } catch (value) {
    settled = { ok: false, value };
  }
  // No await before judging: the judgement reads the message being dispatched right now.
  const judged = guard ? guard.judge(settled, key) : settled;
  const { ok, value } = judged instanceof Promise ? await judged : judged;
  if (!ok) throw value;
  return value;
}

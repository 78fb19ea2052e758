// A guard for the vendor scripts the Zoho adapters sit on (zf_sdk.js, the Sigma v3 SDK, Zoho CRM's
// embedded-app SDK). Once registered, those scripts process every message from any window and origin:
// their check of `event.source` and `event.origin` is ineffective (read in the scripts: the failing branch
// evaluates to a truthy `new Error(…)`), so a sibling frame could answer a guessable `Promise100` call.
//
// Only the host frame may speak to them: `window.parent` at the `serviceOrigin` of the page's URL. The guard
// stops every other message of their kind at the window. Listeners of one target run in the order they were
// added (capture or not, in Chromium), so that keeps the forgery from every listener added after the guard:
// CRM's SDK, which adds its own in `embeddedApp.init()`, and any script loaded later. A script that was
// listening first (zf_sdk.js and the Sigma script listen from the moment they load) still takes a forged
// answer; for those the guard remembers which answers were forged and `vouch` puts the host's own in its place.

// On the window, under a registered symbol: one guard per window, whichever copy of this library installs it.
const KEY = Symbol.for('widget-bridge.zoho-guard');

/** The `type`s ZSDK (Finance, Sigma) and Zoho CRM's SDK act on; any message with an `eventName` is a host event to them. */
const TYPES = ['__REGISTER__', '__EVENT_RESPONSE__', '__DEREGISTER__', 'FRAMEWORK.EVENT', 'SDK.EVENT', 'SDK.CNTR_ACCESS_CODE_RECEIVED'];

// Answers kept to match against (forged ones, and the host's): a few calls' worth, never more.
const KEEP = 32;

/** How an SDK call settled: resolved (`ok`) or rejected with `value`. */
export interface Settled {
  ok: boolean;
  value: unknown;
}

export interface ZohoGuard {
  /** The host frame's Load (`__REGISTER__`, or CRM's `SET_CONTEXT`) has passed the guard since it was installed. */
  readonly hostLoaded: boolean;
  /**
   * `settled` as it is, unless the vendor script settled the call with an answer another frame forged: then the
   * host's own answer to that call, once it comes.
   */
  vouch(settled: Settled): Promise<Settled>;
}

/** An answer on the wire: ZSDK's `__EVENT_RESPONSE__` or CRM's `EVENT_RESPONSE[_FAILURE]`. */
interface Answer extends Settled {
  id: unknown;
  /** The JSON text of `value`, to match the copy a script parses from a message sent as text. */
  text: string | undefined;
}

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
  const forged: Answer[] = [];
  const genuine: Answer[] = [];
  const waiting = new Map<unknown, Array<(answer: Settled) => void>>();

  const guard: ZohoGuard & { hostLoaded: boolean } = {
    hostLoaded: false,
    async vouch(settled) {
      // A script listening first settles its call inside the message's dispatch, before this guard's listener
      // has seen that message: look once the dispatch is over.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const text = textOf(settled.value);
      const matches = (answer: Answer) => answer.value === settled.value || (text !== undefined && answer.text === text);
      const forgery = forged.find(matches);
      if (!forgery || genuine.some((answer) => answer.value === settled.value)) return settled;
      const real = genuine.find((answer) => answer.id === forgery.id);
      if (real) return real;
      return new Promise((resolve) => waiting.set(forgery.id, [...(waiting.get(forgery.id) ?? []), resolve]));
    },
  };

  win.addEventListener(
    'message',
    (event) => {
      const message = zohoMessage(event.data);
      if (!message) return;
      const answer = answerIn(message);
      if (event.source === win.parent && event.origin === host) {
        if (message.type === '__REGISTER__' || message.eventName === 'SET_CONTEXT') guard.hostLoaded = true;
        if (answer) {
          keep(genuine, answer);
          for (const resolve of waiting.get(answer.id) ?? []) resolve(answer);
          waiting.delete(answer.id);
        }
        return;
      }
      if (answer) keep(forged, answer);
      event.stopImmediatePropagation();
    },
    true,
  );
  Object.defineProperty(win, KEY, { value: guard });
  return guard;
}

function keep(list: Answer[], answer: Answer): void {
  list.push(answer);
  if (list.length > KEEP) list.shift();
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

type Message = Record<string, unknown>;

/** The message as the scripts read it (JSON text is parsed, as they do), when it is of their kind. */
function zohoMessage(data: unknown): Message | undefined {
  let value = data;
  if (typeof value === 'string' && value.trimStart().startsWith('{')) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, eventName } = value as Message;
  return (typeof type === 'string' && TYPES.includes(type)) || typeof eventName === 'string' ? (value as Message) : undefined;
}

/** ZSDK answers `{ type: '__EVENT_RESPONSE__', promiseID, isSuccess, data }`; CRM `FRAMEWORK.EVENT` `EVENT_RESPONSE[_FAILURE]` by `promiseid`. */
function answerIn(message: Message): Answer | undefined {
  const { type, eventName, data } = message;
  if (type === '__EVENT_RESPONSE__') return { id: message.promiseID, ok: Boolean(message.isSuccess), value: data, text: textOf(data) };
  if (type === 'FRAMEWORK.EVENT' && (eventName === 'EVENT_RESPONSE' || eventName === 'EVENT_RESPONSE_FAILURE')) {
    return { id: message.promiseid, ok: eventName === 'EVENT_RESPONSE', value: data, text: textOf(data) };
  }
  return undefined;
}

function textOf(value: unknown): string | undefined {
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs an SDK call and settles as the guard vouches: with the host's own answer where the script took a forged one. */
export async function hostAnswer(guard: ZohoGuard | undefined, call: () => Promise<unknown>): Promise<unknown> {
  let settled: Settled;
  try {
    settled = { ok: true, value: await call() };
  } catch (value) {
    settled = { ok: false, value };
  }
  const { ok, value } = guard ? await guard.vouch(settled) : settled;
  if (!ok) throw value;
  return value;
}

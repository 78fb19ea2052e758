// A guard for the vendor scripts the Zoho adapters sit on (zf_sdk.js, the Sigma v3 SDK, Zoho CRM's
// embedded-app SDK). Once registered, those scripts process every message from any window and origin:
// their check of `event.source` and `event.origin` is ineffective (read in the scripts: the failing branch
// evaluates to a truthy `new Error(…)`), so a sibling frame could answer a guessable `Promise100` call.
// This capturing listener runs before the scripts' own and lets through only their kind of message from
// `window.parent` at the `serviceOrigin` of the page's URL, the one host they post to.

// On the window, under a registered symbol: one guard per window, whichever copy of this library installs it.
const KEY = Symbol.for('widget-bridge.zoho-guard');

/** The `type`s ZSDK (Finance, Sigma) and Zoho CRM's SDK act on; any message with an `eventName` is a host event to them. */
const TYPES = ['__REGISTER__', '__EVENT_RESPONSE__', '__DEREGISTER__', 'FRAMEWORK.EVENT', 'SDK.EVENT', 'SDK.CNTR_ACCESS_CODE_RECEIVED'];

export interface ZohoGuard {
  /** The host frame's Load (`__REGISTER__`, or CRM's `SET_CONTEXT`) has passed the guard since it was installed. */
  readonly hostLoaded: boolean;
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
  const guard = { hostLoaded: false };
  win.addEventListener(
    'message',
    (event) => {
      const message = zohoMessage(event.data);
      if (!message) return;
      if (event.source === win.parent && event.origin === host) {
        if (message.type === '__REGISTER__' || message.eventName === 'SET_CONTEXT') guard.hostLoaded = true;
        return;
      }
      // Capturing listeners at the target run first (DOM, since Chromium 89): the scripts never see it.
      event.stopImmediatePropagation();
    },
    true,
  );
  Object.defineProperty(win, KEY, { value: guard });
  return guard;
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

/** The message as the scripts read it (JSON text is parsed, as they do), when it is of their kind. */
function zohoMessage(data: unknown): { type?: unknown; eventName?: unknown } | undefined {
  let value = data;
  if (typeof value === 'string' && value.trimStart().startsWith('{')) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, eventName } = value as { type?: unknown; eventName?: unknown };
  return (typeof type === 'string' && TYPES.includes(type)) || typeof eventName === 'string' ? { type, eventName } : undefined;
}

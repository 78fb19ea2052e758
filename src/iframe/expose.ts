// The host frame's side: serves one widget window's requests with a bridge that reaches the vendor SDK.
import { BridgeError, requestError } from '../errors.js';
import type { Bridge, BridgeRequest, HostInfo } from '../types.js';
import { errorAnswer, errorJSON, responseAnswer } from './answer.js';
import { fromWire } from './envelope.js';
import { checkAllowedOrigins } from './origins.js';
import { serveWidget } from './penpal-link.js';
import type { WidgetSession } from './penpal-link.js';
import { refusal } from './policy.js';
import type { Allow } from './policy.js';
import { PROTOCOL_VERSION } from './protocol.js';
import type { HelloAnswer, WireAnswer } from './protocol.js';

export interface ExposeBridgeOptions {
  /** Any bridge; one built on parentFrame() makes this frame a relay for its own child. */
  bridge: Bridge;
  /** The widget's <iframe>, already in the document. */
  iframe?: HTMLIFrameElement;
  /** Or the widget's window (one this frame opened). */
  window?: Window;
  /** The widget's origins: required, no '*' default. A sandboxed widget (origin 'null') needs '*'. */
  allowedOrigins: Array<string | RegExp>;
  /** What the widget may do; refused requests get FORBIDDEN and never reach the bridge. Default: anything. */
  allow?: Allow;
}

export interface ExposedBridge {
  /** Stops serving; requests in flight are aborted, and the widget's pending calls reject with CHANNEL_ERROR. */
  destroy(): void;
}

export function exposeBridge(options: ExposeBridgeOptions): ExposedBridge {
  const allowedOrigins = checkAllowedOrigins(options?.allowedOrigins, 'exposeBridge()');
  if (typeof options.bridge?.request !== 'function') throw new TypeError('exposeBridge(): bridge is required: pass createBridge(...)');
  const target = widgetWindow(options);
  const stop = serveWidget({ target, allowedOrigins, open: (peer) => openSession(options, peer) });
  // The goodbye: destroying the connection sends penpal's DESTROY, which rejects the widget's calls in
  // flight at once instead of at their timeouts. A page kept in the back/forward cache stays connected.
  const onPageHide = (event: PageTransitionEvent) => {
    if (!event.persisted) stop();
  };
  window.addEventListener('pagehide', onPageHide);
  return {
    destroy() {
      window.removeEventListener('pagehide', onPageHide);
      stop();
    },
  };
}

function widgetWindow(options: ExposeBridgeOptions): Window {
  if (options.iframe && options.window) throw new TypeError('exposeBridge(): pass iframe or window, not both');
  if (options.iframe) {
    if (!options.iframe.contentWindow) throw new TypeError('exposeBridge(): the iframe has no window yet: add it to the document first');
    return options.iframe.contentWindow;
  }
  if (!options.window) throw new TypeError('exposeBridge(): iframe (the widget <iframe>) or window is required');
  return options.window;
}

/** One widget document's connection: its requests in flight, aborted when it ends. */
function openSession(options: ExposeBridgeOptions, peer: { readonly origin: string }): WidgetSession {
  const inFlight = new Map<number, AbortController>();
  let host: HostInfo | undefined;

  const hello = async (): Promise<HelloAnswer> => {
    try {
      const info = await options.bridge.ready();
      host = { vendor: info.vendor, capabilities: { ...info.capabilities } };
      return { ok: true, protocol: PROTOCOL_VERSION, host };
    } catch (error) {
      return { ok: false, protocol: PROTOCOL_VERSION, error: errorJSON(error) };
    }
  };

  const request = async (id: number, input: unknown): Promise<WireAnswer> => {
    const controller = new AbortController();
    inFlight.set(id, controller);
    try {
      const request = fromWire(input);
      const refused = await refusal(options.allow, request, peer.origin);
      if (refused !== undefined) throw forbidden(request, refused, host);
      return responseAnswer(await options.bridge.request({ ...request, signal: controller.signal }));
    } catch (error) {
      return errorAnswer(error);
    } finally {
      inFlight.delete(id);
    }
  };

  return {
    methods: {
      hello,
      request,
      cancel: (id) => inFlight.get(id)?.abort(),
      ping: () => true,
    },
    end() {
      for (const controller of inFlight.values()) controller.abort();
      inFlight.clear();
    },
  };
}

function forbidden(request: BridgeRequest, reason: string, host: HostInfo | undefined): BridgeError {
  const method = request.method ?? 'GET';
  // Without a handshake there is no vendor to name; the widget's core adds the context to a short message.
  return host ? requestError('FORBIDDEN', { method, connection: request.connection, vendor: host.vendor }, reason) : new BridgeError('FORBIDDEN', reason);
}

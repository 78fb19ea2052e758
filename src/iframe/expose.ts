// The host frame's side: serves one widget window's requests with a bridge that reaches the vendor SDK. This
// frame is the boundary: the widget is not trusted, its request runs through this frame's own bridge, and the
// policy judges it as that bridge resolved it (gate.ts), before anything is sent.
import { RUN_GATED } from '../bridge.js';
import type { GatedBridge } from '../bridge.js';
import { BridgeError, requestError } from '../errors.js';
import type { Bridge, BridgeRequest, BridgeResponse } from '../types.js';
import { errorAnswer, errorJSON, responseAnswer } from './answer.js';
import { fromWire } from './envelope.js';
import { policyGate, writtenAsResolved } from './gate.js';
import { checkAllowedOrigins, type AllowedOrigins } from './origins.js';
import { serveWidget } from './penpal-link.js';
import type { WidgetSession } from './penpal-link.js';
import type { Allow } from './policy.js';
import { PROTOCOL_VERSION } from './protocol.js';
import type { HelloAnswer, WireAnswer } from './protocol.js';

export interface ExposeBridgeOptions {
  /**
   * The bridge that runs the widget's requests: one from createBridge(), or a parentBridge() one (that makes
   * this frame a relay). Any other Bridge works too, but its policy sees the request as the widget wrote it.
   */
  bridge: Bridge;
  /** The widget's <iframe>, already in the document. */
  iframe?: HTMLIFrameElement | undefined;
  /** Or the widget's window (one this frame opened). */
  window?: Window | undefined;
  /** The widget's origins: required, no '*' default. A sandboxed widget (origin 'null') needs '*'. */
  allowedOrigins: AllowedOrigins;
  /**
   * What the widget may do, judged on the request as the SDK will receive it; a refused request gets
   * FORBIDDEN and nothing is sent. Default: anything but the host's own headers (see AllowList.headers).
   */
  allow?: Allow | undefined;
}

export interface ExposedBridge {
  /** Stops serving; requests in flight are aborted, and the widget's pending calls reject with CHANNEL_ERROR. */
  destroy(): void;
}

// How often a host with requests in flight checks that the widget's window still exists (an iframe removed
// from the document, a popup closed): its requests are aborted within this.
const WATCH_MS = 250;

export function exposeBridge(options: ExposeBridgeOptions): ExposedBridge {
  const allowedOrigins = checkAllowedOrigins(options?.allowedOrigins, 'exposeBridge()');
  if (typeof options.bridge?.request !== 'function') throw new TypeError('exposeBridge(): bridge is required: pass createBridge(...)');
  const target = widgetWindow(options);
  const stop = serveWidget({ target, allowedOrigins, open: (peer) => openSession(options, target, peer) });
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

/**
 * One widget document's connection: its requests in flight, aborted when it ends or its window goes.
 * Exported for the unit tests, which call its methods as penpal would (not part of the package's exports).
 */
export function openSession(options: ExposeBridgeOptions, target: Window, peer: { readonly origin: string }): WidgetSession {
  const inFlight = new Map<number, AbortController>();
  let watch: ReturnType<typeof setInterval> | undefined;

  const end = () => {
    for (const controller of inFlight.values()) controller.abort(new BridgeError('ABORTED', 'the widget frame went away'));
    inFlight.clear();
    clearInterval(watch);
    watch = undefined;
  };
  const watchTarget = () => {
    watch ??= setInterval(() => {
      if (target.closed) end();
      else if (inFlight.size === 0) {
        clearInterval(watch);
        watch = undefined;
      }
    }, WATCH_MS);
  };

  const hello = async (): Promise<HelloAnswer> => {
    try {
      const info = await options.bridge.ready();
      return { ok: true, protocol: PROTOCOL_VERSION, host: { vendor: info.vendor, capabilities: { ...info.capabilities } } };
    } catch (error) {
      return { ok: false, protocol: PROTOCOL_VERSION, error: errorJSON(error) };
    }
  };

  const request = async (id: number, input: unknown): Promise<WireAnswer> => {
    const controller = new AbortController();
    inFlight.set(id, controller);
    watchTarget();
    try {
      const request = fromWire(input);
      const gate = policyGate(options.allow, peer.origin, request.headers);
      return responseAnswer(await run(options.bridge, { ...request, signal: controller.signal }, gate));
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
    end,
    unpostable: (error) =>
      errorAnswer(new BridgeError('INVALID_RESPONSE', `the host frame could not send the answer across: ${error instanceof Error ? error.message : String(error)}`)),
  };
}

type Gate = Parameters<GatedBridge[typeof RUN_GATED]>[1];

function isGated(bridge: Bridge): bridge is GatedBridge {
  return typeof (bridge as Partial<GatedBridge>)[RUN_GATED] === 'function';
}

/** Through the bridge's own pipeline with the gate; a bridge of the user's own is judged on the request as written. */
async function run(bridge: Bridge, request: BridgeRequest, gate: Gate): Promise<BridgeResponse> {
  if (isGated(bridge)) return bridge[RUN_GATED](request, gate);
  const info = await bridge.ready();
  const written = writtenAsResolved(request);
  try {
    await gate(written, info);
  } catch (error) {
    const refusal = error as BridgeError;
    throw requestError(refusal.code, { method: written.method, connection: written.connection, vendor: info.vendor }, refusal.message, { params: refusal.params });
  }
  return bridge.request(written.url === undefined ? request : { ...request, url: written.url });
}

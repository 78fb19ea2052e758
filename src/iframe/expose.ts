// The host frame's side: serves one widget window's requests with a bridge that reaches the vendor SDK. This
// frame is the boundary: the widget is not trusted, its request runs through this frame's own bridge as a
// widget's (bounded by that bridge's settings), and the policy judges it as that bridge prepared it (gate.ts),
// before anything is sent.
import { BridgeError, requestError } from '../errors.js';
import { RUN_GATED, type Gate, type GatedBridge } from '../lifecycle.js';
import type { Bridge, BridgeRequest, BridgeResponse } from '../types.js';
import { policyGate } from './gate.js';
import { checkAllowedOrigins, isAllowedOrigin } from './origins.js';
import type { AllowedOrigins } from './origins.js';
import { serveWidget } from './penpal-link.js';
import type { WidgetSession } from './penpal-link.js';
import type { Allow } from './policy.js';
import { PROTOCOL_VERSION } from './protocol.js';
import type { HelloAnswer, WireAnswer } from './protocol.js';
import { decodeRequest, encodeError, encodeResponse } from './wire.js';

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
  const served = serving(options, allowedOrigins);
  const stop = serveWidget({ target, allowedOrigins, open: (peer) => openSession(options, target, peer, served.conflict) });
  // The goodbye: destroying the connection sends penpal's DESTROY, which rejects the widget's calls in
  // flight at once instead of at their timeouts. A page kept in the back/forward cache stays connected.
  const onPageHide = (event: PageTransitionEvent) => {
    if (!event.persisted) stop();
  };
  window.addEventListener('pagehide', onPageHide);
  return {
    destroy() {
      window.removeEventListener('pagehide', onPageHide);
      served.end();
      stop();
    },
  };
}

/** What one exposeBridge serves: its origins, under its bridge and policy. */
interface Served {
  origins: AllowedOrigins;
  bridge: Bridge;
  allow: Allow | undefined;
}

// On the window, under a registered symbol: every exposeBridge of this frame, whichever copy of the library made it.
const SERVED = Symbol.for('widget-bridge.served');

/**
 * One origin, one policy. Frames of one origin script each other, so a widget could send its requests through
 * a sibling's channel: an origin served under one bridge and policy must not be served under another. A clash
 * of exact origins throws here; one only a RegExp or '*' reveals refuses the widget's handshake (`conflict`).
 */
function serving(options: ExposeBridgeOptions, origins: AllowedOrigins): { conflict(origin: string): boolean; end(): void } {
  const registry = ((window as unknown as Record<symbol, Set<Served>>)[SERVED] ??= new Set());
  const mine: Served = { origins, bridge: options.bridge, allow: options.allow };
  const others = (origin: string) =>
    [...registry].some((other) => other !== mine && (other.bridge !== mine.bridge || !samePolicy(other.allow, mine.allow)) && isAllowedOrigin(other.origins, origin));
  for (const origin of origins) {
    if (typeof origin === 'string' && origin !== '*' && others(origin)) {
      throw new TypeError(`exposeBridge(): ${origin} is already served under another bridge or policy: frames of one origin script each other, so serve each origin under one policy`);
    }
  }
  registry.add(mine);
  return { conflict: others, end: () => void registry.delete(mine) };
}

/** The same function, or lists that admit the same (a RegExp by its source and flags). */
function samePolicy(a: Allow | undefined, b: Allow | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  // Tagged, so that a string prefix and a RegExp that print alike are two lists.
  const text = (list: ReadonlyArray<string | RegExp> | undefined) => JSON.stringify(list?.map((item) => (typeof item === 'string' ? ['s', item] : ['r', item.source, item.flags])));
  return (['connections', 'methods', 'urls', 'headers'] as const).every((key) => text(a[key]) === text(b[key]));
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
export function openSession(
  options: ExposeBridgeOptions,
  target: Window,
  peer: { readonly origin: string },
  conflict: (origin: string) => boolean = () => false,
): WidgetSession {
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
      if (conflict(peer.origin)) {
        throw new BridgeError('FORBIDDEN', `FORBIDDEN: ${peer.origin} is served by another exposeBridge of this frame, under another bridge or policy`);
      }
      const info = await options.bridge.ready();
      return { ok: true, protocol: PROTOCOL_VERSION, host: { vendor: info.vendor, capabilities: { ...info.capabilities } } };
    } catch (error) {
      return { ok: false, protocol: PROTOCOL_VERSION, error: encodeError(error).error };
    }
  };

  const request = async (id: number, input: unknown): Promise<WireAnswer> => {
    // A widget choosing the id of a request in flight would take over its cancel: refused, the first runs on.
    if (inFlight.has(id)) return encodeError(new BridgeError('INVALID_REQUEST', `INVALID_REQUEST: request id ${String(id)} is already in flight`));
    const controller = new AbortController();
    inFlight.set(id, controller);
    watchTarget();
    try {
      if (conflict(peer.origin)) throw new BridgeError('FORBIDDEN', `FORBIDDEN: ${peer.origin} is served under another bridge or policy of this frame`);
      const request = decodeRequest(input);
      return encodeResponse(await run(options.bridge, { ...request, signal: controller.signal }, policyGate(options.allow, peer.origin)));
    } catch (error) {
      return encodeError(error);
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
      encodeError(new BridgeError('INVALID_RESPONSE', `the host frame could not send the answer across: ${error instanceof Error ? error.message : String(error)}`)),
  };
}

function isGated(bridge: Bridge): bridge is GatedBridge {
  return typeof (bridge as Partial<GatedBridge>)[RUN_GATED] === 'function';
}

/** Through the bridge's own lifecycle with the gate; a bridge of the user's own is judged on the request as written. */
async function run(bridge: Bridge, request: BridgeRequest, gate: Gate): Promise<BridgeResponse> {
  if (isGated(bridge)) return bridge[RUN_GATED](request, gate);
  const info = await bridge.ready();
  const view = gate.written(request);
  let url: string | undefined;
  try {
    url = await gate(view, info);
  } catch (error) {
    const refusal = error as BridgeError;
    throw requestError(refusal.code, { method: view.method, connection: view.connection, vendor: info.vendor }, refusal.message, { params: refusal.params });
  }
  return bridge.request(url === undefined ? request : { ...request, url });
}

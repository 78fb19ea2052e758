// The widget frame's channel to its host frame: the handshake, the requests in flight, and how they end
// when the host goes away. penpal leaves calls in flight pending when the other frame reloads, so this
// rejects them itself: at once when the host says goodbye (penpal's DESTROY, sent on its `pagehide`), and
// through a liveness check while requests are pending when the host vanishes without one.
// A closure rather than a class: it ships in every nested widget, and a minifier can shorten local names.
import { BridgeError } from '../errors.js';
import { destroyedError } from '../deadline.js';
import type { HostInfo } from '../types.js';
import { describeOrigins } from './origins.js';
import type { AllowedOrigins } from './origins.js';
import { LinkError, openHostLink } from './penpal-link.js';
import type { HostLink } from './penpal-link.js';
import { PROTOCOL_VERSION } from './protocol.js';
import type { WireAnswer, WireRequest } from './protocol.js';
import { decodeAnswer, uncloneable } from './wire.js';
import type { Transport } from '../lifecycle.js';
import type { Capabilities } from '../types.js';

export interface HostChannelOptions {
  target(): Window | undefined;
  allowedOrigins: AllowedOrigins;
  /** Handshake deadline, ms. */
  timeout: number;
  /** Liveness check period and deadline, ms. */
  heartbeat: number;
  /** Opens the link (default: penpal over postMessage); tests pass an in-process fake. */
  open?: typeof openHostLink;
}

export interface Live {
  link: HostLink;
  host: HostInfo;
}

export interface HostChannel {
  /** The host's info while the link is live. */
  readonly host: HostInfo | undefined;
  /**
   * The host's info, after a handshake if there is no live link. Shared by concurrent callers; a caller's
   * deadline and abort are its bridge's to apply (settleFirst), the handshake goes on for the next one.
   */
  connect(): Promise<Live>;
  /** Sends one request and waits for the host's answer; an abort tells the host to drop it. */
  request(wire: WireRequest, signal: AbortSignal): Promise<WireAnswer>;
  /** The handshake did not complete in `ms`: penpal drops messages from a refused origin silently, so say what to check. */
  notReady(ms: number): BridgeError;
  destroy(): void;
}

export function hostChannel(options: HostChannelOptions): HostChannel {
  let handshake: Promise<Live> | undefined;
  let live: Live | undefined;
  let closeOpening: (() => void) | undefined;
  const pending = new Map<number, (error: unknown) => void>();
  let nextId = 1;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let pinging = false;
  /** When the host last answered anything (Date.now()). */
  let lastHeard = 0;
  let destroyed = false;

  // The goodbye: closing the link sends penpal's DESTROY, so the host aborts this document's requests at once.
  // A page kept in the back/forward cache stays connected.
  const onPageHide = (event: PageTransitionEvent) => {
    if (!event.persisted && live) drop(live.link);
  };
  window.addEventListener('pagehide', onPageHide);

  function connect(): Promise<Live> {
    if (destroyed) return Promise.reject(destroyedError());
    return (handshake ??= shake().catch((error: unknown) => {
      handshake = undefined;
      throw error;
    }));
  }

  async function request(wire: WireRequest, signal: AbortSignal): Promise<WireAnswer> {
    const { link } = live ?? (await connect());
    try {
      return await track(link, wire, signal);
    } catch (error) {
      // The link was closed before this request left (the host said goodbye while nothing was pending):
      // nothing reached the host, so one new handshake and one more try are safe.
      if (!(error instanceof LinkError && error.kind === 'unsent')) throw error;
      drop(link);
      return track((await connect()).link, wire, signal).catch((again: unknown) => {
        throw again instanceof LinkError ? channelError(again) : again;
      });
    }
  }

  async function shake(): Promise<Live> {
    const target = options.target();
    if (!target) throw new BridgeError('CHANNEL_ERROR', 'there is no host frame: this page is not in an iframe and no targetWindow was given');
    const started = Date.now();
    const opening = (options.open ?? openHostLink)({ target, allowedOrigins: options.allowedOrigins, timeout: options.timeout });
    closeOpening = opening.close;
    try {
      const link = await opening.connected;
      const hello = await link.hello(PROTOCOL_VERSION, Math.max(1, options.timeout - (Date.now() - started)));
      if (hello.protocol !== PROTOCOL_VERSION) {
        throw new BridgeError('CHANNEL_ERROR', `the host frame speaks protocol ${hello.protocol}, this widget ${PROTOCOL_VERSION}: use one major version of widget-bridge in both`);
      }
      if (!hello.ok) throw BridgeError.fromJSON(hello.error);
      if (destroyed) throw destroyedError();
      return (live = { link, host: hello.host });
    } catch (error) {
      opening.close();
      throw error instanceof LinkError ? (error.kind === 'timeout' ? notReady(options.timeout) : channelError(error)) : error;
    } finally {
      closeOpening = undefined;
    }
  }

  function notReady(ms: number): BridgeError {
    return new BridgeError(
      'CHANNEL_ERROR',
      `no handshake with the host frame in ${ms} ms. This widget talks only to a host frame on ${describeOrigins(options.allowedOrigins)}; ` +
        `the likely cause is an origin mismatch: the host page is on another origin, or its exposeBridge() allowedOrigins does not list ` +
        `this widget's origin (${globalThis.origin}), or it never called exposeBridge() for this frame`,
      { detail: 'handshake timeout' },
    );
  }

  function track(link: HostLink, wire: WireRequest, signal: AbortSignal): Promise<WireAnswer> {
    if (signal.aborted) return Promise.reject(new BridgeError('ABORTED', 'the request was aborted'));
    const id = nextId++;
    let onAbort = () => {};
    return new Promise<WireAnswer>((resolve, reject) => {
      onAbort = () => {
        link.cancel(id);
        reject(new BridgeError('ABORTED', 'the request was aborted'));
      };
      pending.set(id, reject);
      signal.addEventListener('abort', onAbort, { once: true });
      link.request(id, wire).then(
        (answer) => {
          lastHeard = Date.now();
          resolve(answer);
        },
        (error: unknown) => {
          if (!(error instanceof LinkError) || error.kind === 'unsent') return reject(error);
          // Nothing left this frame, and the link is up for every other request.
          if (error.kind === 'uncloneable') return reject(uncloneable(wire, error.cause));
          if (error.kind === 'closed') fail(goneError(), link);
          reject(channelError(error));
        },
      );
      startHeartbeat();
    }).finally(() => {
      pending.delete(id);
      signal.removeEventListener('abort', onAbort);
    });
  }

  /** Runs while requests are pending; stops at the first beat with none (not per request: that costs a timer each). */
  function startHeartbeat(): void {
    if (heartbeat !== undefined) return;
    lastHeard = Date.now();
    heartbeat = setInterval(() => void beat(), options.heartbeat);
  }

  function stopHeartbeat(): void {
    clearInterval(heartbeat);
    heartbeat = undefined;
  }

  /**
   * Any answer from the host is a sign of life. Only after a whole period with none is the host pinged, and
   * only when that period has passed again with no word at all (a busy host's ping reply queues behind the
   * answers it is sending) is it taken for gone.
   */
  async function beat(): Promise<void> {
    if (pending.size === 0) return stopHeartbeat();
    const beating = live;
    const period = options.heartbeat;
    if (!beating || pinging || Date.now() - lastHeard < period) return;
    pinging = true;
    const asked = Date.now();
    try {
      await beating.link.ping(period);
      lastHeard = Date.now();
    } catch {
      // Gone only if nothing came since the ping left: a timeout handled late (this frame was busy) is not the host's silence.
      if (lastHeard < asked) {
        fail(new BridgeError('CHANNEL_ERROR', `the host frame stopped answering (no word from it in ${period} ms, and no reply to a liveness check)`), beating.link);
      }
    } finally {
      pinging = false;
    }
  }

  /** Rejects every request in flight and drops the link (only if it is still `link`, when given). */
  function fail(error: BridgeError, link?: HostLink): void {
    if (link && live?.link !== link) return;
    for (const reject of pending.values()) reject(error);
    pending.clear();
    stopHeartbeat();
    if (live) drop(live.link);
  }

  function drop(link: HostLink): void {
    if (live?.link === link) {
      live = undefined;
      handshake = undefined;
    }
    link.close();
  }

  return {
    get host() {
      return live?.host;
    },
    connect,
    request,
    notReady,
    destroy() {
      destroyed = true;
      window.removeEventListener('pagehide', onPageHide);
      fail(destroyedError());
      closeOpening?.();
    },
  };
}

function goneError(): BridgeError {
  return new BridgeError('CHANNEL_ERROR', 'the host frame went away (it reloaded, navigated or closed); the next request reconnects');
}

function channelError(error: LinkError): BridgeError {
  return new BridgeError('CHANNEL_ERROR', `the channel to the host frame failed: ${error.message}`, { cause: error });
}

// Until the handshake names the host's, claim everything: the host frame checks each request against its own
// adapter and answers UNSUPPORTED itself.
const UNKNOWN_HOST: Capabilities = {
  composite: true,
  url: true,
  textBody: true,
  formBody: true,
  multipartBody: true,
  repeatedQuery: true,
  responseStatus: true,
  responseHeaders: true,
};

/**
 * The channel as a transport of the one lifecycle (parentFrame's and parentBridge's): `init` is the handshake,
 * `send` posts one request, encoded by `encode`, and reads the host's answer (its error rebuilt whole).
 */
export function channelTransport<P>(channel: HostChannel, target: () => Window | undefined, encode: (request: P) => WireRequest): Transport<P> {
  return {
    vendor: 'parent-frame',
    get capabilities() {
      return channel.host?.capabilities ?? UNKNOWN_HOST;
    },
    detect: () => (target() ? true : 'no parent window: this page is not in an iframe (pass targetWindow for a window opened by the host)'),
    init: async () => (await channel.connect()).host,
    notReady: (ms) => channel.notReady(ms),
    send: async (request, signal) => decodeAnswer(await channel.request(encode(request), signal)),
    destroy: () => channel.destroy(),
  };
}

/** The host window: `targetWindow`, else the parent, when there is one. */
export const hostWindow = (targetWindow: Window | undefined) => (): Window | undefined =>
  targetWindow ?? (window.parent !== window ? window.parent : undefined);

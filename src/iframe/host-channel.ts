// The widget frame's channel to its host frame: the handshake, the requests in flight, and how they end
// when the host goes away. penpal leaves calls in flight pending when the other frame reloads, so this
// rejects them itself: at once when the host says goodbye (penpal's DESTROY, sent on its `pagehide`), and
// through a liveness check while requests are pending when the host vanishes without one.
import { BridgeError } from '../errors.js';
import type { HostInfo } from '../types.js';
import { describeOrigins } from './origins.js';
import type { AllowedOrigins } from './origins.js';
import { LinkError, openHostLink } from './penpal-link.js';
import type { HostLink } from './penpal-link.js';
import { PROTOCOL_VERSION } from './protocol.js';
import type { WireAnswer, WireRequest } from './protocol.js';

export interface HostChannelOptions {
  target(): Window | undefined;
  allowedOrigins: AllowedOrigins;
  /** Handshake deadline, ms. */
  timeout: number;
  /** Liveness check period and deadline, ms. */
  heartbeat: number;
}

interface Live {
  link: HostLink;
  host: HostInfo;
}

export class HostChannel {
  private handshake: Promise<Live> | undefined;
  private live: Live | undefined;
  private closeOpening: (() => void) | undefined;
  private readonly pending = new Map<number, (error: unknown) => void>();
  private nextId = 1;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private pinging = false;
  /** When the host last answered anything (Date.now()). */
  private lastHeard = 0;
  private destroyed = false;

  constructor(private readonly options: HostChannelOptions) {}

  /** The host's info, after a handshake if there is no live link. Shared by concurrent callers. */
  async connect(signal?: AbortSignal): Promise<Live> {
    if (this.destroyed) throw new BridgeError('ABORTED', 'the bridge was destroyed');
    this.handshake ??= this.shake().catch((error: unknown) => {
      this.handshake = undefined;
      throw error;
    });
    return signal ? abortable(this.handshake, signal) : this.handshake;
  }

  /** Sends one request and waits for the host's answer; an abort tells the host to drop it. */
  async request(wire: WireRequest, signal: AbortSignal): Promise<WireAnswer> {
    // A live link needs no wait on the handshake (nor the abort listener that wait sets up).
    const { link } = this.live ?? (await this.connect(signal));
    try {
      return await this.track(link, wire, signal);
    } catch (error) {
      // The link was closed before this request left (the host said goodbye while nothing was pending):
      // nothing reached the host, so one new handshake and one more try are safe.
      if (!(error instanceof LinkError && error.kind === 'unsent')) throw error;
      this.drop(link);
      return this.track((await this.connect(signal)).link, wire, signal).catch((again: unknown) => {
        throw again instanceof LinkError ? channelError(again) : again;
      });
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.fail(new BridgeError('ABORTED', 'the bridge was destroyed'));
    this.closeOpening?.();
  }

  private async shake(): Promise<Live> {
    const target = this.options.target();
    if (!target) throw new BridgeError('CHANNEL_ERROR', 'there is no host frame: this page is not in an iframe and no targetWindow was given');
    const started = Date.now();
    const opening = openHostLink({ target, allowedOrigins: this.options.allowedOrigins, timeout: this.options.timeout });
    this.closeOpening = opening.close;
    try {
      const link = await opening.connected;
      const hello = await link.hello(PROTOCOL_VERSION, Math.max(1, this.options.timeout - (Date.now() - started)));
      if (hello.protocol !== PROTOCOL_VERSION) {
        throw new BridgeError('CHANNEL_ERROR', `the host frame speaks protocol ${hello.protocol} and this widget ${PROTOCOL_VERSION}: use the same major version of widget-bridge in both frames`);
      }
      if (!hello.ok) throw BridgeError.fromJSON(hello.error);
      if (this.destroyed) throw new BridgeError('ABORTED', 'the bridge was destroyed');
      this.live = { link, host: hello.host };
      return this.live;
    } catch (error) {
      opening.close();
      throw error instanceof LinkError ? (error.kind === 'timeout' ? this.notReady(this.options.timeout) : channelError(error)) : error;
    } finally {
      this.closeOpening = undefined;
    }
  }

  /** The handshake did not complete: penpal drops messages from a refused origin silently, so say what to check. */
  notReady(ms: number): BridgeError {
    return new BridgeError(
      'CHANNEL_ERROR',
      `no handshake with the host frame in ${ms} ms. This widget talks only to a host frame on ${describeOrigins(this.options.allowedOrigins)}; ` +
        `the likely cause is an origin mismatch: the host page is on another origin, or its exposeBridge() allowedOrigins does not list ` +
        `this widget's origin (${globalThis.origin}), or it never called exposeBridge() for this frame`,
      { detail: 'handshake timeout' },
    );
  }

  private track(link: HostLink, wire: WireRequest, signal: AbortSignal): Promise<WireAnswer> {
    if (signal.aborted) return Promise.reject(new BridgeError('ABORTED', 'the request was aborted'));
    const id = this.nextId++;
    let onAbort = () => {};
    return new Promise<WireAnswer>((resolve, reject) => {
      onAbort = () => {
        link.cancel(id);
        reject(new BridgeError('ABORTED', 'the request was aborted'));
      };
      this.pending.set(id, reject);
      signal.addEventListener('abort', onAbort, { once: true });
      link.request(id, wire).then(
        (answer) => {
          this.lastHeard = Date.now();
          resolve(answer);
        },
        (error: unknown) => {
          if (!(error instanceof LinkError) || error.kind === 'unsent') return reject(error);
          if (error.kind === 'closed') this.fail(goneError(), link);
          reject(channelError(error));
        },
      );
      this.startHeartbeat();
    }).finally(() => {
      this.pending.delete(id);
      signal.removeEventListener('abort', onAbort);
    });
  }

  /** Runs while requests are pending; stops at the first beat with none (not per request: that costs a timer each). */
  private startHeartbeat(): void {
    if (this.heartbeat !== undefined) return;
    this.lastHeard = Date.now();
    this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeat);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /**
   * Any answer from the host is a sign of life. Only after a whole period with none is the host pinged, and
   * only when that period has passed again with no word at all (a busy host's ping reply queues behind the
   * answers it is sending) is it taken for gone.
   */
  private async beat(): Promise<void> {
    if (this.pending.size === 0) return this.stopHeartbeat();
    const live = this.live;
    const period = this.options.heartbeat;
    if (!live || this.pinging || Date.now() - this.lastHeard < period) return;
    this.pinging = true;
    try {
      await live.link.ping(period);
      this.lastHeard = Date.now();
    } catch {
      if (Date.now() - this.lastHeard >= period) {
        this.fail(new BridgeError('CHANNEL_ERROR', `the host frame stopped answering (no word from it in ${period} ms, and no reply to a liveness check)`), live.link);
      }
    } finally {
      this.pinging = false;
    }
  }

  /** Rejects every request in flight and drops the link (only if it is still `link`, when given). */
  private fail(error: BridgeError, link?: HostLink): void {
    if (link && this.live?.link !== link) return;
    for (const reject of this.pending.values()) reject(error);
    this.pending.clear();
    this.stopHeartbeat();
    if (this.live) this.drop(this.live.link);
  }

  private drop(link: HostLink): void {
    if (this.live?.link === link) {
      this.live = undefined;
      this.handshake = undefined;
    }
    link.close();
  }
}

function goneError(): BridgeError {
  return new BridgeError('CHANNEL_ERROR', 'the host frame went away (it reloaded, navigated or closed); the next request reconnects');
}

function channelError(error: LinkError): BridgeError {
  return new BridgeError('CHANNEL_ERROR', `the channel to the host frame failed: ${error.message}`, { cause: error });
}

/** Rejects with ABORTED as soon as `signal` fires; the shared promise itself goes on for the next caller. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new BridgeError('ABORTED', 'the request was aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new BridgeError('ABORTED', 'the request was aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

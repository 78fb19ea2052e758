// The adapter for a widget inside an iframe (or a window opened by the host): its "host SDK" is the host
// frame's bridge, reached through exposeBridge() over penpal.
import type { Adapter, Capabilities, HostInfo } from '../types.js';
import { fromAnswer } from './answer.js';
import { toWire } from './to-wire.js';
import { hostChannel } from './host-channel.js';
import { checkAllowedOrigins, type AllowedOrigins } from './origins.js';

export interface ParentFrameOptions {
  /** The host frame's origins (required; no '*' default). RegExps must be anchored with ^ and $. */
  allowedOrigins: AllowedOrigins;
  /** Handshake deadline in ms. Default 10 000. */
  timeout?: number | undefined;
  /** The host window, when it is not `window.parent` (e.g. `window.opener` for a window the host opened). */
  targetWindow?: Window | undefined;
  /**
   * While requests are pending, the host is pinged every `heartbeat` ms and one unanswered for as long
   * means it is gone: a fallback for a host that vanishes without a goodbye. Default 2 000.
   */
  heartbeat?: number | undefined;
}

// Until the handshake names the host's, claim everything: the host frame validates each request again
// against its own adapter and answers UNSUPPORTED itself.
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

export function parentFrame(options: ParentFrameOptions): Adapter {
  const allowedOrigins = checkAllowedOrigins(options?.allowedOrigins, 'parentFrame()');
  const target = () => options.targetWindow ?? (window.parent !== window ? window.parent : undefined);
  const timeout = options.timeout ?? 10_000;
  const channel = hostChannel({ target, allowedOrigins, timeout, heartbeat: options.heartbeat ?? 2_000 });
  let host: HostInfo | undefined;

  return {
    vendor: 'parent-frame',
    get capabilities() {
      return host?.capabilities ?? UNKNOWN_HOST;
    },
    detect: () => (target() ? true : 'no parent window: this page is not in an iframe (pass targetWindow for a window opened by the host)'),
    async init() {
      host = (await channel.connect()).host;
      return host;
    },
    notReady: (ms) => channel.notReady(ms),
    async send(request, signal) {
      return fromAnswer(await channel.request(toWire(request), signal));
    },
    destroy: () => channel.destroy(),
  };
}

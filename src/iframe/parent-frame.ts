// The adapter for a widget inside an iframe (or a window opened by the host): its "host SDK" is the host
// frame's bridge, reached through exposeBridge() over penpal. The widget's own createBridge resolves the
// request first; the host frame checks it all again.
import type { Adapter } from '../types.js';
import { channelTransport, hostChannel, hostWindow } from './host-channel.js';
import { channelOptions } from './channel-options.js';
import { encodeResolved } from './wire.js';

export interface ParentFrameOptions {
  /** The host frame's origins (required; no '*' default). RegExps must be anchored with ^ and $. */
  allowedOrigins: ReadonlyArray<string | RegExp>;
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

export function parentFrame(options: ParentFrameOptions): Adapter {
  const { allowedOrigins, timeout, heartbeat } = channelOptions(options, 'parentFrame()', 10_000, []);
  const target = hostWindow(options.targetWindow);
  const channel = hostChannel({ target, allowedOrigins, timeout, heartbeat });
  return channelTransport(channel, target, encodeResolved);
}

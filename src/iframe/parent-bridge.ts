// A nested-only widget's Bridge: the one lifecycle (lifecycle.ts) with the iframe channel as its transport and
// the request sent on as written. The host frame validates, resolves, judges and retries it; this side runs what
// only the widget can: the handshake, the deadline, abort (the host is told to stop), liveness, the hooks and the
// `schema`. No zod, no adapters: see the README's "A widget in a nested iframe" for when to use parentFrame().
import { checkControls } from '../controls.js';
import { BridgeError } from '../errors.js';
import { mergeHeaders, refuseHostHeaders } from '../header-names.js';
import { headerRecord, isPairIssue } from '../headers.js';
import { lifecycle, type Checked } from '../lifecycle.js';
import { defaultMethod, isMethod } from '../methods.js';
import { answered } from '../response.js';
import type { Bridge, BridgeHooks, BridgeRequest, BridgeResponse, RetryOptions } from '../types.js';
import { channelOptions } from './channel-options.js';
import { channelTransport, hostChannel, hostWindow } from './host-channel.js';
import type { WireRequest } from './protocol.js';
import { encodeRequest } from './wire.js';

export interface ParentBridgeOptions {
  /** The host frame's origins (required; no '*' default). RegExps must be anchored with ^ and $. */
  allowedOrigins: ReadonlyArray<string | RegExp>;
  /** Per request in ms, the handshake included, unless the request says otherwise. Default 30 000. */
  timeout?: number | undefined;
  /**
   * While requests are pending and the host is silent, it is pinged every `heartbeat` ms; one silent for as
   * long again is taken for gone (CHANNEL_ERROR). Default 2 000.
   */
  heartbeat?: number | undefined;
  /** The host window, when it is not `window.parent` (e.g. `window.opener` for a window the host opened). */
  targetWindow?: Window | undefined;
  /**
   * Hooks that run in this frame (per request too, after these): `beforeRequest` once, before the request
   * leaves (the host validates what it returns), `afterResponse` and `beforeError`. Retries run in the host
   * frame, so `beforeRetry` is refused: use createBridge() + parentFrame() for a widget that retries itself.
   */
  hooks?: Omit<BridgeHooks, 'beforeRetry'> | undefined;
  /** Sent with every request, under the request's own (merged case-insensitively). */
  headers?: Record<string, string> | undefined;
}

/**
 * A request to a nested-only bridge: retries run in the host frame, so a `backoff` function (which cannot cross)
 * and `beforeRetry` hooks are not part of it.
 */
export type NestedRequest<T = unknown> = Omit<BridgeRequest<T>, 'retry' | 'hooks'> & {
  retry?: number | Omit<RetryOptions, 'backoff'> | undefined;
  hooks?: Omit<BridgeHooks<T>, 'beforeRetry'> | undefined;
};

/** parentBridge's Bridge: what it takes says what crosses to the host frame. */
export interface NestedBridge extends Omit<Bridge, 'request'> {
  request<T = unknown>(request: NestedRequest<T>): Promise<BridgeResponse<T>>;
}

/** The hook lists a nested-only widget runs; its retries run in the host frame. */
const LOCAL_HOOKS = ['beforeRequest', 'afterResponse', 'beforeError'];

export function parentBridge(options: ParentBridgeOptions): NestedBridge {
  const { allowedOrigins, timeout, heartbeat } = channelOptions(options, 'parentBridge()', 30_000, LOCAL_HOOKS);
  const target = hostWindow(options.targetWindow);
  const channel = hostChannel({ target, allowedOrigins, timeout, heartbeat });
  const headers = options.headers ?? {};
  return lifecycle<Checked, WireRequest>({
    transports: [channelTransport(channel, target, (request: WireRequest) => request)],
    timeout,
    attemptTimeout: undefined,
    // Retries run in the host frame: the request's `retry` crosses as written.
    hooks: (options.hooks ?? {}) as BridgeHooks,
    // The host frame read the answer (status, body); its errors crossed as errors.
    read: (answer, vendor) => ({ ok: true, response: answered(answer, vendor) }),
    check: (input, widget) => {
      const checked = checkControls(input, LOCAL_HOOKS);
      // A relay (this bridge given to exposeBridge): its own timeout is the ceiling of its widget's.
      if (widget) checked.request = { ...checked.request, timeout: Math.min((checked.request.timeout as number | undefined) ?? timeout, timeout) };
      return checked as Checked;
    },
    prepare: (checked, _host, widget) => {
      const request = checked.request as BridgeRequest;
      // A Headers object or pairs cannot cross as they are: the record the host frame reads.
      const own = headerRecord(request.headers);
      if (isPairIssue(own)) throw new BridgeError('INVALID_REQUEST', `headers.${own.index}: ${own.message}`, { issues: [{ path: ['headers', own.index], message: own.message }] });
      const written = own as Record<string, string> | undefined;
      if (widget) refuseHostHeaders(written, Object.keys(headers));
      const merged = hasKeys(headers) ? mergeHeaders(headers, written) : written;
      const method = isMethod(request.method) ? request.method : defaultMethod(request.composite);
      const wire = encodeRequest(request, merged);
      // A relay names the method it judged, so that the host frame above cannot resolve another from its entry.
      if (widget) wire.method = method;
      // Judged as written, when this bridge serves a widget of its own (gate.written).
      return { request: wire, method, connection: String(request.connection) };
    },
    withUrl: (wire, url) => ({ ...wire, url }),
  });
}

function hasKeys(record: object): boolean {
  for (const _ in record) return true;
  return false;
}

// The only modules that import penpal (7.x) are this one and messenger.ts, so a future major version touches
// them alone. Facts relied on (verified on penpal 7.0.6): calls in flight are rejected only by a call timeout
// or by a destroy (ours, or the DESTROY message the other side sends from `connection.destroy()`); a refused
// origin is silent, so a handshake simply never completes; `CallOptions` is detected with instanceof; a call
// whose message cannot be posted rejects with TRANSMISSION_FAILED and leaves the connection up.
import { CallOptions, connect, PenpalError } from 'penpal';
import type { Methods, SynMessage } from 'penpal';
import { frameMessenger } from './messenger.js';
import { isAllowedOrigin } from './origins.js';
import type { AllowedOrigins } from './origins.js';
import type { HelloAnswer, HostMethods, WireAnswer, WireRequest } from './protocol.js';

/** Our own penpal channel, so the bridge coexists with any other penpal connection between the same windows. */
export const CHANNEL = 'widget-bridge/1';

/**
 * How a call over the link failed: `unsent` (the link was already closed: nothing left this frame, so
 * sending again on a new link is safe), `uncloneable` (postMessage refused this call's arguments: nothing
 * left, and sending them again would fail again; `cause` says why), `closed` (the other frame destroyed the link or went away while
 * the call was in flight), `timeout` (no answer in time), `failed` (anything else penpal reports, such as a
 * method the other frame does not have).
 */
export class LinkError extends Error {
  constructor(
    readonly kind: 'unsent' | 'uncloneable' | 'closed' | 'timeout' | 'failed',
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** The widget frame's view of the host frame. */
export interface HostLink {
  hello(protocol: number, timeout: number): Promise<HelloAnswer>;
  /** No call timeout of penpal's: the widget's core holds the deadline, and an abort tells the host to answer. */
  request(id: number, request: WireRequest): Promise<WireAnswer>;
  cancel(id: number): void;
  ping(timeout: number): Promise<unknown>;
  close(): void;
}

/** Starts the handshake with the host frame; `connected` rejects with a `timeout` LinkError after `timeout` ms. */
export function openHostLink(options: { target: Window; allowedOrigins: AllowedOrigins; timeout: number }): {
  connected: Promise<HostLink>;
  close(): void;
} {
  // Set synchronously by the messenger while a call is being posted: the one call postMessage refused.
  const posting: { refused?: { error: unknown } } = {};
  const messenger = frameMessenger({ remoteWindow: options.target, allowedOrigins: options.allowedOrigins, onUnsent: (error) => (posting.refused = { error }) });
  const connection = connect<HostMethods>({ messenger, channel: CHANNEL, methods: Object.create(null), timeout: options.timeout });
  const connected = connection.promise.then(
    (remote): HostLink => ({
      hello: (protocol, timeout) => call(() => remote.hello(protocol, new CallOptions({ timeout }))),
      request(id, request) {
        posting.refused = undefined;
        const sent = call(() => remote.request(id, request));
        // Set meanwhile by the messenger (TypeScript cannot see that).
        const refused = posting.refused as { error: unknown } | undefined;
        if (!refused) return sent;
        const { error } = refused;
        sent.catch(() => undefined);
        return Promise.reject(new LinkError('uncloneable', error instanceof Error ? error.message : String(error), { cause: error }));
      },
      cancel: (id) => void call(() => remote.cancel(id)).catch(() => undefined),
      ping: (timeout) => call(() => remote.ping(new CallOptions({ timeout }))),
      close: connection.destroy,
    }),
    (error: unknown) => Promise.reject(linkError(error)),
  );
  return { connected, close: connection.destroy };
}

// The remote proxy throws synchronously once its connection is destroyed: that call never left this frame.
function call<T>(send: () => Promise<T>): Promise<T> {
  let sent: Promise<T>;
  try {
    sent = send();
  } catch (error) {
    return Promise.reject(new LinkError('unsent', error instanceof Error ? error.message : String(error)));
  }
  return sent.catch((error: unknown) => Promise.reject(linkError(error)));
}

function linkError(error: unknown): unknown {
  if (!(error instanceof PenpalError)) return error;
  if (error.code === 'METHOD_CALL_TIMEOUT' || error.code === 'CONNECTION_TIMEOUT') return new LinkError('timeout', error.message);
  if (error.code === 'TRANSMISSION_FAILED') return new LinkError('unsent', error.message);
  return new LinkError(error.code === 'CONNECTION_DESTROYED' ? 'closed' : 'failed', error.message);
}

/** One widget connection as the host frame sees it: methods bound to it, and what to release when it ends. */
export interface WidgetSession {
  methods: HostMethods;
  /** Called when the widget's document says goodbye, when a new document replaces it, and on stop. */
  end(): void;
  /** What the widget receives instead of an answer postMessage refused (too deep, too large, uncloneable). */
  unpostable(error: unknown): WireAnswer;
}

/**
 * Serves one widget window. `open` is called for each widget connection, with the widget's origin as
 * the browser reported it (filled in before any call arrives). Returns the function that stops serving.
 *
 * penpal on its own re-handshakes with a reloaded widget on the same connection, and keeps sending the old
 * document's answers down the new port. A fresh connection per widget handshake instead binds every call to
 * the document that made it: when a new one starts, the old session ends (its requests are aborted) and
 * its late answers go to a destroyed connection, which drops them. It also restores service after the
 * widget destroyed the connection (a DESTROY message would otherwise leave this side deaf).
 */
export function serveWidget(options: {
  target: Window;
  allowedOrigins: AllowedOrigins;
  open(peer: { readonly origin: string }): WidgetSession;
}): () => void {
  let current: { peer: { origin: string }; connected: boolean; close(): void } | undefined;
  let participant: string | undefined;

  const start = () => {
    current?.close();
    const peer = { origin: '' };
    const session = options.open(peer);
    const messenger = frameMessenger({
      remoteWindow: options.target,
      allowedOrigins: options.allowedOrigins,
      replyInstead: session.unpostable,
      onGoodbye: session.end,
    });
    // A prototype-less methods object: penpal looks methods up through the prototype chain.
    const methods: Methods = Object.assign(Object.create(null), session.methods);
    const connection = connect({ messenger, channel: CHANNEL, methods });
    const served = {
      peer,
      connected: false,
      close() {
        session.end();
        connection.destroy();
      },
    };
    connection.promise.then(
      () => (served.connected = true),
      () => undefined,
    );
    current = served;
  };

  // Registered before any penpal listener, so it sees a SYN first: it learns the widget's origin (penpal
  // does not expose it) and replaces a connection whose handshake is done when a new widget handshake begins.
  const onMessage = (event: MessageEvent) => {
    if (event.source !== options.target || !isOurSyn(event.data) || !isAllowedOrigin(options.allowedOrigins, event.origin)) return;
    if (event.data.participantId === participant) return;
    participant = event.data.participantId;
    if (current?.connected) start();
    if (current) current.peer.origin = event.origin;
  };
  window.addEventListener('message', onMessage);
  start();
  return () => {
    window.removeEventListener('message', onMessage);
    current?.close();
    current = undefined;
  };
}

function isOurSyn(data: unknown): data is SynMessage {
  const message = data as Partial<SynMessage> | null;
  return message?.namespace === 'penpal' && message.type === 'SYN' && message.channel === CHANNEL && typeof message.participantId === 'string';
}

// penpal's transport between two windows, written for this channel instead of penpal's WindowMessenger:
// - WindowMessenger switches itself for good to the penpal 6 protocol when any `{ penpal: … }` message comes
//   from the other window, even one of another library's connection; this one reads only its own channel.
// - penpal leaves a reply it cannot post (too deep, too large, uncloneable) unanswered unless the failure is a
//   DataCloneError, and rethrows into an unhandled rejection either way; here the reply is replaced.
// - A call that cannot be posted is reported to the caller, so that one request fails and the link stays up.
// Handshake as penpal's (SYN to '*', then the other window's concrete origin; ACK2 carries a MessagePort for
// everything after it).
import type { Message, Messenger } from 'penpal';
import { isAllowedOrigin } from './origins.js';
import type { AllowedOrigins } from './origins.js';

type Handler = (message: Message) => void;
type InitializeOptions = Parameters<Messenger['initialize']>[0];

export interface FrameMessengerOptions {
  remoteWindow: Window;
  allowedOrigins: AllowedOrigins;
  /** A reply that could not be posted: the value to send instead (the caller must hear something). */
  replyInstead?: (error: unknown) => unknown;
  /** A call that could not be posted (its promise rejects with penpal's TRANSMISSION_FAILED). */
  onUnsent?: (error: unknown) => void;
  /** The other window said goodbye (penpal's DESTROY). */
  onGoodbye?: () => void;
}

export interface FrameMessenger extends Messenger {
  /** The other window's origin, learnt from its SYN. */
  readonly origin: string | undefined;
}

export function frameMessenger(options: FrameMessengerOptions): FrameMessenger {
  const { remoteWindow, allowedOrigins } = options;
  const handlers = new Set<Handler>();
  let validate: InitializeOptions['validateReceivedMessage'] | undefined;
  let port: MessagePort | undefined;
  let origin: string | undefined;

  const targetOrigin = (): string => {
    if (origin === undefined) throw new Error('the other window has not introduced itself yet');
    // postMessage cannot target the origin 'null' (a sandboxed frame): '*' is the only way, and only when allowed.
    return origin === 'null' && allowedOrigins.includes('*') ? '*' : origin;
  };
  const dispatch = (message: Message): void => {
    if (message.type === 'DESTROY') options.onGoodbye?.();
    for (const handler of handlers) handler(message);
  };
  const onPortMessage = ({ data }: MessageEvent): void => {
    if (validate?.(data)) dispatch(data as Message);
  };
  const closePort = (): void => {
    port?.removeEventListener('message', onPortMessage);
    port?.close();
    port = undefined;
  };
  const listen = (next: MessagePort): void => {
    closePort();
    port = next;
    next.addEventListener('message', onPortMessage);
    next.start();
  };
  const onWindowMessage = ({ source, origin: from, ports, data }: MessageEvent): void => {
    if (source !== remoteWindow || !validate?.(data) || !isAllowedOrigin(allowedOrigins, from)) return;
    const message = data as Message;
    if (message.type === 'SYN') {
      closePort();
      origin = from;
    }
    if (message.type === 'ACK2') {
      if (!ports[0]) return;
      listen(ports[0]);
    }
    dispatch(message);
  };

  return {
    get origin() {
      return origin;
    },
    initialize({ validateReceivedMessage }) {
      validate = validateReceivedMessage;
      window.addEventListener('message', onWindowMessage);
    },
    sendMessage(message, transfer) {
      if (message.type === 'SYN') return remoteWindow.postMessage(message, { targetOrigin: '*', transfer });
      if (message.type === 'ACK1') return remoteWindow.postMessage(message, { targetOrigin: targetOrigin(), transfer });
      if (message.type === 'ACK2') {
        const { port1, port2 } = new MessageChannel();
        listen(port1);
        return remoteWindow.postMessage(message, { targetOrigin: targetOrigin(), transfer: [port2, ...(transfer ?? [])] });
      }
      if (!port) throw new Error('the channel has no port yet');
      try {
        port.postMessage(message, { transfer });
      } catch (error) {
        if (message.type === 'REPLY' && !message.isError && options.replyInstead) {
          port.postMessage({ ...message, value: options.replyInstead(error) });
          return;
        }
        if (message.type === 'CALL') options.onUnsent?.(error);
        throw error;
      }
    },
    addMessageHandler: (handler) => void handlers.add(handler),
    removeMessageHandler: (handler) => void handlers.delete(handler),
    destroy() {
      window.removeEventListener('message', onWindowMessage);
      closePort();
      handlers.clear();
    },
  };
}

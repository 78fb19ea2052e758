// What the Zoho host frames share (Finance and Sigma in zoho.ts, CRM in zoho-crm.ts): the widget framed on its
// own origin with ?serviceOrigin=, and the messages read as the vendors' scripts and hosts read them.
import type { HostConfig } from './config.js';

export interface WidgetFrame {
  iframe: HTMLIFrameElement;
  widgetUrl: URL;
  /** `protocol//host/pathname`: what the widget's messages name as their page (`widgetOrigin`, `appOrigin`). */
  widgetPath: string;
  /** Loads the widget page again in the same frame (it registers again, as after a reload in the host). */
  reload(): void;
}

/** Frames the widget page with `serviceOrigin` (this host's origin) added to its query, as Zoho hosts do. */
export function frameWidget(config: HostConfig): WidgetFrame {
  const widgetUrl = new URL(config.widgetPage, config.widgetOrigin);
  const frameUrl = `${widgetUrl.href}${widgetUrl.search ? '&' : '?'}serviceOrigin=${encodeURIComponent(location.origin)}`;
  const iframe = document.createElement('iframe');
  iframe.title = 'Widget';
  iframe.src = frameUrl;
  document.getElementById('wb-frame-slot')?.append(iframe);
  (document.getElementById('wb-frame-label') as HTMLElement).textContent = `<iframe src="${frameUrl}">`;
  return { iframe, widgetUrl, widgetPath: `${widgetUrl.origin}${widgetUrl.pathname}`, reload: () => (iframe.src = frameUrl) };
}

type Message = Record<string, unknown>;

/**
 * The host frame's one message loop: a message of the vendor's kind (`parse`) that fails the host's checks
 * (`check` names why) is dropped and shown in the inspector; any other is handled.
 */
export function serveWidgetMessages(options: {
  parse(data: unknown): Message | undefined;
  check(event: MessageEvent, message: Message): string | undefined;
  handle(message: Message): Promise<void>;
  dropped(reason: string, message: Message): void;
}): void {
  window.addEventListener('message', (event) => {
    const message = options.parse(event.data);
    if (!message) return;
    const problem = options.check(event, message);
    if (problem) return options.dropped(problem, message);
    void options.handle(message);
  });
}

/** A message's data as an object; JSON text is parsed (the scripts accept both). */
export function parseMessage(data: unknown): Record<string, unknown> | undefined {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** A URI-encoded page address, decoded; undefined when it is not valid encoding. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

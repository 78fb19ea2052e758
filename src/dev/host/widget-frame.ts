// What the Zoho host frames share (Finance and Sigma in zoho.ts, CRM in zoho-crm.ts): the widget framed on its
// own origin with ?serviceOrigin=, and the messages read as the vendors' scripts and hosts read them.
import type { HostConfig } from './config.js';

export interface WidgetFrame {
  iframe: HTMLIFrameElement;
  widgetUrl: URL;
  /** `protocol//host/pathname`: what the widget's messages name as their page (`widgetOrigin`, `appOrigin`). */
  widgetPath: string;
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
  return { iframe, widgetUrl, widgetPath: `${widgetUrl.origin}${widgetUrl.pathname}` };
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

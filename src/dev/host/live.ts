// Live reload, on the host page: the dev server says when a widget file changed (server-sent events).
import type { Inspector } from './inspector.js';

/** Calls `reload` when a file under the widget's folder changes; the inspector notes it and keeps its log. */
export function reloadOnChange(inspector: Inspector, reload: () => void): void {
  const events = new EventSource('/__wb/events');
  events.addEventListener('widget', (event) => {
    const { file } = JSON.parse((event as MessageEvent<string>).data) as { file: string };
    inspector.note('RELOAD', `${file} changed`);
    reload();
  });
}

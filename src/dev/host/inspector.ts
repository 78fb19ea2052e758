// The inspector beside the emulated host: every call the widget made through the host (method,
// connection, URL, status, time; request and answer on click), the host's context and the widget's
// event bindings.

export interface CallEntry {
  method: string;
  /** The connection or permalink, or what a non-request call names. */
  connection?: string;
  url?: string;
  request: unknown;
}

export interface CallHandle {
  /** `ok`: the call's promise resolved in the widget. `status`: the upstream HTTP status, if one was reached. */
  settle(ok: boolean, answer: unknown, status?: number, upstream?: unknown): void;
}

export interface Inspector {
  call(entry: CallEntry): CallHandle;
  /** Something the tool did (the widget reloaded), as a row of its own. */
  note(method: string, what: string): void;
  /** A message the host dropped, and why. */
  dropped(reason: string, message: unknown): void;
  showContext(context: unknown): void;
  showBindings(bindings: Record<string, number>): void;
  /** Offers a form that fires a host event at the widget (Zoho: the names it bound). */
  onFire(fire: (eventName: string, data: unknown) => void): void;
}

// Any page could flood the log (a widget, or before frame-ancestors a framing page): the newest rows are kept.
export const LOG_LIMIT = 500;

export function createInspector(root: HTMLElement, limit = LOG_LIMIT): Inspector {
  const log = el('ol', { class: 'wb-log', id: 'wb-log' });
  const droppedCount = el('div', { class: 'wb-dropped-count', id: 'wb-log-dropped', hidden: '' });
  let dropped = 0;
  const context = el('pre', { class: 'wb-context', id: 'wb-context' });
  const bindings = el('div', { class: 'wb-binds', id: 'wb-bindings' }, 'none yet');
  const fireForm = el('form', { class: 'wb-fire', id: 'wb-fire', hidden: '' });
  root.append(el('h2', {}, 'Calls through the host'), log, droppedCount, el('h2', {}, 'Host context'), context, el('h2', {}, 'Event bindings (__EVENT_BIND__)'), bindings, fireForm);

  function entry(summary: { method: string; what: string; status: string; statusClass: string }, details: Array<[string, unknown]>) {
    const item = el('li', { class: 'wb-call', 'aria-expanded': 'false' });
    const status = el('span', { class: summary.statusClass }, summary.status);
    const time = el('span', { class: 'wb-muted' }, '');
    const what = el('span', { class: 'wb-what', title: summary.what }, summary.what);
    const button = el('button', { type: 'button' }, el('span', { class: 'wb-method' }, summary.method), what, status, time);
    const detail = el('div', { class: 'wb-detail' });
    const show = (pairs: Array<[string, unknown]>) =>
      detail.replaceChildren(...pairs.flatMap(([label, value]) => [el('div', { class: 'wb-muted' }, label), el('pre', {}, format(value))]));
    show(details);
    button.addEventListener('click', () => item.setAttribute('aria-expanded', String(item.getAttribute('aria-expanded') !== 'true')));
    item.append(button, detail);
    log.prepend(item);
    trim();
    return { item, status, time, what, show };
  }

  function trim() {
    while (log.childElementCount > limit) {
      log.lastElementChild?.remove();
      dropped += 1;
    }
    if (dropped === 0) return;
    droppedCount.hidden = false;
    droppedCount.textContent = `${dropped} older ${dropped === 1 ? 'row' : 'rows'} dropped (the newest ${limit} are kept)`;
  }

  return {
    note(method, what) {
      entry({ method, what, status: '', statusClass: 'wb-muted' }, [[method.toLowerCase(), what]]).item.dataset.state = 'note';
    },
    call({ method, connection, url, request }) {
      const started = performance.now();
      const what = [connection, url].filter(Boolean).join(' ');
      const view = entry({ method, what, status: '…', statusClass: 'wb-pending' }, [['request', request]]);
      view.item.dataset.state = 'pending';
      return {
        settle(ok, answer, status, upstream) {
          view.time.textContent = `${Math.round(performance.now() - started)} ms`;
          view.status.textContent = status === undefined ? (ok ? 'ok' : 'failed') : String(status);
          view.status.className = ok && (status === undefined || status < 400) ? 'wb-ok' : 'wb-fail';
          view.item.dataset.state = ok ? 'resolved' : 'rejected';
          if (status !== undefined) view.item.dataset.status = String(status);
          // --replay: no fixture matched, and the 502 is the dev tool's.
          if (Array.isArray(upstream) && upstream.some((sent: { replay?: unknown }) => sent?.replay === 'missing')) view.item.dataset.replay = 'missing';
          const pairs: Array<[string, unknown]> = [['request', request], [ok ? 'answer (resolves)' : 'answer (rejects)', answer]];
          if (upstream !== undefined) pairs.push(['sent upstream from the host', upstream]);
          // The URL as it left the host: query rows appended, a connector's template filled in.
          const sent = Array.isArray(upstream) ? (upstream.at(-1) as { url?: unknown } | undefined)?.url : undefined;
          if (typeof sent === 'string') view.what.textContent = view.what.title = [connection, sent].filter(Boolean).join(' ');
          view.show(pairs);
        },
      };
    },
    dropped(reason, message) {
      const view = entry({ method: 'DROP', what: reason, status: 'no answer', statusClass: 'wb-fail' }, [['message', message]]);
      view.item.dataset.state = 'dropped';
    },
    showContext(value) {
      context.textContent = format(value);
    },
    onFire(fire) {
      const name = el('input', { name: 'event', placeholder: 'event name', 'aria-label': 'Event name', list: 'wb-bound-events' }) as HTMLInputElement;
      const data = el('input', { name: 'data', placeholder: 'data (JSON)', 'aria-label': 'Event data as JSON', value: '{}' }) as HTMLInputElement;
      fireForm.append(el('datalist', { id: 'wb-bound-events' }), name, data, el('button', { type: 'submit' }, 'Fire event'));
      fireForm.hidden = false;
      fireForm.addEventListener('submit', (event) => {
        event.preventDefault();
        let value: unknown;
        try {
          value = JSON.parse(data.value || 'null');
        } catch {
          data.setCustomValidity('not JSON');
          data.reportValidity();
          return;
        }
        data.setCustomValidity('');
        if (name.value) fire(name.value, value);
      });
    },
    showBindings(value) {
      const list = fireForm.querySelector('datalist');
      // As bounded as the log: a widget may bind any number of names.
      const names = Object.entries(value);
      const shown = names.slice(-limit);
      list?.replaceChildren(...shown.map(([eventName]) => el('option', { value: eventName })));
      const more = names.length - shown.length;
      bindings.textContent =
        names.length === 0 ? 'none yet' : shown.map(([name, count]) => `${name} ×${count}`).join(', ') + (more > 0 ? ` (and ${more} more not shown)` : '');
    },
  };
}

function format(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

function el(tag: string, attributes: Record<string, string>, ...children: Array<Node | string>): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

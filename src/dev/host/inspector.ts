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
  /** A message the host dropped, and why. */
  dropped(reason: string, message: unknown): void;
  showContext(context: unknown): void;
  showBindings(bindings: Record<string, number>): void;
  /** Offers a form that fires a host event at the widget (Zoho: the names it bound). */
  onFire(fire: (eventName: string, data: unknown) => void): void;
}

export function createInspector(root: HTMLElement): Inspector {
  const log = el('ol', { class: 'wb-log', id: 'wb-log' });
  const context = el('pre', { class: 'wb-context', id: 'wb-context' });
  const bindings = el('div', { class: 'wb-binds', id: 'wb-bindings' }, 'none yet');
  const fireForm = el('form', { class: 'wb-fire', id: 'wb-fire', hidden: '' });
  root.append(el('h2', {}, 'Calls through the host'), log, el('h2', {}, 'Host context'), context, el('h2', {}, 'Event bindings (__EVENT_BIND__)'), bindings, fireForm);

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
    return { item, status, time, what, show };
  }

  return {
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
      list?.replaceChildren(...Object.keys(value).map((eventName) => el('option', { value: eventName })));
      const names = Object.entries(value);
      bindings.textContent = names.length === 0 ? 'none yet' : names.map(([name, count]) => `${name} ×${count}`).join(', ');
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

// "Account health": the one widget every demo page runs, unchanged. It knows nothing about its host: the
// bridge picks the first adapter whose SDK is present, and the `connections` map holds the per-host names.
import { h, formatMoney, healthBand } from './dom.js';

const { createBridge, gainsight, zohoFinance, zohoSigma, zohoCrm, parentFrame, isBridgeError } = WidgetBridge;

const CRM = 'https://api.acme-crm.example/v2';

// Gainsight: one connector per endpoint, each holding its URL and method (the community admin sets them up).
// Zoho: one connection to the CRM, and the URL per request.
function portable(connector, path) {
  const zoho = { connection: 'acmecrm', url: CRM + path };
  return { gainsight: { connection: connector }, 'zoho-finance': zoho, 'zoho-sigma': zoho, 'zoho-crm': zoho };
}

const connections = {
  accounts: portable('acme-accounts', '/accounts'),
  account: portable('acme-account', '/accounts/{{pathParams.account_id}}'),
  updateAccount: portable('acme-account-update', '/accounts/{{pathParams.account_id}}'),
  addNote: portable('acme-account-notes', '/accounts/{{pathParams.account_id}}/notes'),
  renewalReport: portable('acme-renewal-report', '/reports/renewals'),
};

const STYLESHEET = new URL('../styles.css', import.meta.url).href;

/** Renders the widget into `root` (an element, or the ShadowRoot a host gives its widgets). */
export function mountAccountHealth(root) {
  const bridge = createBridge({
    adapter: [gainsight(), zohoFinance(), zohoSigma({ service: 'WRITER' }), zohoCrm(), parentFrame({ allowedOrigins: hostOrigins() })],
    connections,
    timeout: 10_000,
    headers: { 'X-Widget': 'account-health/1.0' },
  });
  const view = render(root);
  const log = requestLog(view.log);
  const call = (request) => log.track(request, bridge.request(request));
  const state = { selected: undefined };

  async function showHost() {
    try {
      const { vendor, capabilities } = await bridge.ready();
      view.host.replaceChildren(h('span', { class: 'ah-dot' }), `Connected to ${VENDOR_NAMES[vendor] ?? vendor}`);
      view.host.dataset.vendor = vendor;
      view.capabilities.replaceChildren(
        ...Object.entries(capabilities).map(([name, on]) => h('li', { class: on ? 'ah-cap ah-cap-on' : 'ah-cap', title: on ? 'supported' : 'not supported' }, on ? '✓ ' : '✕ ', name)),
      );
    } catch (error) {
      view.host.replaceChildren(`No host: ${describe(error)}`);
      view.host.dataset.vendor = 'none';
    }
  }

  async function loadAccounts() {
    try {
      const { data } = await call({ connection: 'accounts', query: { sort: 'health' } });
      view.accounts.replaceChildren(...data.accounts.map((account) => accountRow(account, () => openAccount(account.id))));
      view.count.textContent = String(data.total);
    } catch {
      view.accounts.replaceChildren(h('li', { class: 'ah-empty' }, 'Could not load accounts: see the request log.'));
    }
  }

  async function openAccount(id) {
    try {
      const { data } = await call({ connection: 'account', pathParams: { account_id: id } });
      state.selected = data;
      renderDetail(view.detail, data, { updateHealth, addNote });
    } catch {
      // The request log says why; the detail panel keeps what it showed.
    }
  }

  async function updateHealth(health) {
    const id = state.selected.id;
    try {
      await call({ connection: 'updateAccount', method: 'PATCH', pathParams: { account_id: id }, body: { health } });
      await Promise.all([openAccount(id), loadAccounts()]);
    } catch {
      // Logged.
    }
  }

  // The answer is the note itself: Gainsight reports 200 where Zoho reports the API's 201, so the status is not read.
  async function addNote(text) {
    const id = state.selected.id;
    try {
      await call({ connection: 'addNote', method: 'POST', pathParams: { account_id: id }, body: { text } });
      await openAccount(id);
    } catch {
      // Logged.
    }
  }

  async function renewalReport({ timeout, cancellable }) {
    const controller = new AbortController();
    const button = view.report;
    if (cancellable) {
      button.textContent = 'Cancel';
      button.onclick = () => controller.abort();
    }
    view.reportResult.textContent = 'Loading the renewal report…';
    try {
      const { data } = await call({ connection: 'renewalReport', timeout, signal: controller.signal });
      view.reportResult.textContent = `${data.quarter}: ${data.due} renewals due, ${formatMoney(data.arrAtRisk)} ARR at risk`;
    } catch (error) {
      view.reportResult.textContent = `No report: ${codeOf(error)}`;
    } finally {
      button.textContent = 'Load report';
      button.onclick = () => renewalReport({ cancellable: true });
    }
  }

  view.refresh.onclick = loadAccounts;
  view.lookup.onsubmit = (event) => {
    event.preventDefault();
    void openAccount(view.lookupId.value);
  };
  for (const button of view.lookup.querySelectorAll('[data-id]')) {
    button.onclick = () => {
      view.lookupId.value = button.dataset.id;
      void openAccount(button.dataset.id);
    };
  }
  view.report.onclick = () => renewalReport({ cancellable: true });
  view.reportTimeout.onclick = () => renewalReport({ timeout: 1_500 });
  view.clearLog.onclick = () => log.clear();

  void showHost();
  void loadAccounts();
  return bridge;
}

const VENDOR_NAMES = { gainsight: 'Gainsight', 'zoho-finance': 'Zoho Finance', 'zoho-sigma': 'Zoho Writer', 'zoho-crm': 'Zoho CRM' };

// The host frames this widget trusts when it runs in an iframe. A shipped widget lists its hosts' origins
// (e.g. 'https://books.zoho.com'); the demo's ports are chosen at run time, so the framing page names its
// origin in the query string, and only a local one is accepted.
function hostOrigins() {
  const named = new URLSearchParams(location.search).get('host');
  const local = named && /^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(named);
  return [local ? named : location.origin];
}

function render(root) {
  if (root instanceof ShadowRoot) root.append(h('link', { rel: 'stylesheet', href: STYLESHEET }));
  const refs = {};
  const ref = (name, element) => (refs[name] = element);
  root.append(
    h('section', { class: 'ah' },
      h('header', { class: 'ah-head' },
        h('div', {}, h('h2', {}, 'Account health'), h('p', { class: 'ah-sub' }, 'Acme CRM, through the host’s connectors')),
        ref('host', h('p', { class: 'ah-host', 'data-testid': 'host' }, 'Detecting host…'))),
      ref('capabilities', h('ul', { class: 'ah-caps', 'aria-label': 'Host capabilities' })),
      h('div', { class: 'ah-grid' },
        h('div', { class: 'ah-panel' },
          h('div', { class: 'ah-panel-head' },
            h('h3', {}, 'Accounts ', h('span', { class: 'ah-badge' }, ref('count', h('span', {}, '…')))),
            ref('refresh', h('button', { class: 'ah-btn ah-btn-quiet', 'data-action': 'refresh' }, 'Refresh'))),
          ref('accounts', h('ul', { class: 'ah-accounts', 'data-testid': 'accounts' }, h('li', { class: 'ah-empty' }, 'Loading…')))),
        ref('detail', h('div', { class: 'ah-panel ah-detail', 'data-testid': 'detail' }, h('p', { class: 'ah-empty' }, 'Open an account to see its health and notes.'))),
      h('div', { class: 'ah-panel' },
        h('h3', {}, 'Try the edge cases'),
        ref('lookup', h('form', { class: 'ah-lookup', 'data-action': 'lookup' },
          h('label', { for: 'ah-lookup-id' }, 'Fetch an account by id (a path parameter)'),
          h('div', { class: 'ah-row' },
            ref('lookupId', h('input', { id: 'ah-lookup-id', name: 'id', value: 'acc-1003', autocomplete: 'off', spellcheck: 'false' })),
            h('button', { class: 'ah-btn', type: 'submit' }, 'Fetch')),
          h('div', { class: 'ah-row ah-chips' },
            h('button', { class: 'ah-btn ah-btn-quiet', type: 'button', 'data-id': '../admin', 'data-action': 'unsafe-id' }, 'Unsafe id “../admin”'),
            h('button', { class: 'ah-btn ah-btn-quiet', type: 'button', 'data-id': 'acc-404', 'data-action': 'unknown-id' }, 'Unknown id (404)')))),
        h('div', { class: 'ah-row ah-report' },
          ref('report', h('button', { class: 'ah-btn', 'data-action': 'report' }, 'Load report')),
          ref('reportTimeout', h('button', { class: 'ah-btn ah-btn-quiet', 'data-action': 'report-timeout' }, 'Load with a 1.5 s timeout')),
          ref('reportResult', h('span', { class: 'ah-muted', 'data-testid': 'report' }, 'The renewal report takes 3 s upstream.')))),
      h('div', { class: 'ah-panel' },
        h('div', { class: 'ah-panel-head' },
          h('h3', {}, 'Request log'),
          ref('clearLog', h('button', { class: 'ah-btn ah-btn-quiet', 'data-action': 'clear-log' }, 'Clear'))),
        ref('log', h('ol', { class: 'ah-log', 'data-testid': 'log', 'aria-live': 'polite' }))))),
  );
  return refs;
}

function accountRow(account, open) {
  const band = healthBand(account.health);
  return h('li', { class: 'ah-account', 'data-account': account.id },
    h('button', { class: 'ah-account-open', onclick: open, 'aria-label': `Open ${account.name}` },
      h('span', { class: 'ah-account-name' }, account.name),
      h('span', { class: 'ah-muted' }, `${account.tier} · ${formatMoney(account.arr)} · renews ${account.renewal}`)),
    h('span', { class: `ah-score ah-score-${band}`, title: `Health ${account.health}/100` }, String(account.health)));
}

function renderDetail(panel, account, actions) {
  const score = h('input', { type: 'number', min: '0', max: '100', value: String(account.health), 'aria-label': 'Health score', name: 'health' });
  const note = h('textarea', { rows: '2', placeholder: 'What happened on the last call?', 'aria-label': 'New note', name: 'note' });
  panel.replaceChildren(
    h('div', { class: 'ah-panel-head' },
      h('h3', {}, account.name),
      h('span', { class: `ah-score ah-score-${healthBand(account.health)}` }, String(account.health))),
    h('p', { class: 'ah-muted' }, `${account.id} · owner ${account.owner} · ${account.tier}`),
    h('form', { class: 'ah-row', 'data-action': 'update-health', onsubmit: submit(() => actions.updateHealth(Number(score.value))) },
      h('label', { class: 'ah-inline' }, 'Health score ', score),
      h('button', { class: 'ah-btn', type: 'submit' }, 'Update')),
    h('h4', {}, 'Notes'),
    h('form', { class: 'ah-note-form', 'data-action': 'add-note', onsubmit: submit(() => actions.addNote(note.value)) },
      note,
      h('button', { class: 'ah-btn', type: 'submit' }, 'Add note')),
    h('ul', { class: 'ah-notes' },
      ...(account.notes.length === 0 ? [h('li', { class: 'ah-muted' }, 'No notes yet.')] : account.notes.map((item) =>
        h('li', {}, h('p', {}, item.text), h('span', { class: 'ah-muted' }, `${item.author} · ${item.created}`))))),
  );
}

function submit(action) {
  return (event) => {
    event.preventDefault();
    void action();
  };
}

/** The live log: one row per request, updated when it settles. */
function requestLog(list) {
  return {
    async track(request, pending) {
      const started = performance.now();
      const outcome = h('span', { class: 'ah-outcome ah-pending' }, '…');
      const ms = h('span', { class: 'ah-ms' }, '');
      const detail = h('span', { class: 'ah-log-detail' });
      const row = h('li', { class: 'ah-log-row' },
        h('span', { class: 'ah-method' }, request.method ?? 'GET'),
        h('span', { class: 'ah-conn' }, request.connection, request.pathParams ? ` ${JSON.stringify(request.pathParams.account_id)}` : ''),
        outcome, ms, detail);
      list.prepend(row);
      const settle = (text, kind, message) => {
        outcome.textContent = text;
        outcome.className = `ah-outcome ah-${kind}`;
        ms.textContent = `${Math.round(performance.now() - started)} ms`;
        detail.textContent = message ?? '';
        row.dataset.outcome = text;
      };
      try {
        const response = await pending;
        settle(String(response.status), 'ok');
        return response;
      } catch (error) {
        settle(codeOf(error), 'error', describe(error));
        throw error;
      }
    },
    clear: () => list.replaceChildren(),
  };
}

function codeOf(error) {
  return isBridgeError(error) ? (error.status ? `${error.code} ${error.status}` : error.code) : 'ERROR';
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

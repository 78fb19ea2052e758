// The fake third-party API every demo host reaches: Acme CRM, a customer-success system of record.
// It is an UpstreamHandler (src/testing/upstream.ts): `widget-bridge dev` calls it in Node the way the
// host's server would call the real API, with the method, the absolute URL and the body as sent on the wire.
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const CRM_BASE = 'https://api.acme-crm.example/v2';

/** How long the renewal report takes: longer than the widget's 1.5 s timeout, shorter than its 10 s default. */
export const SLOW_REPORT_MS = 3_000;

const ACCOUNTS = [
  { id: 'acc-1001', name: 'Northwind Logistics', owner: 'Priya Raman', tier: 'Enterprise', arr: 184_000, health: 82, renewal: '2026-03-31' },
  { id: 'acc-1002', name: 'Globex Retail', owner: 'Marco Diaz', tier: 'Growth', arr: 96_000, health: 64, renewal: '2025-11-15' },
  { id: 'acc-1003', name: 'Initech Software', owner: 'Priya Raman', tier: 'Starter', arr: 42_000, health: 38, renewal: '2025-10-01' },
  { id: 'acc-1004', name: 'Umbrella Health', owner: 'Hannah Okafor', tier: 'Enterprise', arr: 310_000, health: 91, renewal: '2026-06-30' },
  { id: 'acc-1005', name: 'Stark Components', owner: 'Marco Diaz', tier: 'Growth', arr: 58_000, health: 55, renewal: '2025-12-20' },
];

const NOTES = {
  'acc-1001': [{ id: 'n-1', text: 'QBR went well; expansion to the EU team in Q2.', author: 'Priya Raman', created: '2025-08-12' }],
  'acc-1003': [{ id: 'n-2', text: 'Champion left the company. Book an exec sponsor call.', author: 'Priya Raman', created: '2025-09-02' }],
};

/** A fresh CRM with its own copy of the data: each page starts from the same records. */
export function createCrmApi() {
  const accounts = new Map(ACCOUNTS.map((account) => [account.id, { ...account }]));
  const notes = new Map(Object.entries(NOTES).map(([id, list]) => [id, list.map((note) => ({ ...note }))]));
  let nextNote = 3;

  const routes = [
    ['GET', /^\/v2\/accounts$/, (url) => ({ body: { accounts: sorted([...accounts.values()], url.searchParams.get('sort')), total: accounts.size } })],
    ['GET', /^\/v2\/accounts\/([^/]+)$/, (url, id) => withAccount(id, (account) => ({ body: { ...account, notes: notes.get(id) ?? [] } }))],
    ['PATCH', /^\/v2\/accounts\/([^/]+)$/, (url, id, body) => withAccount(id, (account) => updateHealth(account, body))],
    ['POST', /^\/v2\/accounts\/([^/]+)\/notes$/, (url, id, body) => withAccount(id, () => addNote(id, body))],
    ['GET', /^\/v2\/reports\/renewals$/, renewalReport],
  ];

  function withAccount(id, answer) {
    const account = accounts.get(id);
    return account ? answer(account) : { status: 404, body: { error: 'not_found', message: `No account with id ${id}` } };
  }

  function updateHealth(account, body) {
    const health = Number(body?.health);
    if (!Number.isInteger(health) || health < 0 || health > 100) {
      return { status: 422, body: { error: 'invalid_health', message: 'health must be an integer from 0 to 100' } };
    }
    account.health = health;
    return { body: account };
  }

  function addNote(id, body) {
    const text = typeof body?.text === 'string' ? body.text.trim() : '';
    if (text === '') return { status: 422, body: { error: 'empty_note', message: 'text is required' } };
    const note = { id: `n-${nextNote++}`, text, author: 'You', created: new Date().toISOString().slice(0, 10) };
    notes.set(id, [note, ...(notes.get(id) ?? [])]);
    return { status: 201, body: note };
  }

  async function renewalReport() {
    await delay(SLOW_REPORT_MS);
    const due = [...accounts.values()].filter((account) => account.renewal < '2026-01-01');
    return { body: { quarter: 'Q4 2025', due: due.length, arrAtRisk: due.filter((a) => a.health < 60).reduce((sum, a) => sum + a.arr, 0) } };
  }

  return async function crmApi(request) {
    const url = new URL(request.url);
    const body = request.body ? JSON.parse(request.body) : undefined;
    for (const [method, pattern, answer] of routes) {
      const match = pattern.exec(url.pathname);
      if (match && method === request.method) return answer(url, ...match.slice(1).map(decodeURIComponent), body);
    }
    return { status: 404, body: { error: 'no_route', message: `${request.method} ${url.pathname} is not an Acme CRM endpoint` } };
  };
}

function sorted(list, key) {
  if (key === 'health') return list.sort((a, b) => a.health - b.health);
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

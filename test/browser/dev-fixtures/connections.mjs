// The connections module of test/browser/dev.test.ts: handlers, a proxy to the test's own HTTP server
// (DEV_TEST_UPSTREAM), and Gainsight connectors.
const upstream = process.env.DEV_TEST_UPSTREAM;

/** Echoes what the host's server sent, so a test sees the request as the API received it. */
const echo = (request) => ({ status: request.method === 'POST' ? 201 : 200, body: { method: request.method, url: request.url, body: request.body ?? null, authorization: request.headers.authorization ?? null } });

export default {
  greetings: echo,
  proxied: { target: upstream, headers: { Authorization: 'Bearer from-the-connection' } },
  greeting: {
    method: 'GET',
    url: 'https://api.example.com/greetings/{{pathParams.id}}',
    pathParams: ['id'],
    query: [{ key: 'lang', value: 'en', overridable: true }],
    headers: [{ key: 'Authorization', value: 'Bearer stored-in-the-connector' }],
    upstream: echo,
  },
  'proxied-greeting': {
    method: 'GET',
    url: 'https://api.example.com/greetings/{{pathParams.id}}',
    pathParams: ['id'],
    upstream: { target: upstream, headers: { Authorization: 'Bearer from-the-connection' } },
  },
};

export const load = { organization: { organization_id: '777', name: 'Test Org' } };

export const context = { invoice: { invoice_id: 'inv-1', total: 99.5 }, document: { id: 'doc-1', name: 'Plan.docx' } };

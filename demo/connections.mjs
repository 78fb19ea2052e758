// The demo's connections module (`widget-bridge dev --connections demo/connections.mjs`): every host reaches
// the same fake Acme CRM (demo/crm-api.js), each with its own records, as its platform would.
import { CRM_BASE, createCrmApi } from './crm-api.js';

const crm = createCrmApi();

// Gainsight: one connector per endpoint, holding its URL, method and the stored credentials.
const connector = (method, path, more = {}) => ({
  method,
  url: CRM_BASE + path,
  headers: [{ key: 'Authorization', value: 'Bearer stored-by-the-connector' }],
  upstream: crm,
  ...more,
});
const byId = { pathParams: ['account_id'] };

export default {
  // Zoho (Books, Writer, the nested page's host frame): one connection, plugin-manifest.json's `acmecrm`.
  acmecrm: crm,
  'acme-accounts': connector('GET', '/accounts', { query: [{ key: 'sort', value: 'name', overridable: true }] }),
  'acme-account': connector('GET', '/accounts/{{pathParams.account_id}}', byId),
  'acme-account-update': connector('PATCH', '/accounts/{{pathParams.account_id}}', byId),
  'acme-account-notes': connector('POST', '/accounts/{{pathParams.account_id}}/notes', byId),
  'acme-renewal-report': connector('GET', '/reports/renewals'),
};

/** Books' Load payload: the organisation the widget is installed in. */
export const load = { organization: { organization_id: '60012345', name: 'Acme Corp' } };

/** What the host answers to ZFAPPS.get / SigmaSDK get: the record the widget sits beside. */
export const context = { contact: { contact_id: '460000000026049', contact_name: 'Northwind Logistics' } };

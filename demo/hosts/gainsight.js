// Gainsight Customer Community: the connector server stand-in holds one connector per CRM endpoint (URL,
// method, stored credentials), and the widget gets a Shadow DOM root, as the community renders widgets.
import { CRM_BASE, createCrmApi } from '../upstream.js';
import { mountAccountHealth } from '../widget/widget.js';

const { simulateGainsight } = WidgetBridgeTesting;

const upstream = createCrmApi();
const connector = (method, path, more = {}) => ({
  method,
  url: CRM_BASE + path,
  headers: [{ key: 'Authorization', value: 'Bearer stored-by-the-connector' }],
  upstream,
  ...more,
});
const byId = { pathParams: ['account_id'] };

simulateGainsight(window, {
  connectors: {
    'acme-accounts': connector('GET', '/accounts', { query: [{ key: 'sort', value: 'name', overridable: true }] }),
    'acme-account': connector('GET', '/accounts/{{pathParams.account_id}}', byId),
    'acme-account-update': connector('PATCH', '/accounts/{{pathParams.account_id}}', byId),
    'acme-account-notes': connector('POST', '/accounts/{{pathParams.account_id}}/notes', byId),
    'acme-renewal-report': connector('GET', '/reports/renewals'),
  },
});

const slot = document.getElementById('widget-slot');
mountAccountHealth(slot.attachShadow({ mode: 'open' }));

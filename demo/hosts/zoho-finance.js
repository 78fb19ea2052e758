// Zoho Books: ZFAPPS with one connection to the CRM (plugin-manifest.json's `acmecrm`); the widget gives
// the URL of each request, and the host's server adds the stored credentials.
import { createCrmApi } from '../upstream.js';
import { mountAccountHealth } from '../widget/widget.js';

const { simulateZohoFinance } = WidgetBridgeTesting;

simulateZohoFinance(window, {
  connections: { acmecrm: createCrmApi() },
  app: { organization: { organization_id: '60012345', name: 'Acme Corp' } },
});

mountAccountHealth(document.getElementById('widget-slot'));

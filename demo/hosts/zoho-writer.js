// Zoho Writer: SigmaSDK.WRITER with one connection to the CRM; the host registers the extension (Load)
// just after the widget's init(), and requests wait for it.
import { createCrmApi } from '../upstream.js';
import { mountAccountHealth } from '../widget/widget.js';

const { simulateZohoSigma } = WidgetBridgeTesting;

simulateZohoSigma(window, { service: 'WRITER', connections: { acmecrm: createCrmApi() } });

mountAccountHealth(document.getElementById('widget-slot'));

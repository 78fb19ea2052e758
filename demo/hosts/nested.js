// The nested case: this page (the host frame) has the vendor SDK and a bridge to it; the widget runs in an
// iframe on another origin and reaches that bridge through exposeBridge, under this page's policy.
import { createCrmApi } from '../upstream.js';

const { createBridge, zohoFinance, exposeBridge } = WidgetBridge;
const { simulateZohoFinance } = WidgetBridgeTesting;

simulateZohoFinance(window, { connections: { acmecrm: createCrmApi() } });
const bridge = createBridge({ adapter: zohoFinance(), timeout: 10_000 });

// The widget's origin: named by the link that opened this page (npm run demo prints it), else the demo's
// convention of the next port on localhost.
const widgetOrigin = new URLSearchParams(location.search).get('widget') ?? `http://localhost:${Number(location.port) + 1}`;

const iframe = document.createElement('iframe');
iframe.title = 'Account health widget';
iframe.src = `${widgetOrigin}/demo/widget/frame.html?host=${encodeURIComponent(location.origin)}`;
document.getElementById('frame-slot').append(iframe);
document.getElementById('frame-label').textContent = `<iframe src="${iframe.src}">`;
document.getElementById('host-origin').textContent = location.origin;
document.getElementById('widget-origin').textContent = widgetOrigin;

const decisions = document.getElementById('decisions');
const READ_AND_NOTE = ['GET', 'POST'];

exposeBridge({
  bridge,
  iframe,
  allowedOrigins: [widgetOrigin],
  // The policy sees the request as the host will send it: the widget's core already chose the host's
  // connection name and URL from its connections map.
  allow(request) {
    const method = request.method ?? 'GET';
    const allowed = request.connection === 'acmecrm' && READ_AND_NOTE.includes(method);
    record(allowed, method, request.url ?? request.connection);
    return allowed;
  },
});

function record(allowed, method, url) {
  const item = document.createElement('li');
  const verdict = document.createElement('b');
  verdict.textContent = allowed ? 'allowed' : 'refused';
  verdict.className = allowed ? 'ah-ok' : 'ah-error';
  const what = document.createElement('span');
  what.textContent = `${method} ${url.replace(/^https:\/\/[^/]+/, '')}`;
  item.append(verdict, what);
  item.dataset.verdict = verdict.textContent;
  decisions.prepend(item);
}

// The nested case: this page (the host frame) has the vendor SDK and a bridge to it; the widget runs in an
// iframe on another origin and reaches that bridge through exposeBridge, under this page's policy. This page
// is itself a Zoho Books widget: ZFAPPS comes from zf_sdk.js, talking to the Books host that frames it
// (npm run demo: widget-bridge dev's emulation).

const { createBridge, zohoFinance, exposeBridge } = WidgetBridge;

// The page starts the SDK itself, as Books widgets do, and tells the adapter.
const loaded = ZFAPPS.extension.init();
const bridge = createBridge({ adapter: zohoFinance({ loaded }), timeout: 10_000 });

// The widget's origin: named in this page's query string, else the other loopback name on this page's
// port (widget-bridge dev serves this page on http://localhost:<port>, which answers as 127.0.0.1 too).
const widgetOrigin =
  new URLSearchParams(location.search).get('widget') ?? `http://${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}`;

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

// One request (two with `calls=2`), made as a vendor-style widget does (`mode=vendor`: the SDK alone) or
// through widget-bridge: `mode=bridge` starts the SDK and makes the bridge at once (the usual order);
// `mode=adopt` makes the bridge only once the widget's own init() has heard the host's Load, passing no
// option. `window.outcome` is what it got.
const query = new URLSearchParams(location.search);
const mode = query.get('mode');
const calls = Number(query.get('calls') ?? 1);
const { ZFAPPS, SigmaSDK, ZOHO, WidgetBridge } = window;
const target = (n) => ({ connection: 'conn', url: `https://api.example.com/items/${n}` });

async function viaVendor() {
  if (ZOHO) {
    await ZOHO.embeddedApp.init();
    return (await ZOHO.CRM.CONNECTION.invoke('conn', { url: target(0).url, method: 'GET', param_type: 1 })).details.statusMessage;
  }
  if (ZFAPPS) {
    await ZFAPPS.extension.init();
    const value = await ZFAPPS.request({ connection_link_name: 'conn', url: target(0).url, method: 'GET' });
    return JSON.parse(value.data.body);
  }
  const instance = await new Promise((resolve) => {
    const created = SigmaSDK.WRITER.init(() => resolve(created));
  });
  return (await instance.request({ connectionLinkName: 'conn', url: target(0).url, type: 'GET', method: 'GET' })).response;
}

const adapter = () => (ZOHO ? WidgetBridge.zohoCrm() : ZFAPPS ? WidgetBridge.zohoFinance() : WidgetBridge.zohoSigma({ service: 'WRITER' }));

/** The widget's own start of its SDK; resolves once the host's Load reached it. */
function widgetInit() {
  if (ZOHO) return ZOHO.embeddedApp.init();
  if (ZFAPPS) return ZFAPPS.extension.init();
  return new Promise((resolve) => SigmaSDK.WRITER.init(resolve));
}

async function viaBridge() {
  let bridge;
  if (mode === 'adopt') {
    await widgetInit();
    bridge = WidgetBridge.createBridge({ adapter: adapter(), timeout: 5_000 });
  } else {
    // As widgets do: the SDK started first (CRM's listens from init() on, so it too is ahead of the guard).
    void widgetInit();
    bridge = WidgetBridge.createBridge({ adapter: adapter(), timeout: 5_000 });
  }
  // A listener added after the adapter (as CRM's SDK adds its own in init()): what reaches it.
  addEventListener('message', (event) => window.heard.push(event.data));
  const settled = await Promise.all(
    Array.from({ length: calls }, (_, n) => bridge.request(target(n)).then((response) => response.data, (error) => ({ error: error.code }))),
  );
  // The page's own event, posted to itself: it carries an eventName, and must reach the listener above
  // (the marker after it, in order, says it had its chance).
  await new Promise((resolve) => {
    addEventListener('message', (event) => event.data?.kind === 'own-marker' && resolve());
    postMessage({ eventName: 'cart-updated', items: 2 }, location.origin);
    postMessage({ kind: 'own-marker' }, location.origin);
  });
  return calls === 1 ? settled[0] : settled;
}

window.heard = [];
window.outcome = (mode === 'vendor' ? viaVendor() : viaBridge()).catch((error) => ({ error: String(error?.message ?? error) }));

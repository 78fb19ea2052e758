// One request, made as a vendor-style widget does (`mode=vendor`: the SDK alone) or through widget-bridge
// (`mode=bridge`), after the widget initialised the SDK itself as most do. `window.outcome` is what it got.
const mode = new URLSearchParams(location.search).get('mode');
const { ZFAPPS, SigmaSDK, ZOHO, WidgetBridge } = window;
const target = { connection: 'conn', url: 'https://api.example.com/items' };

async function viaVendor() {
  if (ZOHO) {
    await ZOHO.embeddedApp.init();
    return (await ZOHO.CRM.CONNECTION.invoke('conn', { url: target.url, method: 'GET', param_type: 1 })).details.statusMessage;
  }
  if (ZFAPPS) {
    await ZFAPPS.extension.init();
    const value = await ZFAPPS.request({ connection_link_name: 'conn', url: target.url, method: 'GET' });
    return JSON.parse(value.data.body);
  }
  const instance = await new Promise((resolve) => {
    const created = SigmaSDK.WRITER.init(() => resolve(created));
  });
  return (await instance.request({ connectionLinkName: 'conn', url: target.url, type: 'GET', method: 'GET' })).response;
}

async function viaBridge() {
  // As widgets do: the SDK started first (CRM's listens from init() on, so it too is ahead of the guard).
  if (ZOHO) void ZOHO.embeddedApp.init();
  else if (ZFAPPS) void ZFAPPS.extension.init();
  else SigmaSDK.WRITER.init(() => {});
  const adapter = ZOHO ? WidgetBridge.zohoCrm() : ZFAPPS ? WidgetBridge.zohoFinance() : WidgetBridge.zohoSigma({ service: 'WRITER' });
  const bridge = WidgetBridge.createBridge({ adapter, timeout: 10_000 });
  // A listener added after the adapter (as CRM's SDK adds its own in init()): what reaches it.
  addEventListener('message', (event) => window.heard.push(event.data));
  return (await bridge.request(target)).data;
}

window.heard = [];
window.outcome = (mode === 'vendor' ? viaVendor() : viaBridge()).catch((error) => ({ error: String(error?.message ?? error) }));

// A widget-bridge widget on Zoho CRM, on top of the vendor's SDK: a JSON body, path parameters, query, an
// unknown connection, and a text body the SDK would drop.
const { createBridge, zohoCrm } = WidgetBridge;
const bridge = createBridge({ adapter: zohoCrm(), timeout: 10_000 });
const out = document.getElementById('out');
const fail = (promise) => promise.then(() => undefined, (error) => ({ code: error.code, message: error.message, vendorCode: error.vendorCode }));
(async () => {
  try {
    const { vendor, capabilities } = await bridge.ready();
    const url = 'https://api.example.com/greetings/{{pathParams.id}}';
    const response = await bridge.request({ connection: 'greetings', method: 'POST', url, pathParams: { id: 'abc-1' }, query: { lang: ['en', 'pl'] }, body: { text: 'hello' } });
    const missing = await fail(bridge.request({ connection: 'not-in-the-module', url: 'https://api.example.com/x' }));
    const text = await fail(bridge.request({ connection: 'greetings', method: 'POST', url, pathParams: { id: 'x' }, body: 'plain words' }));
    out.textContent = JSON.stringify({ vendor, capabilities, status: response.status, data: response.data, missing, text });
  } catch (error) {
    out.textContent = JSON.stringify({ error: String(error) });
  }
  out.dataset.done = 'true';
})();

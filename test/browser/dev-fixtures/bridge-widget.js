// A widget-bridge widget: one source for Books and Writer, on top of the vendor's script.
const { createBridge, zohoFinance, zohoSigma } = WidgetBridge;
const bridge = createBridge({
  adapter: document.currentScript.dataset.adapter === 'books' ? zohoFinance() : zohoSigma({ service: 'WRITER' }),
  timeout: 10_000,
});
const out = document.getElementById('out');
(async () => {
  try {
    const { vendor } = await bridge.ready();
    const response = await bridge.request({
      connection: 'greetings',
      method: 'POST',
      url: 'https://api.example.com/greetings/{{pathParams.id}}',
      pathParams: { id: 'abc-1' },
      body: { text: 'hello' },
    });
    let missing;
    try {
      await bridge.request({ connection: 'not-in-the-module', url: 'https://api.example.com/x' });
    } catch (error) {
      missing = { code: error.code, message: error.message };
    }
    out.textContent = JSON.stringify({ vendor, status: response.status, data: response.data, missing });
  } catch (error) {
    out.textContent = JSON.stringify({ error: String(error) });
  }
  out.dataset.done = 'true';
})();

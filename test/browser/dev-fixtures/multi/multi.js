// One widget-bridge widget for Gainsight and Zoho Finance: the adapter list picks the host it finds, and the
// portable connection names each host's own.
(async () => {
  const shadow = document.getElementById('gs-widget')?.shadowRoot;
  const out = (shadow ?? document).getElementById('out');
  const { createBridge, gainsight, zohoFinance } = WidgetBridge;
  const bridge = createBridge({
    adapter: [gainsight(), zohoFinance()],
    timeout: 10_000,
    connections: {
      hello: { gainsight: { connection: 'greeting' }, 'zoho-finance': { connection: 'greetings', url: 'https://api.example.com/greetings/{{pathParams.id}}' } },
    },
  });
  try {
    const { vendor } = await bridge.ready();
    const response = await bridge.request({ connection: 'hello', pathParams: { id: 42 } });
    out.textContent = JSON.stringify({ vendor, data: response.data });
  } catch (error) {
    out.textContent = JSON.stringify({ error: String(error) });
  }
  out.dataset.done = 'true';
})();

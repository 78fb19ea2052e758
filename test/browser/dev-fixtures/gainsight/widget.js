// A classic script, as Customer Community runs it, reaching its connector through WidgetServiceSDK.
(async () => {
  const root = document.getElementById('gs-widget').shadowRoot;
  const out = root.getElementById('out');
  const connectors = new WidgetServiceSDK().connectors;
  const result = { inShadowRoot: out.getRootNode() === root };
  try {
    result.greeting = await connectors.execute({ permalink: 'greeting', method: 'GET', pathParams: { id: 42 }, queryParams: { lang: 'fr' } });
    await connectors.execute({ permalink: 'greeting', method: 'GET', pathParams: { id: 'with space' } }).catch((error) => {
      result.invalid = { name: error.name, code: error.code, status: error.status, params: error.params };
    });
    await connectors.execute({ permalink: 'no-such-connector', method: 'GET' }).catch((error) => {
      result.unknown = { name: error.name, message: error.message };
    });
    result.proxied = await connectors.execute({ permalink: 'proxied-greeting', method: 'GET', pathParams: { id: 9 } });
  } catch (error) {
    result.error = String(error);
  }
  out.textContent = JSON.stringify(result);
  out.dataset.done = 'true';
})();

// No widget-bridge here: what a Books widget written against zf_sdk.js does.
ZFAPPS.extension.init().then(async (app) => {
  const out = document.getElementById('out');
  try {
    const value = await ZFAPPS.request({
      url: 'https://api.example.com/greetings/42',
      method: 'GET',
      connection_link_name: 'greetings',
      url_query: [{ key: 'organization_id', value: app.organization.organization_id }],
    });
    const invoice = await ZFAPPS.get('invoice');
    await ZFAPPS.set('invoice.reference_number', 'REF-7');
    await ZFAPPS.invoke('RESIZE', { height: '321px' });
    app.instance.on('ON_INVOICE_CHANGE', () => 'seen');
    out.textContent = JSON.stringify({ org: app.organization, theme: getComputedStyle(document.documentElement).getPropertyValue('--zf-primary-color'), body: JSON.parse(value.data.body), status: value.data.status_code, invoice });
  } catch (error) {
    out.textContent = JSON.stringify({ error });
  }
  out.dataset.done = 'true';
});

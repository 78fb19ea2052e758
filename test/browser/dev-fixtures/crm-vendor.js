// A widget that uses the CRM SDK's own CONNECTION.invoke, as public widgets do (one passes `body`, which the SDK drops).
const out = document.getElementById('out');
let page;
ZOHO.embeddedApp.on('PageLoad', (data) => {
  page = data;
});
ZOHO.embeddedApp.init().then(async () => {
  const url = 'https://api.example.com/greetings/42';
  const posted = await ZOHO.CRM.CONNECTION.invoke('greetings', { url, method: 'POST', param_type: 2, parameters: { text: 'hello' }, headers: { 'X-Trace': 't-1' } });
  const dropped = await ZOHO.CRM.CONNECTION.invoke('greetings', { url, method: 'POST', body: { lost: true } });
  const unknown = await ZOHO.CRM.CONNECTION.invoke('nope', { url, method: 'GET' });
  out.textContent = JSON.stringify({ page, posted, dropped, unknown });
  out.dataset.done = 'true';
});

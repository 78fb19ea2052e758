// A Zoho host frame at the wire level (the ZSDK protocol of zf_sdk.js and the Sigma v3 script, or Zoho CRM's
// SDK.EVENT / FRAMEWORK.EVENT with `sdk=crm`), checking source and origin as the real host does, plus two sibling frames that forge answers: one at the host's
// own origin, one at another. Before answering a call, the host has both siblings forge its answer.
const params = new URLSearchParams(location.search);
const widgetOrigin = params.get('widgetOrigin');
const sdk = params.get('sdk');
const page = { sigma: 'zoho-guard-writer.html', crm: 'zoho-guard-crm.html' }[sdk] ?? 'zoho-guard-books.html';
const widgetUrl = `${widgetOrigin}/test/browser/pages/${page}?serviceOrigin=${encodeURIComponent(location.origin)}&mode=${params.get('mode')}`;

const frame = (src) => document.body.appendChild(Object.assign(document.createElement('iframe'), { src }));
const widget = frame(widgetUrl);
const siblings = [frame('/test/browser/pages/zoho-guard-sibling.html'), frame(`${widgetOrigin}/test/browser/pages/zoho-guard-sibling.html`)];
const siblingOrigins = [location.origin, widgetOrigin];

/** What the host received from the widget, for the test to read. */
window.calls = [];

const post = (message) => widget.contentWindow.postMessage(message, widgetOrigin);
// ZSDK: the host registers the widget when its frame loads. CRM: the widget's SDK registers itself.
if (sdk !== 'crm') widget.addEventListener('load', () => post({ type: '__REGISTER__', uniqueID: 'u-1', widgetID: 'w-1', data: { org: 'guarded' } }));

const answers = {
  finance: (body) => ({ data: { body: JSON.stringify(body), status_code: 200 } }),
  sigma: (body) => ({ response: body, statusCode: 200 }),
  crm: (body) => ({ code: 'SUCCESS', details: { statusMessage: body, statusCode: 200 }, message: 'Connection invoked successfully', status: 'success' }),
};
const answer = (message, body) =>
  sdk === 'crm'
    ? { type: 'FRAMEWORK.EVENT', eventName: 'EVENT_RESPONSE', promiseid: message.promiseid, data: answers.crm(body) }
    : { type: '__EVENT_RESPONSE__', promiseID: message.promiseID, isSuccess: true, data: answers[sdk](body) };

addEventListener('message', async (event) => {
  if (event.source !== widget.contentWindow || event.origin !== widgetOrigin) return;
  const message = event.data;
  if (message.type === 'SDK.EVENT' && message.eventName === 'REGISTER') return post({ type: 'FRAMEWORK.EVENT', eventName: 'SET_CONTEXT', data: { uniqueID: 'u-1' } });
  if (message.type !== '__EVENT__' && !(message.type === 'SDK.EVENT' && message.eventName === 'CRM_EVENT')) return;
  window.calls.push(message);
  await Promise.all(siblings.map((sibling, i) => forge(sibling, siblingOrigins[i], answer(message, { forged: true }))));
  // The forgeries are posted (and were delivered first, had nothing stopped them); now the real answer.
  await new Promise((resolve) => setTimeout(resolve, 300));
  post(answer(message, { real: true }));
});

/** Has one sibling post `message` to the widget frame, and waits until it did. */
function forge(sibling, origin, message) {
  return new Promise((resolve) => {
    const done = (event) => {
      if (event.source !== sibling.contentWindow || event.data?.forged !== true) return;
      removeEventListener('message', done);
      resolve();
    };
    addEventListener('message', done);
    sibling.contentWindow.postMessage({ forge: message }, origin);
  });
}

// A Zoho host frame at the wire level (the ZSDK protocol of zf_sdk.js and the Sigma v3 script, or Zoho CRM's
// SDK.EVENT / FRAMEWORK.EVENT with `sdk=crm`), checking source and origin as the real host does, plus two
// sibling frames that forge answers: one at the host's own origin, one at another. `attack` says what the
// siblings post before the host answers (see ATTACKS); the host answers each call only once the widget frame
// has received every forgery (its tap reports it), so no test depends on timing.
const params = new URLSearchParams(location.search);
const widgetOrigin = params.get('widgetOrigin');
const sdk = params.get('sdk');
const attack = params.get('attack') ?? 'basic';
const page = { sigma: 'zoho-guard-writer.html', crm: 'zoho-guard-crm.html', crm2018: 'zoho-guard-crm2018.html' }[sdk] ?? 'zoho-guard-books.html';
const crm = sdk.startsWith('crm');
const widgetQuery = `serviceOrigin=${encodeURIComponent(location.origin)}&mode=${params.get('mode')}&calls=${params.get('calls') ?? 1}`;
const widgetUrl = `${widgetOrigin}/test/browser/pages/${page}?${widgetQuery}`;

const frame = (src) => document.body.appendChild(Object.assign(document.createElement('iframe'), { src }));
const widget = frame(widgetUrl);
const siblings = [frame('/test/browser/pages/zoho-guard-sibling.html'), frame(`${widgetOrigin}/test/browser/pages/zoho-guard-sibling.html`)];
const siblingOrigins = [location.origin, widgetOrigin];

/** What the host received from the widget, for the test to read. */
window.calls = [];
window.registers = 0;

const post = (message) => widget.contentWindow.postMessage(message, widgetOrigin);
// ZSDK: the host registers the widget when its frame loads. CRM: the widget's SDK registers itself.
if (!crm) widget.addEventListener('load', () => post({ type: '__REGISTER__', uniqueID: 'u-1', widgetID: 'w-1', data: { org: 'guarded' } }));

const bodies = {
  finance: (body) => ({ data: { body: JSON.stringify(body), status_code: 200 } }),
  sigma: (body) => ({ response: body, statusCode: 200 }),
  crm: (body) => ({ code: 'SUCCESS', details: { statusMessage: body, statusCode: 200 }, message: 'Connection invoked successfully', status: 'success' }),
};
/** The host's answer (or a forgery of it) to call `id` carrying `body`. */
const answer = (id, body) =>
  crm
    ? { type: 'FRAMEWORK.EVENT', eventName: 'EVENT_RESPONSE', promiseid: id, data: bodies.crm(body) }
    : { type: '__EVENT_RESPONSE__', promiseID: id, isSuccess: true, data: bodies[sdk](body) };
const idOf = (message) => (crm ? message.promiseid : message.promiseID);
const urlOf = (message) => (crm ? message.data.data.data.url : sdk === 'sigma' ? message.data.options.url : message.data.data.url);
const junk = (n) => Array.from({ length: n }, (_, i) => answer(`Promise${9000 + i}`, { junk: i }));
const realBody = (message) => ({ real: true, url: urlOf(message) });

/** Per attack: the forgeries for the calls received so far, and how the host then answers. */
const ATTACKS = {
  // Every sibling forges the call's own id, as an object and as JSON text.
  basic: (calls) => calls.flatMap((call) => [answer(idOf(call), { forged: true }), JSON.stringify(answer(idOf(call), { forged: true }))]),
  // One forgery, then more junk answers than the old guard remembered (32).
  flush: (calls) => [answer(idOf(calls[0]), { forged: true }), ...junk(40)],
  // The scripts look ids up by property: ['Promise100'] reads as 'Promise100'.
  'array-id': (calls) => [{ ...answer(idOf(calls[0]), { forged: true }), [crm ? 'promiseid' : 'promiseID']: [idOf(calls[0])] }],
  // Zoho CRM's SDK looks its handler up by property too: ['EVENT_RESPONSE'] reads as 'EVENT_RESPONSE'.
  'array-event': (calls) => [{ ...answer(idOf(calls[0]), { forged: true }), eventName: ['EVENT_RESPONSE'] }],
  // Answers equal, as JSON, to the real one, under other ids; the host then answers as JSON text (so the
  // script resolves with a copy it parsed itself).
  'equal-json': (calls) => [1, 2, 3].map((n) => answer(`Promise${8000 + n}`, realBody(calls[0]))),
  // Two calls in flight: equal forgeries for the second call's id, then the first's.
  'two-calls': (calls) => [answer(idOf(calls[1]), { forged: 'same' }), answer(idOf(calls[0]), { forged: 'same' })],
};
const textAnswers = attack === 'equal-json';
const callsNeeded = Number(params.get('calls') ?? 1);

// Blind guessing, with no knowledge of the widget: from the start, Promise100..105 every 20 ms, each followed by 40 junk answers.
if (attack === 'blind') {
  const guesses = [100, 101, 102, 103, 104, 105].flatMap((n) => [answer(`Promise${n}`, { forged: 'blind' }), ...junk(40)]);
  siblings[1].addEventListener('load', () => siblings[1].contentWindow.postMessage({ forge: guesses, every: 20 }, widgetOrigin));
}

addEventListener('message', async (event) => {
  if (event.source !== widget.contentWindow || event.origin !== widgetOrigin) return;
  const message = event.data;
  if (message.type === 'SDK.EVENT' && message.eventName === 'REGISTER') {
    window.registers += 1;
    return post({ type: 'FRAMEWORK.EVENT', eventName: 'SET_CONTEXT', data: { uniqueID: 'u-1' } });
  }
  if (message.type !== '__EVENT__' && !(message.type === 'SDK.EVENT' && message.eventName === 'CRM_EVENT')) return;
  window.calls.push(message);
  if (window.calls.length < callsNeeded) return;
  if (attack === 'blind') await delivered(1, 'blind');
  else {
    const forgeries = ATTACKS[attack](window.calls);
    await Promise.all(siblings.map((sibling, i) => forge(sibling, siblingOrigins[i], forgeries)));
  }
  for (const call of window.calls) {
    const real = answer(idOf(call), realBody(call));
    post(textAnswers ? JSON.stringify(real) : real);
  }
});

let batches = 0;
/** Has one sibling post `forgeries` to the widget frame; resolves once the widget frame received them all. */
function forge(sibling, origin, forgeries) {
  const batch = `b${++batches}`;
  const done = delivered(1, batch);
  sibling.contentWindow.postMessage({ forge: forgeries, batch }, origin);
  return done;
}

/** Resolves when the widget's tap has seen `count` rounds of the sibling batch `batch` end. */
function delivered(count, batch) {
  return new Promise((resolve) => {
    let seen = 0;
    const listener = (event) => {
      if (event.source !== widget.contentWindow || event.data?.delivered !== batch || ++seen < count) return;
      removeEventListener('message', listener);
      resolve();
    };
    addEventListener('message', listener);
  });
}

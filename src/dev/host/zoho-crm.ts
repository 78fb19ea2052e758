// The emulated Zoho CRM host frame, at the wire level of the CRM embedded-app SDK's transport (read in its
// public source, ZohoDevelopers/embeddedApp-js-sdk): frames the widget with ?serviceOrigin=, answers its
// `SDK.EVENT` REGISTER with `FRAMEWORK.EVENT` SET_CONTEXT then PageLoad, and its CRM_EVENT calls with
// EVENT_RESPONSE / EVENT_RESPONSE_FAILURE keyed by `promiseid`. Every message's source, origin, appOrigin
// and uniqueID are checked, as a host must (the SDK checks nothing that holds).
import { callServer, loadConfig, setStatus } from './config.js';
import { reloadOnChange } from './live.js';
import { createInspector } from './inspector.js';
import { frameWidget, parseMessage, safeDecode, serveWidgetMessages } from './widget-frame.js';

type Message = Record<string, unknown>;

const config = await loadConfig();
const inspector = createInspector(document.getElementById('wb-inspector') as HTMLElement);
inspector.showContext({ pageLoad: config.load });

const { iframe, widgetUrl, widgetPath, reload } = frameWidget(config);
reloadOnChange(inspector, reload);
setStatus('waiting for the SDK (ZOHO.embeddedApp.init())', 'pending');

// One per registration: a reloaded widget registers again.
let uniqueID: string | undefined;

serveWidgetMessages({ parse, check, handle, dropped: (reason, message) => inspector.dropped(reason, message) });

function post(message: Message): void {
  iframe.contentWindow?.postMessage({ type: 'FRAMEWORK.EVENT', ...message }, widgetUrl.origin);
}

/** The CRM SDK's messages: `SDK.EVENT`. */
function parse(data: unknown): Message | undefined {
  const message = parseMessage(data);
  return message?.type === 'SDK.EVENT' ? message : undefined;
}

/** Why the host drops a message, or undefined: the widget's frame, at its URL, in its registration. */
function check(event: MessageEvent, message: Message): string | undefined {
  if (event.source !== iframe.contentWindow) return 'not from the widget frame';
  if (event.origin !== widgetUrl.origin) return `wrong origin ${event.origin}`;
  if (typeof message.appOrigin !== 'string' || safeDecode(message.appOrigin) !== widgetPath) return 'appOrigin is not the widget page';
  if (message.eventName !== 'REGISTER' && (uniqueID === undefined || message.uniqueID !== uniqueID)) return 'unknown uniqueID';
  return undefined;
}

async function handle(message: Message): Promise<void> {
  switch (message.eventName) {
    case 'REGISTER':
      uniqueID = crypto.randomUUID();
      post({ eventName: 'SET_CONTEXT', data: { uniqueID, connectors: {}, locale: 'en_US', model: {} } });
      post({ eventName: 'PageLoad', data: config.load });
      setStatus(`registered · uniqueID ${uniqueID.slice(0, 8)}`, 'registered');
      return;
    case 'DEREGISTER':
      uniqueID = undefined;
      setStatus('deregistered', 'pending');
      return;
    case 'CRM_EVENT':
      return crmCall(message);
  }
  inspector.dropped(`not a call this host answers (${String(message.eventName)})`, message);
}

/** CONNECTION.invoke through the dev server; any other CRM API is answered as not emulated. */
async function crmCall(message: Message): Promise<void> {
  const data = (message.data ?? {}) as Message;
  const answer = (ok: boolean, value: unknown) => post({ eventName: ok ? 'EVENT_RESPONSE' : 'EVENT_RESPONSE_FAILURE', promiseid: message.promiseid, data: value });
  if (data.category !== 'CRM_CONNECTION') {
    const error = { code: 'NOT_EMULATED', message: `${String(data.category)} is not emulated by widget-bridge dev` };
    inspector.call({ method: String(data.category), request: data }).settle(false, error);
    return answer(false, error);
  }
  const request = ((data.data as Message | undefined)?.data ?? {}) as Message;
  const view = inspector.call({
    method: String(request.method ?? 'GET'),
    connection: String(data.connectionName),
    url: typeof request.url === 'string' ? request.url : undefined,
    request: data,
  });
  let result;
  try {
    result = await callServer('/__wb/call', data);
  } catch (error) {
    result = { isSuccess: false, data: { message: `widget-bridge dev: the dev server did not answer (${String(error)})` }, upstream: [] };
  }
  answer(result.isSuccess, result.data);
  const code = (result.data as Message | undefined)?.code;
  view.settle(result.isSuccess && code === 'SUCCESS', result.data, result.upstream.at(-1)?.status, result.upstream.length > 0 ? result.upstream : undefined);
}

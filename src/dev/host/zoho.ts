// The emulated Zoho host frame (Finance and Sigma), at the wire level of zf_sdk.js's and the
// Sigma v3 script's host-frame protocol: frames the widget with ?serviceOrigin=, registers it, answers its __EVENT__ calls and
// checks every message's source, origin and uniqueID as the real host does.
import { callServer, loadConfig, setStatus } from './config.js';
import { readPath as read, refusedPath, writePath as write } from './context-path.js';
import { reloadOnChange } from './live.js';
import { createInspector, type CallHandle } from './inspector.js';
import { frameWidget, parseMessage as parse, safeDecode, serveWidgetMessages } from './widget-frame.js';

type Message = Record<string, unknown>;

// The real host drops a widget that loaded but did not register within 15 s.
const REGISTER_WITHIN_MS = 15_000;

const config = await loadConfig();
const inspector = createInspector(document.getElementById('wb-inspector') as HTMLElement);
const context: Record<string, unknown> = structuredClone(config.context);
// No prototype: a stored `__proto__` is a key like any other.
const storage: Record<string, unknown> = Object.create(null);
const bindings: Record<string, number> = Object.create(null);
const showContext = () => inspector.showContext({ context, stored: storage });
showContext();

const { iframe, widgetUrl, widgetPath, reload } = frameWidget(config);
reloadOnChange(inspector, reload);

let session: { uniqueID: string; widgetID: string; registered: boolean } | undefined;
// Events the host fired at the widget, by promiseID, until the widget answers.
const firedEvents = new Map<string, CallHandle>();
let nextEvent = 1;

inspector.onFire((eventName, data) => {
  if (!session?.registered) return;
  const promiseID = `HostEvent${nextEvent++}`;
  const message = { type: '__EVENT__', widgetID: session.widgetID, eventName, data, isPromise: true, promiseID };
  firedEvents.set(promiseID, inspector.call({ method: 'EVENT', connection: eventName, request: message }));
  post(message);
});
let dropTimer: ReturnType<typeof setTimeout> | undefined;

iframe.addEventListener('load', () => {
  session = { uniqueID: crypto.randomUUID(), widgetID: `wb-${Math.random().toString(36).slice(2, 10)}`, registered: false };
  setStatus('registering', 'pending');
  post({ type: '__REGISTER__', uniqueID: session.uniqueID, widgetID: session.widgetID, data: config.load });
  clearTimeout(dropTimer);
  const current = session;
  dropTimer = setTimeout(() => {
    if (current.registered || session !== current) return;
    session = undefined;
    setStatus('dropped: no __REGISTER__ within 15 s', 'dropped');
  }, REGISTER_WITHIN_MS);
});

serveWidgetMessages({ parse, check, handle, dropped: (reason, message) => inspector.dropped(reason, message) });

function post(message: Message): void {
  iframe.contentWindow?.postMessage(message, widgetUrl.origin);
}

function answer(promiseID: unknown, isSuccess: boolean, data: unknown): void {
  post({ type: '__EVENT_RESPONSE__', promiseID, isSuccess, data });
}

/** Why the host drops a message, or undefined: the sender must be the widget's frame, at its URL, in its session. */
function check(event: MessageEvent, message: Message): string | undefined {
  if (event.source !== iframe.contentWindow) return 'not from the widget frame';
  if (event.origin !== widgetUrl.origin) return `wrong origin ${event.origin}`;
  if (typeof message.widgetOrigin !== 'string' || safeDecode(message.widgetOrigin) !== widgetPath) return 'widgetOrigin is not the widget page';
  if (!session || message.uniqueID !== session.uniqueID) return 'unknown uniqueID';
  if (message.type !== '__REGISTER__' && !session.registered) return 'widget not registered';
  return undefined;
}

async function handle(message: Message): Promise<void> {
  if (!session) return;
  switch (message.type) {
    case '__REGISTER__':
      session.registered = true;
      setStatus(`registered · widgetID ${session.widgetID}`, 'registered');
      return;
    case '__DEREGISTER__':
      session.registered = false;
      setStatus('deregistered', 'pending');
      return;
    case '__EVENT_BIND__':
      bindings[String(message.eventName)] = Number(message.count ?? 1);
      inspector.showBindings(bindings);
      return;
    case '__EMIT__':
      inspector.call({ method: 'EMIT', connection: String(message.eventName), request: message.data }).settle(true, undefined);
      return;
    case '__EVENT_RESPONSE__': {
      // The widget's handlers' answers to an event the host fired.
      const fired = firedEvents.get(String(message.promiseID));
      firedEvents.delete(String(message.promiseID));
      if (fired) fired.settle(true, message.data);
      else inspector.dropped('an answer to no event the host fired', message);
      return;
    }
    case '__EVENT__':
      if (message.eventName === config.eventName) return handleCall(message);
  }
  if (message.eventName === '__WIDGETS_INFO__') return reply(message, { method: 'WIDGETS_INFO' }, async () => [{ widgetID: session?.widgetID, url: widgetPath }]);
  if (message.eventName === '__CREATE_INSTANCE__' || message.eventName === '__HTTP__') {
    return reply(message, { method: String(message.eventName) }, async () => {
      throw { message: `${String(message.eventName)} is not emulated by widget-bridge dev` };
    });
  }
  inspector.dropped(`not a call this host answers (${String(message.type ?? message.eventName)})`, message);
}

/** One `__EVENT__` call: Finance `data.type`, Sigma `data.event_type`. */
function handleCall(message: Message): Promise<void> {
  const data = (message.data ?? {}) as Message;
  return config.protocol === 'zoho-finance' ? financeCall(message, data) : sigmaCall(message, data);
}

function financeCall(message: Message, data: Message): Promise<void> {
  const { property, value } = data;
  const name = String(data.type);
  switch (name) {
    case 'FETCH_DATA':
      return connectionCall(message, data.data, 'connection_link_name', 'method');
    case 'GET_DATA':
      return reply(message, { method: name, connection: String(property) }, async () => ({ [String(property)]: read(context, String(property)) }));
    case 'SET_DATA':
      return reply(message, { method: name, connection: String(property) }, async () => {
        write(context, String(property), value);
        return { [String(property)]: value };
      });
    case 'STORE_DATA':
      return reply(message, { method: name, connection: String(property) }, async () => {
        storage[String(property)] = value;
        return { [String(property)]: value };
      });
    case 'RETRIEVE_DATA':
      return reply(message, { method: name, connection: String(property) }, async () => ({ [String(property)]: storage[String(property)] }));
    case 'RESIZE':
      return reply(message, { method: name }, async () => resize(property));
    default:
      // REFRESH_DATA, SHOW_NOTIFICATION, SHOW_WIDGET, HIDE_WIDGET, CLOSE_MODAL, …: acknowledged and logged.
      return reply(message, { method: name, connection: property === undefined ? undefined : JSON.stringify(property) }, async () => ({}));
  }
}

function sigmaCall(message: Message, data: Message): Promise<void> {
  const name = String(data.event_type);
  const properties = data.properties;
  switch (name) {
    case 'request':
    case 'requestapiconnection':
      return connectionCall(message, data.options, 'connectionLinkName', 'type');
    case 'get':
      return reply(message, { method: 'get', connection: list(properties).join(', ') }, async () =>
        Object.fromEntries(list(properties).map((key) => [key, read(context, key)])),
      );
    case 'set':
      return reply(message, { method: 'set', connection: Object.keys(properties ?? {}).join(', ') }, async () => {
        for (const [key, value] of Object.entries((properties ?? {}) as Message)) write(context, key, value);
        return properties;
      });
    case 'remove':
      return reply(message, { method: 'remove', connection: list(properties).join(', ') }, async () => {
        for (const key of list(properties)) {
          if (refusedPath(key)) throw { message: refusedPath(key) };
          delete context[key];
        }
        return {};
      });
    case 'get_all':
      return reply(message, { method: 'get_all', connection: String(data.module_name) }, async () => read(context, String(data.module_name)) ?? []);
    default:
      return reply(message, { method: name }, async () => ({}));
  }
}

/** FETCH_DATA and Sigma `request`: through the named connection, on the dev server. */
async function connectionCall(message: Message, options: unknown, connectionKey: string, methodKey: string): Promise<void> {
  const fields = (options ?? {}) as Message;
  const view = inspector.call({
    method: String(fields[methodKey] ?? fields.method ?? 'GET'),
    connection: fields[connectionKey] === undefined ? '(no connection)' : String(fields[connectionKey]),
    url: typeof fields.url === 'string' ? fields.url : undefined,
    request: options,
  });
  let result;
  try {
    result = await callServer('/__wb/call', options);
  } catch (error) {
    result = { isSuccess: false, data: { message: `widget-bridge dev: the dev server did not answer (${String(error)})` }, upstream: [] };
  }
  answer(message.promiseID, result.isSuccess, result.data);
  view.settle(result.isSuccess, result.data, result.upstream.at(-1)?.status, result.upstream.length > 0 ? result.upstream : undefined);
}

/** Any other call: answered from the host's own state. */
async function reply(message: Message, summary: { method: string; connection?: string }, run: () => Promise<unknown>): Promise<void> {
  const view = inspector.call({ ...summary, request: message.data ?? message.options });
  try {
    const data = await run();
    if (message.isPromise) answer(message.promiseID, true, data);
    view.settle(true, data);
  } catch (reason) {
    if (message.isPromise) answer(message.promiseID, false, reason);
    view.settle(false, reason);
  }
  showContext();
}

function resize(size: unknown): Record<string, unknown> {
  const { height, width } = (size ?? {}) as { height?: unknown; width?: unknown };
  const css = (value: unknown) => (typeof value === 'number' ? `${value}px` : String(value));
  if (height !== undefined) iframe.style.height = css(height);
  if (width !== undefined) iframe.style.width = css(width);
  return { height: iframe.style.height, width: iframe.style.width };
}

function list(properties: unknown): string[] {
  return Array.isArray(properties) ? properties.map(String) : properties === undefined ? [] : [String(properties)];
}

// The emulated Gainsight Customer Community page: the widget's HTML in a Shadow DOM root under CSP
// default-src 'self', its scripts run as classic scripts, and `window.WidgetServiceSDK`, whose connector
// calls go to the dev server's connector server (simulateGainsight's rules, in Node).
import { ConnectorBoundaryError, ConnectorExecuteError, connectorsClientSettings, serializePathParams, type GainsightClientSettings } from '../../testing/gainsight.js';
import { callServer, loadConfig, setStatus } from './config.js';
import { createInspector } from './inspector.js';
import { reloadOnChange } from './live.js';

type Options = Record<string, unknown> & { pathParams?: Record<string, unknown>; headers?: Record<string, string> };

const config = await loadConfig();
const inspector = createInspector(document.getElementById('wb-inspector') as HTMLElement);
inspector.showContext({ note: 'Gainsight widgets have no host context; identity is filled in server-side ({{ user.id }}).' });

function createClient(settings: GainsightClientSettings = {}) {
  const { state, withinTimeout, methods } = connectorsClientSettings(settings, 'widget-bridge-dev-csrf');

  async function send(api: 'execute' | 'composite.execute', options: Options, pathHeader: string): Promise<unknown> {
    const method = api === 'execute' ? String(options.method) : 'POST';
    const view = inspector.call({ method, connection: String(options.permalink), url: api === 'composite.execute' ? '(composite)' : undefined, request: options });
    const wire: Record<string, string> = { 'x-csrf-token': state.csrfToken };
    if (pathHeader) wire['x-path-params'] = pathHeader;
    const call = { api, options: { ...options, headers: { ...state.headers, ...options.headers } } };
    try {
      const answer = await withinTimeout(callServer('/widget-service/connectors/execute', call, wire));
      view.settle(answer.isSuccess, answer.data, answer.upstream.at(-1)?.status ?? answer.status, answer.upstream);
      if (answer.isSuccess) return answer.data;
      throw rebuild(answer.status ?? 500, answer.data as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof ConnectorExecuteError)) view.settle(false, String(error));
      throw error;
    }
  }

  return {
    execute(options: Options): Promise<unknown> {
      return send('execute', options, serializePathParams(options.pathParams));
    },
    composite: {
      execute(options: Options): Promise<unknown> {
        if (options.pathParams && Object.keys(options.pathParams).length > 0) {
          throw new ConnectorBoundaryError('pathParams are not supported on composite connectors');
        }
        return send('composite.execute', options, '');
      },
    },
    ...methods,
  };
}

/** The connector server's error as the SDK throws it: ConnectorExecuteError, or a plain Error (404, network). */
function rebuild(status: number, fields: Record<string, unknown>): Error {
  if (fields.name !== 'ConnectorExecuteError') return new Error(String(fields.message));
  const request_id = String(fields.requestId);
  const body =
    fields.code !== undefined || fields.detail !== undefined
      ? { success: false as const, errors: { code: fields.code as string, params: fields.params as string[], detail: fields.detail as string, scope: fields.failureScope as string }, request_id }
      : { failure_scope: String(fields.failureScope), reason: String(fields.reason), request_id };
  return new ConnectorExecuteError(status, body);
}

class WidgetServiceSDK {
  readonly connectors: ReturnType<typeof createClient>;
  constructor(settings?: GainsightClientSettings) {
    this.connectors = createClient(settings);
  }
}
Object.assign(window, { WidgetServiceSDK });

await mountWidget();
// The widget lives in this page: a reload mounts it afresh in a new #gs-widget (globals its scripts set remain).
reloadOnChange(inspector, () => {
  const old = document.getElementById('gs-widget') as HTMLElement;
  const fresh = document.createElement('div');
  fresh.id = old.id;
  fresh.className = old.className;
  old.replaceWith(fresh);
  void mountWidget();
});

/** Renders the widget page into the shadow root, then runs its scripts in order, as classic scripts. */
async function mountWidget(): Promise<void> {
  const pageUrl = new URL(config.widgetPage, config.widgetOrigin);
  (document.getElementById('wb-frame-label') as HTMLElement).textContent = `${pageUrl.href} in #gs-widget's shadow root`;
  const response = await fetch(pageUrl);
  if (!response.ok) return setStatus(`widget page ${pageUrl.pathname}: HTTP ${response.status}`, 'dropped');
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const scripts = [...page.querySelectorAll('script')];
  for (const script of scripts) script.remove();
  for (const node of page.querySelectorAll('[src], [href]')) {
    for (const name of ['src', 'href']) {
      const value = node.getAttribute(name);
      if (value !== null && !value.startsWith('#')) node.setAttribute(name, new URL(value, pageUrl).href);
    }
  }
  const root = (document.getElementById('gs-widget') as HTMLElement).attachShadow({ mode: 'open' });
  root.append(...[...page.head.querySelectorAll('link[rel~="stylesheet"], style')].map((node) => document.importNode(node, true)));
  root.append(...[...page.body.childNodes].map((node) => document.importNode(node, true)));
  setStatus('widget rendered', 'registered');
  for (const original of scripts) {
    const script = document.createElement('script');
    // Customer Community runs a widget's scripts as classic scripts, not modules.
    const src = original.getAttribute('src');
    if (src) script.src = new URL(src, pageUrl).href;
    else script.textContent = original.textContent;
    const done = new Promise((resolve) => {
      script.addEventListener('load', resolve);
      script.addEventListener('error', resolve);
    });
    root.append(script);
    if (src) await done;
  }
}

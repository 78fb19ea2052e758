// One emulated host's server: its host page, the page's scripts and config, and the host's server side (the
// connection calls). Gainsight's also serves the widget's files, as the community serves uploaded widget files.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answerer, CallAnswer } from './calls.js';
import { isSameOrigin, NO_FRAMING, readJson } from './guard.js';
import type { HostDefinition } from './hosts.js';
import type { Events } from './live.js';
import { FAVICON, hostPage, HOST_CSS } from './page.js';
import { findFile, sendFile, sendJson, sendText } from './static.js';

export interface HostRoutes {
  host: HostDefinition;
  hostOrigin: string;
  /** What GET /__wb/config answers (src/dev/host/config.ts), from the current connections module. */
  config(): Record<string, unknown>;
  /** The host's current answerer (a changed connections module replaces it). */
  answer(): Answerer;
  events: Events;
  assets: { host: string; standins: string };
  /** Gainsight: the widget's files. */
  widgetFile(path: string): Promise<string | undefined>;
  rewrite?: (html: string) => string;
}

export async function routeHost(routes: HostRoutes, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const { host, hostOrigin, assets } = routes;
  if (path === '/' || path === '/index.html') return sendHostPage(response, host);
  if (path === '/__wb/config') {
    if (!isSameOrigin(request, hostOrigin)) return sendText(response, 403, 'The config is for the host page only');
    return sendJson(response, 200, routes.config());
  }
  if (path === '/__wb/events') {
    if (!isSameOrigin(request, hostOrigin)) return sendText(response, 403, 'Events are for the host page only');
    return routes.events.attach(response);
  }
  if (path === '/__wb/favicon.svg') return sendText(response, 200, FAVICON, 'image/svg+xml');
  if (path === '/__wb/host.css') return sendText(response, 200, HOST_CSS, 'text/css; charset=utf-8');
  if (path.startsWith('/__wb/host/')) return sendFile(response, await findFile(assets.host, path.slice('/__wb/host'.length)));
  if (path.startsWith('/__wb/standins/')) return sendFile(response, await findFile(assets.standins, path.slice('/__wb/standins'.length)));
  const call = path === '/__wb/call' || path === '/widget-service/connectors/execute';
  if (call && request.method === 'POST') {
    if (!fromHostPage(request, hostOrigin)) return sendText(response, 403, 'Calls come from the host page only');
    const answer = await routes.answer()(await readJson(request));
    return path === '/__wb/call' ? sendJson(response, 200, answer) : sendGainsight(response, answer);
  }
  if (host.page === 'gainsight') return sendFile(response, await routes.widgetFile(path), routes.rewrite);
  return sendText(response, 404, 'Not found');
}

function sendHostPage(response: ServerResponse, host: HostDefinition): void {
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...NO_FRAMING };
  // Customer Community renders widgets under this policy: no inline scripts or styles, nothing from elsewhere.
  if (host.page === 'gainsight') headers['content-security-policy'] = `default-src 'self'; ${NO_FRAMING['content-security-policy']}`;
  response.writeHead(200, headers);
  response.end(hostPage(host));
}

/** The connector server's answer: the upstream body on success, else the error the stand-in SDK rebuilds. */
function sendGainsight(response: ServerResponse, answer: CallAnswer): void {
  sendJson(response, answer.status ?? 200, answer);
}

/**
 * A call runs a connection with its stored credentials (a proxy's token): only the host page may make one.
 * Its fetch is same-origin with a JSON body; another site's page can only send a cross-origin simple request
 * (no JSON content type, a foreign Origin), which is refused before anything runs.
 */
function fromHostPage(request: IncomingMessage, hostOrigin: string): boolean {
  const origin = request.headers.origin;
  return (origin === undefined || origin === hostOrigin) && /^application\/json\b/.test(request.headers['content-type'] ?? '');
}

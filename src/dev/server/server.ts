// `widget-bridge dev`: the host page on http://127.0.0.1:<port> and the widget's files on
// http://localhost:<widget-port>, two sites as in production.
import { existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SigmaAnswerShape } from '../../testing/zoho-sigma.js';
import { createAnswerer } from './calls.js';
import { loadConnections } from './connections.js';
import { findHost, HOST_NAMES, HOSTS, type HostDefinition } from './hosts.js';
import { defaultLoad, FAVICON, hostPage, HOST_CSS } from './page.js';
import { findFile, sendFile, sendJson, sendText } from './static.js';

export interface DevOptions {
  /** The widget's HTML page (Zoho) or its folder with an index.html (Gainsight). */
  widget: string;
  /** A name from HOSTS, or `zoho-sigma:<SERVICE>`. */
  host: string;
  /** The connections module's path. */
  connections?: string;
  /** Default 5173; 0 picks a free port. */
  port?: number;
  /** Default 5174; 0 picks a free port. */
  widgetPort?: number;
  /** Serve the vendor scripts' stand-ins in place of their CDN `<script src>`. */
  offline?: boolean;
  /** The files the widget server serves. Default: the working directory when it holds the widget, else the widget's folder. */
  root?: string;
  /** How Sigma `request` answers (see simulateZohoSigma); default `'envelope'`. */
  sigmaAnswer?: SigmaAnswerShape;
}

export interface DevServer {
  /** The host page. */
  hostUrl: string;
  /** The widget's page as the widget server serves it. */
  widgetUrl: string;
  hostOrigin: string;
  widgetOrigin: string;
  host: HostDefinition;
  close(): Promise<void>;
}

/** A mistake in how the tool was called: the CLI prints its message, and the hint for its flags, as one line. */
export class DevError extends Error {
  override readonly name = 'DevError';
  constructor(
    message: string,
    /** What to do, in the CLI's terms (`pick another with --port N`). */
    readonly hint?: string,
  ) {
    super(message);
  }
}

const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
const ASSETS = { host: join(PACKAGE_ROOT, 'dist/dev/host'), standins: join(PACKAGE_ROOT, 'dist/standins') };
const STANDINS = uniqueStandins();

export async function startDev(options: DevOptions): Promise<DevServer> {
  const host = findHost(options.host);
  if (!host) throw new DevError(`unknown host "${options.host}"; one of: ${HOST_NAMES.join(', ')}`);
  const { root, page } = locateWidget(options);
  const module = await loadConnections(options.connections && resolve(options.connections)).catch((error: Error) => {
    throw new DevError(`cannot load --connections ${options.connections}: ${error.message}`);
  });
  const answer = createAnswerer(host, module, { sigmaAnswer: options.sigmaAnswer });
  const offline = options.offline ?? false;

  const hostServer = createServer();
  const widgetServer = createServer();
  const hostPort = await listen(hostServer, options.port ?? 5173, '127.0.0.1', '--port');
  const widgetPort = await listen(widgetServer, options.widgetPort ?? 5174, '127.0.0.1', '--widget-port').catch(async (error) => {
    await close(hostServer);
    throw error;
  });
  const hostOrigin = `http://127.0.0.1:${hostPort}`;
  const widgetOrigin = `http://localhost:${widgetPort}`;
  const config = {
    host: options.host,
    title: host.title,
    protocol: host.protocol,
    eventName: host.eventName,
    widgetPage: page,
    // Gainsight serves a widget's files from the community's own origin (CSP default-src 'self').
    widgetOrigin: host.page === 'gainsight' ? hostOrigin : widgetOrigin,
    load: { ...defaultLoad(host), ...module.load },
    context: module.context ?? {},
    offline,
  };
  const rewrite = offline ? rewriteVendorScripts : undefined;

  hostServer.on('request', (request, response) =>
    route(response, async (path) => {
      if (path === '/' || path === '/index.html') return sendHostPage(response, host);
      if (path === '/__wb/config') return sendJson(response, 200, config);
      if (path === '/__wb/favicon.svg') return sendText(response, 200, FAVICON, 'image/svg+xml');
      if (path === '/__wb/host.css') return sendText(response, 200, HOST_CSS, 'text/css; charset=utf-8');
      if (path.startsWith('/__wb/host/')) return sendFile(response, await findFile(ASSETS.host, path.slice('/__wb/host'.length)));
      if (path.startsWith('/__wb/standins/')) return sendFile(response, await findFile(ASSETS.standins, path.slice('/__wb/standins'.length)));
      const call = path === '/__wb/call' || path === '/widget-service/connectors/execute';
      if (call && request.method === 'POST' && !fromHostPage(request, hostOrigin)) return sendText(response, 403, 'Calls come from the host page only');
      if (path === '/__wb/call' && request.method === 'POST') return sendJson(response, 200, await answer(await readJson(request)));
      if (path === '/widget-service/connectors/execute' && request.method === 'POST') return sendGainsight(response, await answer(await readJson(request)));
      if (host.page === 'gainsight') return sendFile(response, await findFile(root, path), rewrite);
      return sendText(response, 404, 'Not found');
    }, request),
  );
  widgetServer.on('request', (request, response) =>
    route(response, async (path) => {
      if (path.startsWith('/__wb/standins/')) return sendFile(response, await findFile(ASSETS.standins, path.slice('/__wb/standins'.length)));
      return sendFile(response, await findFile(root, path), rewrite);
    }, request),
  );

  return {
    hostUrl: `${hostOrigin}/`,
    widgetUrl: `${widgetOrigin}${page}`,
    hostOrigin,
    widgetOrigin,
    host,
    close: () => Promise.all([close(hostServer), close(widgetServer)]).then(() => undefined),
  };
}

function sendHostPage(response: ServerResponse, host: HostDefinition): void {
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  // Customer Community renders widgets under this policy: no inline scripts or styles, nothing from elsewhere.
  if (host.page === 'gainsight') headers['content-security-policy'] = "default-src 'self'";
  response.writeHead(200, headers);
  response.end(hostPage(host));
}

/** The connector server's answer: the upstream body on success, else the error the stand-in SDK rebuilds. */
function sendGainsight(response: ServerResponse, answer: Awaited<ReturnType<ReturnType<typeof createAnswerer>>>): void {
  sendJson(response, answer.status ?? 200, answer);
}

async function route(response: ServerResponse, handle: (path: string) => Promise<void>, request: IncomingMessage): Promise<void> {
  try {
    await handle(new URL(request.url ?? '/', 'http://dev').pathname);
  } catch (error) {
    if (!response.headersSent) sendText(response, 500, error instanceof Error ? error.message : String(error));
    else response.end();
  }
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

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** With `--offline`: each vendor `<script src>` (any scheme, query or hash) points at its stand-in. */
export function rewriteVendorScripts(html: string): string {
  let result = html;
  for (const { vendorUrl, file } of STANDINS) {
    const rest = vendorUrl.replace(/^https:/, '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    result = result.replace(new RegExp(`(https?:)?${rest}([?#][^"'\\s>]*)?`, 'g'), `/__wb/standins/${file}`);
  }
  return result;
}

function uniqueStandins() {
  const all = Object.values(HOSTS).flatMap((host) => host.standins);
  return all.filter((standin, index) => all.findIndex((other) => other.vendorUrl === standin.vendorUrl) === index);
}

function locateWidget(options: DevOptions): { root: string; page: string } {
  const given = resolve(options.widget);
  if (!existsSync(given)) throw new DevError(`no widget at ${options.widget}`);
  const file = statSync(given).isDirectory() ? join(given, 'index.html') : given;
  if (!existsSync(file)) throw new DevError(`${options.widget} is a folder without an index.html: name the widget's HTML page`);
  const cwd = process.cwd();
  const root = resolve(options.root ?? (file.startsWith(cwd + sep) ? cwd : dirname(file)));
  if (!file.startsWith(root + sep)) throw new DevError(`the widget ${options.widget} is outside the served folder ${root}`);
  return { root, page: `/${relative(root, file).split(sep).join('/')}` };
}

function listen(server: Server, port: number, address: string, flag: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? `port ${port} on ${address} is already in use` : `cannot listen on ${address}:${port} (${error.code ?? error.message})`;
      reject(new DevError(why, `pick another with ${flag} N`));
    });
    server.listen(port, address, () => resolvePort((server.address() as { port: number }).port));
  });
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'dist'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

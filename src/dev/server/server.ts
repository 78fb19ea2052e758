// `widget-bridge dev`: each host page on http://127.0.0.1:<port> and the widget's files on
// http://localhost:<widget-port>, two sites as in production; with several hosts, an index page first.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UpstreamHandler } from '../../testing/upstream.js';
import type { SigmaAnswerShape } from '../../testing/zoho-sigma.js';
import { createAnswerer, type Answerer, type AnswererOptions } from './calls.js';
import { forwardLive, loadConnections, type ConnectionsModule, type Forward } from './connections.js';
import { DevError } from './dev-error.js';
import { BadRequest, isAllowedHost, NO_FRAMING } from './guard.js';
import { HOSTS, parseHosts, type HostDefinition, type NamedHost } from './hosts.js';
import { routeHost, type HostRoutes } from './host-server.js';
import { createEvents, watchFile, watchFolder } from './live.js';
import { defaultLoad, FAVICON, HOST_CSS, indexPage } from './page.js';
import { recordTo, replayFrom } from './record.js';
import { findFile, sendFile, sendText } from './static.js';

export { DevError };

export interface DevOptions {
  /** The widget's HTML page (Zoho) or its folder with an index.html (Gainsight). */
  widget: string;
  /** A host name (any case), a comma list or a list of them, or `all`: names from HOSTS, or `zoho-sigma:<SERVICE>`. */
  host: string | readonly string[];
  /** The connections module's path (`.mjs`/`.js`; `.ts`/`.mts` where Node strips types). */
  connections?: string;
  /** The first port: the host page (several hosts: the index page, the host pages on the ports after the widget's). Default 5173; 0 picks free ports. */
  port?: number;
  /** Default `port` + 1; 0 picks a free port. */
  widgetPort?: number;
  /** Serve the vendor scripts' stand-ins in place of their CDN `<script src>`. */
  offline?: boolean;
  /** Host names the servers answer besides 127.0.0.1 and localhost (a tunnel's, a proxy's). */
  allowedHosts?: readonly string[];
  /** Write each exchange of a proxy connection to this folder as a fixture. */
  record?: string;
  /** Answer proxy connections from the fixtures in this folder, offline. */
  replay?: string;
  /** Reload the widget frame on a change under the widget's folder, and the connections module on its change. Default true. */
  watch?: boolean;
  /** Where the dev server reports what happens after start (a reload, a module that failed to load). Default: console.log. */
  log?: (line: string) => void;
  /** The files the widget server serves. Default: the working directory when it holds the widget, else the widget's folder. */
  root?: string;
  /** How Sigma `request` answers (see simulateZohoSigma); default `'envelope'`. */
  sigmaAnswer?: SigmaAnswerShape;
}

/** One emulated host's page, and the widget as it is served to it. */
export interface DevHost {
  /** As `--host` names it: `zoho-books`, `zoho-sigma:DESK`. */
  name: string;
  host: HostDefinition;
  hostUrl: string;
  hostOrigin: string;
  widgetUrl: string;
  widgetOrigin: string;
}

/** The running tool. Its DevHost fields are the first host's (with one host, the only one's). */
export interface DevServer extends DevHost {
  /** The page to open: the index page with several hosts, else the host page. */
  url: string;
  /** Several hosts: the index page listing each host page. */
  indexUrl?: string;
  hosts: DevHost[];
  /** The vendor script URLs the widget page names (without `--offline` the browser fetches them from Zoho). */
  vendorScripts: string[];
  close(): Promise<void>;
}

const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
const ASSETS = { host: join(PACKAGE_ROOT, 'dist/dev/host'), standins: join(PACKAGE_ROOT, 'dist/standins') };
const STANDINS = uniqueStandins();
const DEFAULT_PORT = 5173;

export async function startDev(options: DevOptions): Promise<DevServer> {
  const hosts = parseHosts(options.host);
  const { root, page, folder } = locateWidget(options);
  if (options.record && options.replay) throw new DevError('--record and --replay cannot be used together');
  const connectionsFile = options.connections && resolve(options.connections);
  const { forward, extra } = transport(options);
  const log = options.log ?? ((line: string) => console.log(line));
  const offline = options.offline ?? false;
  const rewrite = offline ? rewriteVendorScripts : undefined;
  const refused = refusedFiles([connectionsFile, options.record, options.replay]);
  const widgetFile = (path: string) => findFile(root, path, refused);

  const servers: Server[] = [];
  const stops: Array<() => void> = [];
  const close = async () => {
    for (const stop of stops) stop();
    await Promise.all(servers.map(closeServer));
  };
  try {
    const answering = { sigmaAnswer: options.sigmaAnswer, forward, extra };
    // Per host: its connections module and the answerer over it (a changed module replaces both).
    const states = (await Promise.all(hosts.map(() => load(connectionsFile, options.connections)))).map((module, i) => ({
      module,
      answer: createAnswerer((hosts[i] as NamedHost).host, module, answering),
    }));
    const ports = portPlan(options, hosts.length);
    const allowed = options.allowedHosts ?? [];
    const events = createEvents();

    const widget = await serve(servers, ports.widget, '--widget-port', allowed, async (_request, response, path) => {
      if (path.startsWith('/__wb/standins/')) return sendFile(response, await findFile(ASSETS.standins, path.slice('/__wb/standins'.length)));
      return sendFile(response, await widgetFile(path), rewrite);
    });
    const widgetOrigin = `http://localhost:${widget.port}`;

    const devHosts: DevHost[] = [];
    let index: Listening | undefined;
    if (hosts.length > 1) index = await serve(servers, ports.index, '--port', allowed, (_request, response, path) => sendIndex(response, path, devHosts, `${widgetOrigin}${page}`));
    for (const [i, { name, host }] of hosts.entries()) {
      const state = states[i] as (typeof states)[number];
      const routes = (hostOrigin: string): HostRoutes => ({
        host,
        hostOrigin,
        // Gainsight serves a widget's files from the community's own origin (CSP default-src 'self').
        config: () => hostConfig(name, host, state.module, page, host.page === 'gainsight' ? hostOrigin : widgetOrigin, offline),
        answer: () => state.answer,
        events,
        assets: ASSETS,
        widgetFile,
        rewrite,
      });
      const listening = await serve(servers, ports.hosts[i] as number, '--port', allowed, (request, response, path) => routeHost(routes(listening.origin), request, response, path));
      devHosts.push({ name, host, hostUrl: `${listening.origin}/`, hostOrigin: listening.origin, widgetUrl: `${widgetOrigin}${page}`, widgetOrigin });
    }

    if (options.watch ?? true) {
      stops.push(watchFolder(folder, refused, (file) => {
        log(`widget-bridge dev: ${file} changed, reloading the widget`);
        events.send('widget', { file });
      }));
      if (connectionsFile) stops.push(watchFile(connectionsFile, () => void reloadConnections(connectionsFile, options.connections as string, hosts, states, answering, log)));
    }

    const first = devHosts[0] as DevHost;
    return { ...first, url: index ? `${index.origin}/` : first.hostUrl, indexUrl: index && `${index.origin}/`, hosts: devHosts, vendorScripts: vendorScriptsIn(readFileSync(join(root, page), 'utf8')), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Ports: one host's page on `port`, the widget on `port` + 1; several hosts' index on `port`, the widget on `port` + 1, host pages after. */
export function portPlan(options: Pick<DevOptions, 'port' | 'widgetPort'>, hostCount: number): { index: number; widget: number; hosts: number[] } {
  const port = options.port ?? DEFAULT_PORT;
  const next = (offset: number) => (port === 0 ? 0 : port + offset);
  const widget = options.widgetPort ?? next(1);
  if (hostCount === 1) return { index: port, widget, hosts: [port] };
  return { index: port, widget, hosts: Array.from({ length: hostCount }, (_, i) => next(2 + i)) };
}

function transport(options: DevOptions): { forward: Forward; extra?: Record<string, UpstreamHandler> } {
  if (options.record) return { forward: recordTo(resolve(options.record)) };
  if (!options.replay) return { forward: forwardLive };
  const { forward, handler, fixtures } = replayFrom(resolve(options.replay));
  // Zoho: a connection the module does not name is still answered from its fixtures.
  return { forward, extra: Object.fromEntries(fixtures.map((fixture) => [fixture.connection, handler])) };
}

/** A changed connections module, read again for each host; one that fails to load leaves the previous in use. */
async function reloadConnections(
  file: string,
  given: string,
  hosts: NamedHost[],
  states: Array<{ module: ConnectionsModule; answer: Answerer }>,
  answering: AnswererOptions,
  log: (line: string) => void,
): Promise<void> {
  try {
    const fresh = await Promise.all(hosts.map(() => loadConnections(file)));
    // In place: each host's routes hold its state object.
    for (const [i, { host }] of hosts.entries()) Object.assign(states[i] as object, { module: fresh[i], answer: createAnswerer(host, fresh[i] as ConnectionsModule, answering) });
    log(`widget-bridge dev: ${given} changed, its connections are in use`);
  } catch (error) {
    log(`widget-bridge dev: ${given} changed but cannot be loaded (${(error as Error).message}); the previous connections stay in use`);
  }
}

async function load(file: string | undefined, given: string | undefined): Promise<ConnectionsModule> {
  return loadConnections(file).catch((error: Error) => {
    throw new DevError(`cannot load --connections ${given}: ${error.message}`);
  });
}

function hostConfig(name: string, host: HostDefinition, module: ConnectionsModule, page: string, widgetOrigin: string, offline: boolean) {
  return {
    host: name,
    title: host.title,
    protocol: host.protocol,
    eventName: host.eventName,
    widgetPage: page,
    widgetOrigin,
    load: { ...defaultLoad(host), ...module.load },
    context: module.context ?? {},
    offline,
  };
}

function sendIndex(response: ServerResponse, path: string, hosts: DevHost[], widgetUrl: string): void {
  if (path === '/__wb/favicon.svg') return sendText(response, 200, FAVICON, 'image/svg+xml');
  if (path === '/__wb/host.css') return sendText(response, 200, HOST_CSS, 'text/css; charset=utf-8');
  if (path !== '/' && path !== '/index.html') return sendText(response, 404, 'Not found');
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...NO_FRAMING });
  response.end(indexPage(hosts.map(({ name, host, hostUrl }) => ({ name, title: host.title, url: hostUrl })), widgetUrl));
}

/** Never served: the connections module (it holds tokens), and the fixture folders. */
function refusedFiles(paths: Array<string | undefined>): (file: string) => boolean {
  const refused = paths.filter((path): path is string => Boolean(path)).map((path) => resolve(path));
  return (file) => refused.some((path) => file === path || file.startsWith(path + sep));
}

type Handler = (request: IncomingMessage, response: ServerResponse, path: string) => Promise<void> | void;
interface Listening {
  port: number;
  origin: string;
}

/** A server on 127.0.0.1 that answers only its allowed Host names, added to `servers` (closed together). */
async function serve(servers: Server[], port: number, flag: string, allowed: readonly string[], handle: Handler): Promise<Listening> {
  const server = createServer();
  const listening = { port: 0, origin: '' };
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!isAllowedHost(request.headers.host, listening.port, allowed)) {
      const name = request.headers.host ?? '(none)';
      return sendText(response, 403, `widget-bridge dev: Host "${name}" is not allowed; to allow a name, start with --allowed-host <name>`);
    }
    void route(request, response, handle);
  });
  servers.push(server);
  listening.port = await listen(server, port, '127.0.0.1', flag);
  listening.origin = `http://127.0.0.1:${listening.port}`;
  return listening;
}

async function route(request: IncomingMessage, response: ServerResponse, handle: Handler): Promise<void> {
  try {
    await handle(request, response, new URL(request.url ?? '/', 'http://dev').pathname);
  } catch (error) {
    if (response.headersSent) response.end();
    else if (error instanceof BadRequest) sendText(response, 400, `widget-bridge dev: ${error.message}`);
    else sendText(response, 500, error instanceof Error ? error.message : String(error));
  }
}

/** With `--offline`: each vendor `<script src>` (any scheme, query or hash) points at its stand-in. */
export function rewriteVendorScripts(html: string): string {
  let result = html;
  for (const { file, pattern } of STANDINS) result = result.replace(pattern(), `/__wb/standins/${file}`);
  return result;
}

/** The vendor script URLs a page names (each once). */
export function vendorScriptsIn(html: string): string[] {
  return STANDINS.filter(({ pattern }) => pattern().test(html)).map(({ vendorUrl }) => vendorUrl);
}

function uniqueStandins() {
  const all = Object.values(HOSTS).flatMap((host) => host.standins);
  return all
    .filter((standin, index) => all.findIndex((other) => other.vendorUrl === standin.vendorUrl) === index)
    .map((standin) => {
      const rest = standin.vendorUrl.replace(/^https:/, '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      return { ...standin, pattern: () => new RegExp(`(https?:)?${rest}([?#][^"'\\s>]*)?`, 'g') };
    });
}

function locateWidget(options: DevOptions): { root: string; page: string; folder: string } {
  const given = resolve(options.widget);
  if (!existsSync(given)) throw new DevError(`no widget at ${options.widget}`);
  const file = statSync(given).isDirectory() ? join(given, 'index.html') : given;
  if (!existsSync(file)) throw new DevError(`${options.widget} is a folder without an index.html: name the widget's HTML page`);
  const cwd = process.cwd();
  const root = resolve(options.root ?? (file.startsWith(cwd + sep) ? cwd : dirname(file)));
  if (!file.startsWith(root + sep)) throw new DevError(`the widget ${options.widget} is outside the served folder ${root}`);
  return { root, page: `/${relative(root, file).split(sep).join('/')}`, folder: dirname(file) };
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

function closeServer(server: Server): Promise<void> {
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

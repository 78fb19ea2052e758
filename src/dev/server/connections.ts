// The `--connections` module: what each connection (Zoho connection link name, Gainsight permalink) reaches.
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GainsightConnector } from '../../testing/gainsight.js';
import { lowerCaseNames, type UpstreamHandler } from '../../testing/upstream.js';

/** Forwarded from Node to the real API, with `headers` attached as the host attaches a connection's token. */
export interface ProxyConnection {
  /** Where requests go: the request URL's path and query are kept, its origin becomes this one's. */
  target: string;
  headers?: Record<string, string>;
}

/** A Gainsight connector: its definition, and what its URL reaches (default: the URL itself, from Node). */
export interface ConnectorConnection extends Omit<GainsightConnector, 'upstream'> {
  upstream?: UpstreamHandler | ProxyConnection;
}

/** What one connection reaches: a handler (a fake API), a proxy to the real one, or a Gainsight connector. */
export type Connection = UpstreamHandler | ProxyConnection | ConnectorConnection;

/** The module's default export: each connection by its name. */
export type Connections = Record<string, Connection>;

export interface ConnectionsModule {
  /** By connection name. */
  connections: Connections;
  /** Fields merged over the host's Load payload (`__REGISTER__` data). */
  load?: Record<string, unknown>;
  /** The host's context at start: what `get`/`retrieve` answer. */
  context?: Record<string, unknown>;
}

/**
 * Types a connections module written in JavaScript or TypeScript: `export default defineConnections({ … })`.
 * It returns its argument.
 */
export function defineConnections<const T extends Connections>(connections: T): T {
  return connections;
}

let imports = 0;

/** Imports the module: `export default { name: connection }`, and optional `export const load`, `context`. */
export async function loadConnections(file: string | undefined): Promise<ConnectionsModule> {
  if (!file) return { connections: {} };
  // A fresh instance per dev server and per change: a module that keeps state (a fake API's records) keeps it
  // per host, and an edited module is read again.
  const module = (await import(`${pathToFileURL(file).href}?server=${++imports}`).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ERR_UNKNOWN_FILE_EXTENSION' && /^\.[mc]?ts$/.test(extname(file)) ? typeScriptUnsupported() : error;
  })) as Record<string, unknown>;
  const connections = module.default;
  if (!isRecord(connections)) throw new Error(`${file} must default-export an object of connections`);
  for (const [name, entry] of Object.entries(connections)) {
    if (typeof entry !== 'function' && !isProxy(entry) && !isConnector(entry)) {
      throw new Error(`${file}: connection "${name}" is neither a handler, a { target } proxy nor a { method, url } connector`);
    }
  }
  return {
    connections: connections as Connections,
    load: isRecord(module.load) ? module.load : undefined,
    context: isRecord(module.context) ? module.context : undefined,
  };
}

// Node strips types without a flag from 22.18 (and 23.6); 22.6-22.17 need --experimental-strip-types.
function typeScriptUnsupported(): Error {
  return new Error(
    `Node ${process.version} cannot load TypeScript; run Node 22.18 or later (22.6+ with --experimental-strip-types), or write the module as .mjs with defineConnections() from widget-bridge/dev`,
  );
}

/** How a proxy connection's calls go out: forwarded (the default), recorded, or answered from fixtures. */
export type Forward = (connection: string, proxy: ProxyConnection, secretHeaders: readonly string[]) => UpstreamHandler;

export const forwardLive: Forward = (_connection, target) => proxy(target);

/** What a connection reaches, whatever form the module gives it. */
export function upstreamOf(name: string, connection: Connection, forward: Forward = forwardLive): UpstreamHandler {
  if (typeof connection === 'function') return connection;
  if (isProxy(connection)) return forward(name, connection, Object.keys(connection.headers ?? {}));
  const { upstream } = connection;
  if (typeof upstream === 'function') return upstream;
  // The connector's header rows hold its credentials, as the proxy's headers do.
  const secrets = [...(connection.headers ?? []).map((row) => row.key), ...Object.keys(upstream?.headers ?? {})];
  return forward(name, upstream ?? { target: new URL(connection.url.replace(/\{\{[^}]*\}\}/g, 'x')).origin }, secrets);
}

export function isConnector(value: unknown): value is ConnectorConnection {
  return isRecord(value) && typeof value.method === 'string' && typeof value.url === 'string';
}

function isProxy(value: unknown): value is ProxyConnection {
  return isRecord(value) && typeof value.target === 'string';
}

// Hop-by-hop and computed headers: Node's fetch sets its own.
const DROPPED = ['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive'];

/** One exchange a proxy made, as it went out and came back. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response: { status: number; headers: Record<string, string>; body: string };
}

export function proxy({ target, headers = {} }: ProxyConnection, onExchange?: (exchange: Exchange) => void | Promise<void>): UpstreamHandler {
  const base = new URL(target);
  return async (request) => {
    const url = new URL(request.url);
    url.protocol = base.protocol;
    url.host = base.host;
    const sent: Record<string, string> = { ...request.headers, ...lowerCaseNames(headers) };
    for (const name of DROPPED) delete sent[name];
    const response = await fetch(url, { method: request.method, headers: sent, body: request.body, redirect: 'manual' });
    const answer = { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    await onExchange?.({ request: { method: request.method, url: url.href, headers: sent, body: request.body }, response: answer });
    return answer;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The `--connections` module: what each connection (Zoho connection link name, Gainsight permalink) reaches.
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

export type Connection = UpstreamHandler | ProxyConnection | ConnectorConnection;

export interface ConnectionsModule {
  /** By connection name. */
  connections: Record<string, Connection>;
  /** Fields merged over the host's Load payload (`__REGISTER__` data). */
  load?: Record<string, unknown>;
  /** The host's context at start: what `get`/`retrieve` answer. */
  context?: Record<string, unknown>;
}

let imports = 0;

/** Imports the module: `export default { name: connection }`, and optional `export const load`, `context`. */
export async function loadConnections(file: string | undefined): Promise<ConnectionsModule> {
  if (!file) return { connections: {} };
  // A fresh instance per dev server: a module that keeps state (a fake API's records) keeps it per host.
  const module = (await import(`${pathToFileURL(file).href}?server=${++imports}`)) as Record<string, unknown>;
  const connections = module.default;
  if (!isRecord(connections)) throw new Error(`${file} must default-export an object of connections`);
  for (const [name, entry] of Object.entries(connections)) {
    if (typeof entry !== 'function' && !isProxy(entry) && !isConnector(entry)) {
      throw new Error(`${file}: connection "${name}" is neither a handler, a { target } proxy nor a { method, url } connector`);
    }
  }
  return {
    connections: connections as Record<string, Connection>,
    load: isRecord(module.load) ? module.load : undefined,
    context: isRecord(module.context) ? module.context : undefined,
  };
}

/** What a Zoho connection reaches, whatever form the module gives it. */
export function upstreamOf(connection: Connection): UpstreamHandler {
  if (typeof connection === 'function') return connection;
  if (isProxy(connection)) return proxy(connection);
  const { upstream } = connection;
  if (typeof upstream === 'function') return upstream;
  return proxy(upstream ?? { target: new URL(connection.url.replace(/\{\{[^}]*\}\}/g, 'x')).origin });
}

export function isConnector(value: unknown): value is ConnectorConnection {
  return isRecord(value) && typeof value.method === 'string' && typeof value.url === 'string';
}

function isProxy(value: unknown): value is ProxyConnection {
  return isRecord(value) && typeof value.target === 'string';
}

// Hop-by-hop and computed headers: Node's fetch sets its own.
const DROPPED = ['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive'];

export function proxy({ target, headers = {} }: ProxyConnection): UpstreamHandler {
  const base = new URL(target);
  return async (request) => {
    const url = new URL(request.url);
    url.protocol = base.protocol;
    url.host = base.host;
    const sent: Record<string, string> = { ...request.headers, ...lowerCaseNames(headers) };
    for (const name of DROPPED) delete sent[name];
    const response = await fetch(url, { method: request.method, headers: sent, body: request.body, redirect: 'manual' });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

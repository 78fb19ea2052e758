// What keeps the dev servers to the developer's own pages. A page on the internet can reach 127.0.0.1 through a
// name rebound to it (DNS rebinding): the browser then sends that name as `Host`, so a server that answers only
// the names it was started for (as Vite's `server.allowedHosts`) gives such a page nothing.
import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/**
 * Whether a request's `Host` is one this server answers: `127.0.0.1:<port>` or `localhost:<port>`, or a name the
 * user allowed (`--allowed-host`, a tunnel's or a proxy's name: any port, as it may be forwarded).
 */
export function isAllowedHost(header: string | undefined, port: number, allowed: readonly string[]): boolean {
  if (header === undefined) return false;
  const match = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  if (!match) return false;
  const [, name = '', given] = match;
  if (LOOPBACK.has(name)) return given !== undefined && Number(given) === port;
  return allowed.some((host) => host.toLowerCase() === name);
}

/**
 * Whether the browser says the request comes from a page of `origin` itself (`Sec-Fetch-Site`, `Origin`): the
 * host page's own config is not for the widget's origin or any other. A client without those headers is no
 * browser page; the `Host` check has already kept pages on other names out.
 */
export function isSameOrigin(request: IncomingMessage, origin: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  return request.headers.origin === undefined || request.headers.origin === origin;
}

/** No other page may frame the tool's pages (a framing page could flood or drive the inspector). */
export const NO_FRAMING = { 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" } as const;

/** A JSON body the dev server cannot read: answered 400 with this message. */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

// A call's options, body included: far above any widget call, small enough that no page can fill the memory.
export const MAX_JSON_BYTES = 10 * 1024 * 1024;

/** A request's JSON body, at most `limit` bytes; a longer or malformed one is a BadRequest. */
export async function readJson(request: IncomingMessage, limit = MAX_JSON_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the limit the rest is read and dropped, so that the client gets the 400 rather than a reset.
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw new BadRequest(`the body is larger than ${limit} bytes`);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequest('the body is not JSON');
  }
}

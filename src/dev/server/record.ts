// `--record <dir>`: each exchange a proxy connection makes is written as one fixture, without a secret.
// `--replay <dir>`: the fixtures read back, answered by widget-bridge/testing's replay().
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFixture, replay, type Fixture } from '../../testing/replay.js';
import { parseJsonOrText, type UpstreamHandler } from '../../testing/upstream.js';
import { proxy, type Exchange, type Forward } from './connections.js';
import { DevError } from './dev-error.js';

// Credentials wherever they come from; the connection's own header names are added per connection.
const SECRET_REQUEST_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const SECRET_RESPONSE_HEADERS = ['set-cookie', 'set-cookie2'];
// Not true of the recorded body: fetch decoded it, and its length is recomputed.
const STALE_RESPONSE_HEADERS = ['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'];

/** A Forward that forwards as usual and writes each exchange to `dir`. */
export function recordTo(dir: string): Forward {
  mkdirSync(dir, { recursive: true });
  const counters = new Map<string, number>();
  return (connection, target, secretHeaders) =>
    proxy(target, (exchange) => {
      const fixture = toFixture(connection, exchange, secretHeaders);
      const base = fileBase(fixture);
      const count = (counters.get(base) ?? 0) + 1;
      counters.set(base, count);
      writeFileSync(join(dir, `${base}.${String(count).padStart(3, '0')}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
    });
}

/** The exchange as written: no header the connection adds, no cookie or authorization from anywhere. */
export function toFixture(connection: string, { request, response }: Exchange, secretHeaders: readonly string[]): Fixture {
  const secret = new Set([...SECRET_REQUEST_HEADERS, ...secretHeaders.map((name) => name.toLowerCase())]);
  return {
    connection,
    request: { method: request.method, url: request.url, headers: without(request.headers, secret), body: readable(request.body, request.headers) },
    response: {
      status: response.status,
      headers: without(response.headers, new Set([...SECRET_RESPONSE_HEADERS, ...STALE_RESPONSE_HEADERS, ...secret])),
      body: readable(response.body, response.headers),
    },
  };
}

/** `connection.METHOD.path`, readable and safe as a file name: `weather.GET.v1-forecast`. */
function fileBase({ connection, request }: Fixture): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'root';
  return `${slug(connection)}.${request.method.toUpperCase()}.${slug(new URL(request.url).pathname)}`;
}

/** A JSON body as its value (readable, editable), anything else as its text. */
function readable(body: string | undefined, headers: Record<string, string>): unknown {
  if (body === undefined || body === '') return undefined;
  return /\bjson\b/i.test(headers['content-type'] ?? '') ? parseJsonOrText(body) : body;
}

function without(headers: Record<string, string>, names: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.has(name.toLowerCase())));
}

/** A Forward answering every proxy connection from the fixtures in `dir`, never the network. */
export function replayFrom(dir: string): { forward: Forward; handler: UpstreamHandler; fixtures: Fixture[] } {
  const fixtures = readFixtures(dir);
  const handler = replay(fixtures);
  return { forward: () => handler, handler, fixtures };
}

function readFixtures(dir: string): Fixture[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
  } catch (error) {
    throw new DevError(`cannot read --replay ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return files.map((file) => {
    let fixture: unknown;
    try {
      fixture = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new DevError(`--replay ${dir}: ${file} is not JSON (${(error as Error).message})`);
    }
    if (!isFixture(fixture)) throw new DevError(`--replay ${dir}: ${file} is not a fixture ({ connection, request: { method, url }, response: { status } })`);
    return fixture;
  });
}

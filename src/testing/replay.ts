// Recorded exchanges with a real API, answered again: `replay(fixtures)` is an upstream handler for any
// simulator, and `widget-bridge dev --replay <dir>` answers its proxy connections with it (the dev tool's
// `--record <dir>` writes the fixtures). One matching rule for both, here.
import type { UpstreamAnswer, UpstreamHandler, UpstreamRequest } from './upstream.js';

/** One exchange as `widget-bridge dev --record` writes it (a JSON file); secret headers are never in it. */
export interface Fixture {
  /** The connection link name or connector permalink the widget named. */
  connection: string;
  request: {
    method: string;
    /** The URL as sent upstream (the upstream's origin kept); only its path and query are matched. */
    url: string;
    headers?: Record<string, string>;
    /** JSON as a value, anything else as text. */
    body?: unknown;
  };
  response: {
    status: number;
    headers?: Record<string, string>;
    /** JSON as a value, anything else as text. */
    body?: unknown;
  };
}

/** The header on a 502 answered for a request no fixture matches (the dev tool's inspector marks the call). */
export const MISSING_FIXTURE_HEADER = 'x-widget-bridge-replay';

/** What a fixture is matched on. */
type Matched = Pick<UpstreamRequest, 'connection' | 'method' | 'url'> & { body?: unknown };

/**
 * The fixtures that answer `request`: same connection, method (any case), path and query (pairs in any order),
 * and, where such fixtures differ by their body, the same body (JSON compared as values). Several left means
 * the same request was recorded more than once: they answer in their order.
 */
export function matchFixtures(fixtures: readonly Fixture[], request: Matched): Fixture[] {
  const key = requestKey(request);
  const same = fixtures.filter((fixture) => requestKey({ connection: fixture.connection, ...fixture.request }) === key);
  if (new Set(same.map((fixture) => bodyKey(fixture.request.body))).size <= 1) return same;
  const body = bodyKey(request.body);
  return same.filter((fixture) => bodyKey(fixture.request.body) === body);
}

/**
 * An upstream handler answering from recorded fixtures (read the files yourself: `JSON.parse` each). A request
 * no fixture matches is answered 502 with a body naming what was missing.
 */
export function replay(fixtures: readonly Fixture[]): UpstreamHandler {
  fixtures.forEach(checkFixture);
  const served = new Map<string, number>();
  return (request) => {
    const found = matchFixtures(fixtures, request);
    if (found.length === 0) return missing(fixtures, request);
    const key = `${requestKey(request)}\n${bodyKey(request.body)}`;
    const count = served.get(key) ?? 0;
    served.set(key, count + 1);
    // Repeated calls take the recordings in turn, then keep the last.
    const { response } = found[Math.min(count, found.length - 1)] as Fixture;
    return { status: response.status, headers: { ...response.headers }, body: response.body };
  };
}

function missing(fixtures: readonly Fixture[], request: UpstreamRequest): UpstreamAnswer {
  const { pathname, search } = parts(request.url);
  const recorded = fixtures
    .filter((fixture) => fixture.connection === request.connection)
    .map((fixture) => `${fixture.request.method.toUpperCase()} ${parts(fixture.request.url).pathname}${parts(fixture.request.url).search}`);
  return {
    status: 502,
    headers: { 'content-type': 'application/json', [MISSING_FIXTURE_HEADER]: 'missing' },
    body: {
      error: `no recorded fixture for ${request.method.toUpperCase()} ${pathname}${search} on connection "${request.connection}"`,
      connection: request.connection,
      method: request.method.toUpperCase(),
      path: pathname,
      query: search,
      recorded: [...new Set(recorded)].slice(0, 20),
    },
  };
}

function checkFixture(value: unknown, index: number): void {
  if (!isFixture(value)) throw new TypeError(`replay(): fixture ${index} is not { connection, request: { method, url }, response: { status } }`);
}

/** The shape replay() needs of a fixture. */
export function isFixture(value: unknown): value is Fixture {
  const fixture = value as Partial<Fixture> | null;
  return (
    typeof fixture === 'object' &&
    fixture !== null &&
    typeof fixture.connection === 'string' &&
    typeof fixture.request?.method === 'string' &&
    typeof fixture.request.url === 'string' &&
    typeof fixture.response?.status === 'number'
  );
}

function requestKey({ connection, method, url }: Matched): string {
  const { pathname, searchParams } = parts(url);
  const query = [...searchParams].map(([name, value]) => `${name}=${value}`).sort();
  return [connection, method.toUpperCase(), pathname, ...query].join('\n');
}

/** A body as compared: JSON text and a JSON value alike, key order ignored; text as it is; none as ''. */
function bodyKey(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return `text:${body}`;
    }
  }
  return `json:${JSON.stringify(value, (_key, item: unknown) => (isPlainObject(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1))) : item))}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parts(url: string): URL {
  // A relative URL (a hand-written fixture) is read as a path on any origin.
  return new URL(url, 'http://fixture.invalid');
}

// What every simulator shares: the third-party API behind the host, as a function.

/** The request the host's server makes to the third-party API, as a simulator records it in `sim.outbound`. */
export interface UpstreamRequest {
  method: string;
  /** Absolute URL with its query string, as the host would send it. */
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** The body as sent on the wire (JSON text, form-encoded text, raw text), if any. */
  body?: string;
  /** The connector permalink / connection link name the widget named. */
  connection: string;
}

/** What the third-party API answers. A `body` that is not a string is sent as JSON. */
export interface UpstreamAnswer {
  status?: number | undefined;
  headers?: Record<string, string> | undefined;
  body?: unknown;
}

/**
 * The third-party API. Throwing (or rejecting) means the host could not reach it: each simulator reports
 * that the way its vendor does (Gainsight: a 502 "Downstream (network/external service)" failure).
 */
export type UpstreamHandler = (request: UpstreamRequest) => UpstreamAnswer | Promise<UpstreamAnswer>;

/** Calls the handler and normalizes its answer: status 200 by default, body as the text on the wire. */
export async function callUpstream(
  handler: UpstreamHandler,
  request: UpstreamRequest,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const answer = await handler(request);
  const headers = lowerCaseNames(answer.headers ?? {});
  const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  if (typeof answer.body !== 'string' && answer.body !== undefined && !headers['content-type']) {
    headers['content-type'] = 'application/json';
  }
  return { status: answer.status ?? 200, headers, body };
}

/** The same headers with lower-cased names, in an object with no prototype. */
export function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = value;
  return result;
}

/** Headers as a host's HTTP client sends them: lower-cased names, a repeated name's values joined with ", ". */
export function wireHeaders(entries: Iterable<[string, unknown]>): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  for (const [key, value] of entries) {
    const name = key.toLowerCase();
    headers[name] = headers[name] === undefined ? String(value) : `${headers[name]}, ${String(value)}`;
  }
  return headers;
}

/** A body text as JSON when it parses, else the text itself. */
export function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Puts `value` at `target[key]` (a simulated SDK global); the returned function puts back what was there. */
export function installGlobal(target: Record<string, unknown>, key: string, value: unknown): () => void {
  const had = Object.hasOwn(target, key);
  const previous = target[key];
  target[key] = value;
  return () => {
    if (had) target[key] = previous;
    else delete target[key];
  };
}

/** Resolves after `ms`: a slow upstream, for tests and demos. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// A request's query: one rule for reading it as written and one for appending it to a URL, shared by the
// core, the adapters that send a url, the host frame's policy and the simulators, so what a policy judged is
// what an SDK receives, byte for byte.

/** A written query as ordered pairs: an array repeats its key, an `undefined` value is left out. */
export function queryPairs(query: unknown): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (typeof query !== 'object' || query === null) return pairs;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) pairs.push([key, String(item)]);
  }
  return pairs;
}

/** RFC 3986 percent-encoding of a key or value: encodeURIComponent leaves the sub-delimiters ! ' ( ) * as they are. */
export const encodeQueryPart = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `url` with `pairs` appended to its own query string, before its fragment (which runs to the end); a query
 * that already ends in `?` or `&` is continued, not given a second separator.
 */
export function withQuery(url: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return url;
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const joiner = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return base + joiner + pairs.map(([key, value]) => `${encodeQueryPart(key)}=${encodeQueryPart(value)}`).join('&') + (hash === -1 ? '' : url.slice(hash));
}

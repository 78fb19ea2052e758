// The URL a host frame's policy judges: the one the SDK and the upstream will receive. A widget must not
// reach with a spelling (`/v1/../admin`, `/v1/%2e%2e/admin`, a tab inside `..`, `HTTPS://API.EXAMPLE.COM:443`)
// what the same URL spelt plainly would not, so the policy never sees a spelling: it sees the WHATWG
// normalisation (the URL Standard, as `new URL()` parses), with slots filled and the query appended.
import { BridgeError } from '../errors.js';
import { fillPathParams } from '../path-params.js';

/**
 * `template` with its `{{pathParams.X}}` slots filled (path parameter errors as the adapters throw them),
 * parsed and serialised the WHATWG way: dot segments removed (`%2e` counts as a dot), tabs and newlines
 * stripped, the default port dropped, scheme and host lower-cased, an IDN host in punycode. The fragment
 * goes: it never reaches a server. Throws FORBIDDEN for what a server might read otherwise than the URL
 * Standard does: a backslash, user information, an encoded separator or a `..;` segment in the path.
 */
export function judgedUrl(template: string, pathParams: Record<string, string | number>): string {
  const filled = fillPathParams(template, pathParams);
  // Parsers disagree on these: WHATWG reads `\` as `/` in http(s) URLs, many servers read it as data.
  if (filled.includes('\\')) throw refused('it holds a backslash');
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    throw refused('it is not a URL');
  }
  if (url.username !== '' || url.password !== '') throw refused('it holds user information (user:password@)');
  // A server that decodes before splitting the path would find separators or dot segments here.
  if (/%2f|%5c/i.test(url.pathname)) throw refused('its path holds an encoded / or \\');
  // `..;/` is `..` to servers that strip path parameters (Tomcat, Jetty, Spring), a name to the URL Standard.
  if (/\/(?:\.|%2e){1,2};/i.test(url.pathname)) throw refused('its path holds a dot segment with parameters (..;)');
  url.hash = '';
  return url.href;
}

function refused(why: string): BridgeError {
  return new BridgeError('FORBIDDEN', `the host frame refuses this url: ${why}`);
}


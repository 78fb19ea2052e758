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
  const spelling = pathSpelling(url.pathname);
  if (spelling) throw refused(spelling);
  url.hash = '';
  return url.href;
}

// Characters that look like a slash without being compatibility-equal to one (NFKC keeps them).
const SLASH_ALIKES = /[\u2044\u2215\u29f8]/;

/**
 * A path the URL Standard leaves as it is but some server reads as a dot segment or a separator once it decodes
 * it: IIS `%u` escapes, percent-escapes that are not UTF-8 (overlong forms such as `%c0%ae` are `.` to old
 * decoders), control characters (`%00` ends a path in C), and what decodes and folds (NFKC) into a dot segment,
 * a `..;` or a slash: `..%3b`, fullwidth `．` and `／`, the one-dot leader, the division slash.
 */
function pathSpelling(pathname: string): string | undefined {
  if (/%u/i.test(pathname)) return 'its path holds a %u escape';
  // A server that decodes twice reads `%252e` as `.`: an escaped escape of a separator, a dot or a percent.
  if (/%25(?:%|2e|2f|5c|3b|25|u)/i.test(pathname)) return 'its path holds a double-encoded dot, separator or escape (such as %252e)';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'its path holds percent-escapes that are not UTF-8 (an overlong form such as %c0%ae)';
  }
  if (/[\x00-\x1f\x7f]/.test(decoded)) return 'its path holds a control character (such as %00)';
  const folded = decoded.normalize('NFKC');
  // Fullwidth ％２ｅ folds into an escape (%2e) that a server decodes once more.
  if (folded !== decoded && /%[0-9a-f]{2}/i.test(folded)) return 'its path holds a look-alike of a percent-escape';
  const slashes = (text: string) => text.split('/').length;
  if (SLASH_ALIKES.test(folded) || folded.includes('\\') || slashes(folded) !== slashes(decoded)) return 'its path holds a look-alike of / or \\';
  if (folded.split('/').some((segment) => /^\.{1,2}(?:;|$)/.test(segment))) return 'its path holds a dot segment once decoded (..%3b, a look-alike of .)';
  return undefined;
}

function refused(why: string): BridgeError {
  return new BridgeError('FORBIDDEN', `the host frame refuses this url: ${why}`);
}


// What a host frame lets one widget do. The widget is not trusted, and the policy judges what will really be
// sent: the request after the host's own bridge validated and resolved it (connections map, defaults), with
// the method as sent (a composite is POST), the host's connection name and the normalised URL (judged-url.ts).
import { BridgeError } from '../errors.js';
import { canonicalHeader } from '../header-names.js';
import type { HttpMethod } from '../types.js';

export interface AllowList {
  /** Connection names (the host's own: permalink, connection link name) the widget may use. */
  connections?: readonly string[] | undefined;
  /** Methods as sent: a Gainsight composite request is POST whatever it says. */
  methods?: readonly HttpMethod[] | undefined;
  /**
   * The request's URL must match one. Each is tried on the judged URL: slots filled, query appended, then
   * normalised (`https://api.example.com/v1/a?b=1`, see the README's "Security model"). A RegExp is tested
   * against that href (anchor it: `/^https:\/\/api\.example\.com\/v1\//`); a string is a prefix of it, also
   * normalised, that ends at a boundary (`https://api.example.com/v1` admits `/v1`, `/v1/…` and `/v1?…`, not
   * `/v1admin`). A request with no url (Gainsight: the connector holds it) passes; an empty list refuses
   * every url.
   */
  urls?: ReadonlyArray<string | RegExp> | undefined;
  /**
   * Header names (any case) a widget may set. Without this list, a widget may set any header but
   * `Authorization`, `Cookie`, `Host` and `Proxy-*` (those belong to the host, which holds the credentials)
   * and the method overrides `X-HTTP-Method-Override`, `X-HTTP-Method` and `X-Method-Override`.
   */
  headers?: readonly string[] | undefined;
}

/** The request as the policy sees it: as the SDK will receive it. */
export interface JudgedRequest {
  /** The host's own connection name. */
  connection: string;
  /** As sent: POST for a composite request. */
  method: HttpMethod;
  /** The judged URL: filled, query appended, normalised; absent where the connector holds the URL. */
  url?: string;
  /** The headers the widget set (the host bridge's own are not the widget's doing). */
  headers: Record<string, string>;
  composite: boolean;
}

export interface PolicyContext {
  /** The widget's origin, as the browser reported it. */
  origin: string;
  /** The host in use. */
  vendor: string;
}

/** Return `true` (exactly) to allow; anything else, or a throw, refuses. */
export type AllowFunction = (request: JudgedRequest, context: PolicyContext) => boolean | Promise<boolean>;

export type Allow = AllowList | AllowFunction;

// Without `allow.headers`, what a widget may not set (names compared as canonicalHeader reads them: any case,
// `_` as `-`): the credential-holding host's own; the method overrides some servers honour (a GET-only policy
// would let `X-HTTP-Method-Override: DELETE` through); the routing headers proxies and frameworks read as the
// URL or the client (X-Original-URL, X-Rewrite-URL, Forwarded, X-Forwarded-*, X-Host); and the hop-by-hop and
// framing ones a widget could smuggle a second request with.
const RESERVED =
  /^(?:authorization|cookie|host|proxy(?:-.*)?|x-http-method-override|x-http-method|x-method-override|x-original-url|x-rewrite-url|forwarded|x-forwarded-.*|x-host|connection|transfer-encoding|content-length|te|trailer|upgrade|keep-alive|x-real-ip|true-client-ip|x-client-ip|cf-connecting-ip|x-cluster-client-ip)$/;

/**
 * Throws FORBIDDEN, saying which rule, when the policy refuses `request`. Synchronous for lists (this runs on
 * every request of every widget); a promise for a policy function.
 */
export function judge(allow: Allow | undefined, request: JudgedRequest, context: PolicyContext): void | Promise<void> {
  const reason = headerRefusal(allow, request.headers);
  if (typeof allow === 'function' && reason === undefined) {
    return functionRefusal(allow, request, context).then((refused) => {
      if (refused !== undefined) throw new BridgeError('FORBIDDEN', refused);
    });
  }
  const refused = reason ?? (typeof allow === 'object' ? listRefusal(allow, request) : undefined);
  if (refused !== undefined) throw new BridgeError('FORBIDDEN', refused);
}

function headerRefusal(allow: Allow | undefined, headers: Record<string, string>): string | undefined {
  const listed = typeof allow === 'object' ? allow.headers?.map(canonicalHeader) : undefined;
  for (const name in headers) {
    const canonical = canonicalHeader(name);
    if (listed ? !listed.includes(canonical) : RESERVED.test(canonical)) {
      return listed
        ? `header ${name} is not in the host frame's allowed headers`
        : `header ${name} belongs to the host frame (list it in allow.headers to let a widget set it)`;
    }
  }
  return undefined;
}

function listRefusal(allow: AllowList, request: JudgedRequest): string | undefined {
  // The messages cross to the widget: they name nothing of the host's own (its connection names, its urls).
  if (allow.connections && !allow.connections.includes(request.connection)) return "the connection is not in the host frame's allowed connections";
  if (allow.methods && !allow.methods.includes(request.method)) return `method ${request.method} is not in the host frame's allowed methods`;
  const url = request.url;
  if (allow.urls && url !== undefined && !allow.urls.some((pattern) => matches(pattern, url))) {
    return "the url matches none of the host frame's allowed URLs";
  }
  return undefined;
}

// Fails closed: a policy function that throws refuses the request.
async function functionRefusal(allow: AllowFunction, request: JudgedRequest, context: PolicyContext): Promise<string | undefined> {
  try {
    if ((await allow(request, context)) === true) return undefined;
    return `the host frame's policy refused this request from ${context.origin}`;
  } catch (error) {
    // What the policy threw stays in the host frame: its text may name the host's own values.
    return "the host frame's policy failed, so it refused this request";
  }
}

function matches(pattern: string | RegExp, url: string): boolean {
  if (typeof pattern === 'string') return hasPrefix(url, pattern);
  // A global or sticky RegExp keeps lastIndex between calls; reset it so one match does not skip the next.
  pattern.lastIndex = 0;
  return pattern.test(url);
}

/** `url` starts with `prefix` (normalised like the URL) and the prefix ends at a boundary of the URL. */
function hasPrefix(url: string, prefix: string): boolean {
  const normal = normalisedPrefix(prefix);
  if (!url.startsWith(normal)) return false;
  return /[/?]$/.test(normal) || url.length === normal.length || '/?'.includes(url.charAt(normal.length));
}

function normalisedPrefix(prefix: string): string {
  try {
    const url = new URL(prefix);
    // `new URL` adds the root path: keep it only when the prefix named a path at all.
    const href = url.href;
    return url.pathname === '/' && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\//i.test(prefix) ? href.slice(0, -1) : href;
  } catch {
    return prefix;
  }
}

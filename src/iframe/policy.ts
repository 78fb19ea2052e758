// What a host frame lets one widget do. The widget is not trusted: the policy sees the request as the host
// will send it (the widget's core already chose the host's connection name and URL).
import type { BridgeRequest, HttpMethod } from '../types.js';

export interface AllowList {
  /** Connection names (the host's own: permalink, connection link name) the widget may use. */
  connections?: string[];
  methods?: HttpMethod[];
  /**
   * The request's `url` must match one (anchor them: `/^https:\/\/api\.example\.com\//`). It is matched as
   * written, `{{pathParams.X}}` slots unfilled: the path parameter rule keeps values from adding `/` or `..`.
   * A request with no url (Gainsight: the connector holds it) passes.
   */
  urls?: RegExp[];
}

export type AllowFunction = (request: BridgeRequest, context: { origin: string }) => boolean | Promise<boolean>;

export type Allow = AllowList | AllowFunction;

/** Why the policy refuses the request, or undefined when it allows it. */
export async function refusal(allow: Allow | undefined, request: BridgeRequest, origin: string): Promise<string | undefined> {
  if (allow === undefined) return undefined;
  if (typeof allow === 'function') return refusalOf(allow, request, origin);
  const method = request.method ?? 'GET';
  if (allow.connections && !allow.connections.includes(request.connection)) {
    return `connection ${request.connection} is not in the host frame's allowed connections`;
  }
  if (allow.methods && !allow.methods.includes(method)) return `method ${method} is not in the host frame's allowed methods`;
  if (allow.urls && request.url !== undefined && !allow.urls.some((pattern) => matches(pattern, request.url as string))) {
    return `url ${request.url} matches none of the host frame's allowed URL patterns`;
  }
  return undefined;
}

// Fails closed: a policy function that throws refuses the request.
async function refusalOf(allow: AllowFunction, request: BridgeRequest, origin: string): Promise<string | undefined> {
  try {
    if ((await allow(request, { origin })) === true) return undefined;
    return `the host frame's policy refused this request from ${origin}`;
  } catch (error) {
    return `the host frame's policy failed (${error instanceof Error ? error.message : String(error)}), so it refused this request`;
  }
}

// A global or sticky RegExp keeps lastIndex between calls; reset it so one match does not skip the next.
function matches(pattern: RegExp, url: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(url);
}

// The host frame's policy as a gate on the resolved request (RUN_GATED in bridge.ts): it runs after the host's
// bridge validated and resolved the widget's request, before anything is sent, and refuses with FORBIDDEN.
import type { Gate } from '../bridge.js';
import type { BridgeRequest, HttpMethod, ResolvedRequest } from '../types.js';
import { queryPairs, withQuery } from '../query.js';
import { judgedUrl } from './judged-url.js';
import { judge } from './policy.js';
import type { Allow, JudgedRequest } from './policy.js';

/**
 * The gate for one request of the widget at `origin`. `widgetHeaders`: the header names the widget itself
 * set (the host bridge's own headers are not the widget's to answer for).
 *
 * The resolved request's `url` is replaced by the judged one (slots filled, normalised, without fragment):
 * the SDK receives the very URL the policy allowed, not a spelling a server might read otherwise.
 */
export function policyGate(allow: Allow | undefined, origin: string, widgetHeaders: Record<string, string> | undefined): Gate {
  return (resolved, host) => {
    if (resolved.url !== undefined) resolved.url = judgedUrl(resolved.url, resolved.pathParams);
    const request: JudgedRequest = {
      connection: resolved.connection,
      method: resolved.composite ? 'POST' : resolved.method,
      headers: ownHeaders(resolved.headers, widgetHeaders),
      composite: resolved.composite,
    };
    if (resolved.url !== undefined) request.url = withQuery(resolved.url, resolved.query);
    return judge(allow, request, { origin, vendor: host.vendor });
  };
}

function ownHeaders(merged: Record<string, string>, widget: Record<string, string> | undefined): Record<string, string> {
  const own: Record<string, string> = Object.create(null);
  if (!widget) return own;
  const names = new Set(Object.keys(widget).map((name) => name.toLowerCase()));
  for (const name in merged) if (names.has(name.toLowerCase())) own[name] = merged[name] as string;
  return own;
}

/**
 * A request as written, seen as a resolved one, for a bridge that sends requests on without resolving them
 * (a relay's parentBridge, a bridge of the user's own): the method defaulted as the host will default it,
 * the query as pairs. Values of the wrong type are turned into strings: the host frame validates them anyway.
 */
export function writtenAsResolved(request: BridgeRequest): ResolvedRequest {
  const resolved: ResolvedRequest = {
    connection: String(request.connection),
    method: (request.method ?? (request.composite === true ? 'POST' : 'GET')) as HttpMethod,
    query: queryPairs(request.query),
    pathParams: plainRecord(request.pathParams) as Record<string, string | number>,
    headers: plainRecord(request.headers) as Record<string, string>,
    body: { kind: 'none' },
    composite: request.composite === true,
    timeout: 0,
  };
  if (request.url !== undefined) resolved.url = String(request.url);
  return resolved;
}

function plainRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {};
}

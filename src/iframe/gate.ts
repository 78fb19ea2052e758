// The host frame's policy as the gate of a widget's request (RUN_GATED, lifecycle.ts). It runs after the host
// bridge checked and prepared the request, before anything is sent, on what the SDK will receive: the url with
// its slots filled and normalised (judged-url.ts), the query appended as the adapters append it (query.ts). The
// SDK is then sent the judged url, not a spelling a server might read otherwise.
import { BridgeError } from '../errors.js';
import type { Gate, PolicyView } from '../lifecycle.js';
import { defaultMethod, isMethod } from '../methods.js';
import { queryPairs, withQuery } from '../query.js';
import type { BridgeRequest, HostInfo } from '../types.js';
import { judgedUrl } from './judged-url.js';
import { judge } from './policy.js';
import type { Allow, JudgedRequest } from './policy.js';

/** The gate for the requests of the widget at `origin`: FORBIDDEN, or the judged url to send. */
export function policyGate(allow: Allow | undefined, origin: string): Gate {
  const gate = (view: PolicyView, host: HostInfo) => {
    // A relay cannot see the url a host frame above resolves from a connections key: its urls cannot judge it.
    if (view.written && view.url === undefined && typeof allow === 'object' && allow.urls) {
      throw new BridgeError('FORBIDDEN', "the request has no url here (a host frame above would resolve it), so this frame's allowed URLs cannot judge it");
    }
    const url = view.url === undefined ? undefined : judgedUrl(view.url, view.pathParams);
    const request: JudgedRequest = { connection: view.connection, method: view.method, headers: view.headers, composite: view.composite };
    if (url !== undefined) request.url = withQuery(url, view.query);
    const verdict = judge(allow, request, { origin, vendor: host.vendor });
    return verdict ? verdict.then(() => url) : url;
  };
  return Object.assign(gate, { written: (request: unknown) => writtenView(request as BridgeRequest) });
}

/**
 * What the policy judges of a request as written, for a bridge that sends it on without resolving it (a
 * relay's parentBridge, a bridge of the user's own): the method the host will default to, the query as the
 * host will read it. Values of the wrong type are read as strings: the host frame validates them anyway.
 */
export function writtenView(request: BridgeRequest): PolicyView {
  const view: PolicyView = {
    connection: String(request.connection),
    method: isMethod(request.method) ? (request.composite === true ? 'POST' : request.method) : defaultMethod(request.composite),
    pathParams: plainRecord(request.pathParams) as Record<string, string | number>,
    query: queryPairs(request.query),
    headers: plainRecord(request.headers) as Record<string, string>,
    composite: request.composite === true,
    written: true,
  };
  if (request.url !== undefined) view.url = String(request.url);
  return view;
}

function plainRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {};
}

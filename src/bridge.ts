// createBridge: a widget's bridge to the host SDK an adapter finds. Its options are validated once; each
// request is checked and resolved for the host in use by the zod schemas (resolve.ts), then runs the one
// lifecycle every bridge runs (lifecycle.ts).
import { lifecycle, type Plan, type Prepared } from './lifecycle.js';
import { checkRequest, resolveOptions, resolveRequest, type BridgeDefaults, type CheckedRequest } from './resolve.js';
import { logger } from './debug.js';
import { readAnswer } from './response.js';
import { retrying, retryPolicy } from './retry.js';
import { concurrency } from './slots.js';
import type { Bridge, BridgeOptions, HostInfo, ResolvedRequest, RetryOptions } from './types.js';

export function createBridge<const Names extends string = string>(options: BridgeOptions<Names>): Bridge<Names> {
  const defaults = resolveOptions(options as BridgeOptions);
  const plan: Plan<CheckedRequest, ResolvedRequest> = {
    transports: defaults.adapters,
    timeout: defaults.timeout,
    attemptTimeout: defaults.attemptTimeout,
    hooks: defaults.hooks,
    retry: retrying(defaults.retry),
    slots: defaults.concurrency === Infinity ? undefined : concurrency(defaults.concurrency),
    log: logger(defaults.debug),
    read: readAnswer,
    check: (input, widget) => (widget ? withinHostLimits(checkRequest(input), defaults) : checkRequest(input)),
    prepare: (checked, host, widget, written) => prepare(checked, defaults, host, widget, written),
    withUrl: (request, url) => ({ ...request, url }),
  };
  return lifecycle(plan) as Bridge<Names>;
}

function prepare(checked: CheckedRequest, defaults: BridgeDefaults, host: HostInfo, widget: boolean, sent: CheckedRequest): Prepared<ResolvedRequest> {
  const resolved = resolveRequest(checked, defaults, host.vendor, host.capabilities, widget);
  const written = checked.request.connection;
  // Host-side values a widget's error must not carry: the host's own name, the url of the entry it resolved to.
  const secrets = [resolved.connection, defaults.connections[written]?.[host.vendor]?.url].filter((value): value is string => !!value && value !== written);
  return {
    request: resolved,
    view: {
      connection: resolved.connection,
      method: resolved.composite ? 'POST' : resolved.method,
      ...(resolved.url !== undefined && { url: resolved.url }),
      pathParams: resolved.pathParams,
      query: resolved.query,
      // The widget's own headers: those this bridge's beforeRequest hooks add are the host's.
      headers: (sent.request.headers ?? {}) as Record<string, string>,
      composite: resolved.composite,
    },
    method: resolved.method,
    // A widget's request names only what the widget sent; the host's own name is for the host's messages.
    connection: widget || resolved.connection === written ? written : `${written} (${resolved.connection})`,
    ...(widget && secrets.length > 0 && { secrets }),
  };
}

/**
 * A widget's request through a host frame: the host bridge's settings are ceilings, since a widget must not
 * choose how long the host waits or how often it calls the SDK. Its timeouts are at most the host's, and its
 * retries at most the host's limit, on methods and statuses the host retries, with the host's backoff.
 */
function withinHostLimits(checked: CheckedRequest, defaults: BridgeDefaults): CheckedRequest {
  const { timeout, attemptTimeout, retry } = checked.request;
  const host = retryPolicy(defaults.retry);
  const asked = retryPolicy(retry ?? defaults.retry);
  const bounded: RetryOptions = {
    limit: Math.min(asked.limit, host.limit),
    methods: asked.methods.filter((method) => host.methods.includes(method)),
    statusCodes: asked.statusCodes.filter((status) => host.statusCodes.includes(status)),
    backoff: host.backoff,
  };
  const ceiling = Math.min(timeout ?? defaults.timeout, defaults.timeout);
  return {
    ...checked,
    request: {
      ...checked.request,
      timeout: ceiling,
      attemptTimeout: Math.min(attemptTimeout ?? defaults.attemptTimeout ?? ceiling, defaults.attemptTimeout ?? ceiling),
      retry: bounded as CheckedRequest['request']['retry'],
    },
  };
}

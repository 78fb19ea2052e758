// createBridge: choose the adapter, then run each request through one pipeline:
// validate -> host ready -> resolve for that host -> send within deadline and signals -> read -> retry.
import { Deadlines, pause, settleFirst, type InFlight } from './deadline.js';
import { BridgeError, isBridgeError, withContext, type RequestContext } from './errors.js';
import { checkRequest, resolveOptions, resolveRequest, roughContext, type CheckedRequest, type BridgeDefaults } from './resolve.js';
import { readAnswer, type Reading } from './response.js';
import { retryDelay, retryPolicy } from './retry.js';
import type { Adapter, Bridge, BridgeOptions, BridgeRequest, BridgeResponse, HostInfo, ResolvedRequest } from './types.js';

/**
 * Internal to the package: how exposeBridge runs a widget's request through this bridge's own pipeline with
 * the host frame's policy applied to the request as it was resolved (connections map, defaults) and as the
 * adapter will receive it. A gate refuses by throwing a BridgeError (FORBIDDEN); it runs once per request,
 * before the first attempt is sent. Symbol.for: another copy of the library (a UMD beside the ESM) agrees.
 */
export const RUN_GATED = Symbol.for('widget-bridge.run-gated');
export type Gate = (request: ResolvedRequest, host: HostInfo) => void | Promise<void>;
export interface GatedBridge extends Bridge {
  [RUN_GATED](input: unknown, gate: Gate): Promise<BridgeResponse>;
}

export function createBridge(options: BridgeOptions): Bridge {
  const defaults = resolveOptions(options);
  const adapters = Array.isArray(options.adapter) ? [...options.adapter] : [options.adapter];
  if (adapters.length === 0) {
    const issue = { path: ['adapter'], message: 'the list of adapters is empty' };
    throw new BridgeError('INVALID_REQUEST', `INVALID_REQUEST: createBridge options: adapter: ${issue.message}`, { issues: [issue] });
  }
  // Aborts adapters' init on destroy; requests in flight are failed through `inFlight`.
  const lifetime = new AbortController();
  const inFlight: InFlight = new Set();
  const deadlines = new Deadlines();
  const host = hostSelection(adapters, lifetime.signal);

  const destroyed = () => new BridgeError('ABORTED', 'the bridge was destroyed');
  const aborted = (signal: AbortSignal): BridgeError =>
    new BridgeError('ABORTED', 'the caller aborted the request', signal.reason === undefined ? {} : { cause: signal.reason });

  async function ready(): Promise<HostInfo> {
    let label = 'ready';
    try {
      if (lifetime.signal.aborted) throw destroyed();
      const adapter = host.choose();
      label = `ready via ${adapter.vendor}`;
      return await settleFirst(() => host.info(adapter), {
        deadline: { ms: defaults.timeout, error: () => notReady(adapter, defaults.timeout), deadlines },
        onAbort: aborted,
        inFlight,
      });
    } catch (error) {
      throw withContext(asBridgeError(error), label);
    }
  }

  async function request<T>(input: BridgeRequest<T>, gate?: Gate): Promise<BridgeResponse<T>> {
    const context: RequestContext = roughContext(input);
    try {
      if (lifetime.signal.aborted) throw destroyed();
      const adapter = host.choose();
      context.vendor = adapter.vendor;
      const checked = checkRequest(input);
      return (await run(adapter, checked, context, gate)) as BridgeResponse<T>;
    } catch (error) {
      throw withContext(asBridgeError(error), context);
    }
  }

  async function run(adapter: Adapter, checked: CheckedRequest, context: RequestContext, gate: Gate | undefined): Promise<BridgeResponse> {
    const { input } = checked;
    const policy = retryPolicy(input.retry ?? defaults.retry);
    const stops = { signal: input.signal, onAbort: aborted, inFlight };
    const ms = input.timeout ?? defaults.timeout;
    let resolved: ResolvedRequest | undefined;
    for (let attempt = 1; ; attempt++) {
      let phase: 'init' | 'send' = 'init';
      const reading = await settleFirst(
        async (signal): Promise<Reading> => {
          const info = await host.info(adapter);
          context.vendor = info.vendor;
          phase = 'send';
          if (!resolved) {
            resolved = resolveFor(checked, defaults, info, context);
            await gate?.(resolved, info);
          }
          const answer = await adapter.send(resolved, signal);
          return readAnswer(answer, resolved, info.vendor, input.schema);
        },
        {
          ...stops,
          deadline: { ms, error: () => (phase === 'init' ? notReady(adapter, ms) : new BridgeError('TIMEOUT', `no answer in ${ms} ms`)), deadlines },
        },
      ).catch((error: unknown): Reading => ({ ok: false, error: asBridgeError(error) }));
      if (reading.ok) return reading.response;
      const wait = retryDelay(policy, resolved?.method ?? checked.method, attempt, reading.error, reading.retryAfter);
      if (wait === undefined) throw reading.error;
      await pause(wait, stops);
    }
  }

  const bridge: GatedBridge = {
    ready,
    request: (input) => request(input),
    [RUN_GATED]: (input, gate) => request(input as BridgeRequest, gate),
    destroy() {
      if (lifetime.signal.aborted) return;
      lifetime.abort();
      const error = destroyed();
      for (const fail of [...inFlight]) fail(error);
      deadlines.clear();
      host.chosen()?.destroy?.();
    },
  };
  return bridge;
}

/** The first adapter whose host is present (kept once found), and its one shared `init`. */
function hostSelection(adapters: Adapter[], lifetime: AbortSignal) {
  let chosen: Adapter | undefined;
  let info: Promise<HostInfo> | undefined;
  return {
    chosen: () => chosen,
    choose(): Adapter {
      if (chosen) return chosen;
      const refusals: string[] = [];
      for (const adapter of adapters) {
        const verdict = detect(adapter);
        if (verdict === true) return (chosen = adapter);
        refusals.push(`${adapter.vendor}: ${verdict}`);
      }
      throw new BridgeError('NO_HOST', `no adapter found its host. ${refusals.join('; ')}`);
    },
    /** One init shared by every request; if it fails, the next request starts another. */
    info(adapter: Adapter): Promise<HostInfo> {
      info ??= startHost(adapter, lifetime).catch((error: unknown) => {
        info = undefined;
        throw error;
      });
      return info;
    },
  };
}

function detect(adapter: Adapter): true | string {
  try {
    return adapter.detect();
  } catch (error) {
    return `detect() threw: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function startHost(adapter: Adapter, lifetime: AbortSignal): Promise<HostInfo> {
  try {
    const info = await adapter.init?.(lifetime);
    return info ?? { vendor: adapter.vendor, capabilities: adapter.capabilities };
  } catch (error) {
    if (isBridgeError(error)) throw error;
    throw new BridgeError('CONNECTOR_ERROR', `the host failed to initialise: ${messageOf(error)}`, { cause: error });
  }
}

function resolveFor(checked: CheckedRequest, defaults: BridgeDefaults, info: HostInfo, context: RequestContext): ResolvedRequest {
  const resolved = resolveRequest(checked, defaults, info.vendor, info.capabilities);
  if (resolved.connection !== context.connection) context.connection = `${context.connection} (${resolved.connection})`;
  context.method = resolved.method;
  return resolved;
}

function notReady(adapter: Adapter, ms: number): BridgeError {
  return adapter.notReady?.(ms) ?? new BridgeError('CONNECTOR_ERROR', `the host did not become ready within ${ms} ms`);
}

/** Anything an adapter throws that is not a BridgeError is a failure of the host platform. */
function asBridgeError(error: unknown): BridgeError {
  if (isBridgeError(error)) return error;
  return new BridgeError('CONNECTOR_ERROR', `the adapter failed: ${messageOf(error)}`, { cause: error });
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

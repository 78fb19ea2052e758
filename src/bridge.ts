// createBridge: choose the adapter, then run each request through one pipeline:
// validate -> (wait for a slot) -> host ready -> hooks -> resolve for that host -> send -> read -> retry,
// all within one deadline, the caller's signal and the bridge's lifetime. Settled means settled: after every
// await the pipeline stops if the caller has already been answered, so nothing reaches an adapter afterwards.
import { abortedError as aborted, Deadlines, destroyedError as destroyed, pause, settleFirst, stopIfSettled, type InFlight } from './deadline.js';
import { asBridgeError, BridgeError, describeThrown, fieldsOf, isBridgeError, withContext, type RequestContext } from './errors.js';
import { isObject, joinHooks, runHooks } from './hooks.js';
import { checkRequest, resolveOptions, resolveRequest, roughContext, type BridgeDefaults, type CheckedRequest } from './resolve.js';
import { readAnswer, type Reading } from './response.js';
import { retryDelay, retryPolicy, type RetryPolicy } from './retry.js';
import type {
  Adapter,
  Bridge,
  BridgeHooks,
  BridgeOptions,
  BridgeRequest,
  BridgeResponse,
  DebugEvent,
  HostInfo,
  ResolvedRequest,
} from './types.js';

/**
 * Internal to the package: how exposeBridge runs a widget's request through this bridge's own pipeline with
 * the host frame's policy applied to the request as it was resolved (connections map, defaults) and as the
 * adapter will receive it. A gate refuses by throwing a BridgeError (FORBIDDEN); it runs on every resolution
 * (once per request, or per attempt when a beforeRequest hook may change it), before anything is sent.
 * Symbol.for: another copy of the library (a UMD beside the ESM) agrees.
 */
export const RUN_GATED = Symbol.for('widget-bridge.run-gated');
export type Gate = (request: ResolvedRequest, host: HostInfo) => void | Promise<void>;
export interface GatedBridge extends Bridge {
  [RUN_GATED](input: unknown, gate: Gate): Promise<BridgeResponse>;
}

export function createBridge<const Names extends string = string>(options: BridgeOptions<Names>): Bridge<Names> {
  const defaults = resolveOptions(options as BridgeOptions);
  // Aborts adapters' init on destroy; requests in flight are failed through `inFlight`.
  const lifetime = new AbortController();
  const inFlight: InFlight = new Set();
  const deadlines = new Deadlines();
  const host = hostSelection(defaults.adapters, lifetime.signal);
  const slots = concurrency(defaults.concurrency);
  const log = logger(defaults.debug);
  let lastId = 0;


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

  async function request(input: BridgeRequest, gate?: Gate): Promise<BridgeResponse> {
    const started = Date.now();
    const context: RequestContext = roughContext(input);
    const state: Progress = { attempts: 0, phase: 'queue' };
    const id = ++lastId;
    const emit = log && ((type: DebugEvent['type'], more: Partial<DebugEvent> = {}) => log({ id, type, ...context, elapsed: Date.now() - started, ...more }));
    let hooks: BridgeHooks | undefined;
    try {
      if (lifetime.signal.aborted) throw destroyed();
      const adapter = host.choose();
      context.vendor = adapter.vendor;
      const checked = checkRequest(input);
      hooks = joinHooks(defaults.hooks, checked.input.hooks as BridgeHooks | undefined);
      emit?.('start');
      const ms = checked.input.timeout ?? defaults.timeout;
      const run: Run = { adapter, input, checked, context, state, hooks, gate, emit, started };
      const response = await settleFirst((signal) => pipeline(run, signal), {
        deadline: { ms, error: () => (state.phase === 'init' ? notReady(adapter, ms) : requestTimeout(ms, state)), deadlines },
        signal: checked.input.signal,
        onAbort: aborted,
        inFlight,
      });
      emit?.('response', { status: response.status, attempt: state.attempts });
      return response;
    } catch (thrown) {
      let error = withContext(asBridgeError(thrown), context);
      error = new BridgeError(error.code, error.message, { ...fieldsOf(error), attempts: state.attempts, elapsed: Date.now() - started });
      if (hooks?.beforeError) {
        // A hook that throws replaces the error with its own, of the same code.
        error = withContext(await runHooks(hooks, 'beforeError', error.code, error, [input], isBridgeError).catch((failure: BridgeError) => failure), context);
      }
      emit?.('error', { code: error.code, attempt: state.attempts, ...(error.status !== undefined && { status: error.status }) });
      throw error;
    }
  }

  interface Run {
    adapter: Adapter;
    input: BridgeRequest;
    checked: CheckedRequest;
    context: RequestContext;
    state: Progress;
    hooks: BridgeHooks | undefined;
    gate: Gate | undefined;
    emit: ((type: DebugEvent['type'], more?: Partial<DebugEvent>) => void) | undefined;
    started: number;
  }

  /** Every attempt of one request, inside its deadline; `signal` aborts when the caller has been answered. */
  async function pipeline(run: Run, signal: AbortSignal): Promise<BridgeResponse> {
    const { adapter, input, context, state, hooks, gate, emit } = run;
    const waited = Date.now();
    // Awaited only when the request must wait for a slot: a tick less per request without a limit.
    const taken = slots.take(signal);
    const release = typeof taken === 'function' ? taken : await taken;
    state.phase = 'init';
    try {
      const queued = Date.now() - waited;
      const policy = retryPolicy(run.checked.input.retry ?? defaults.retry);
      const attemptMs = run.checked.input.attemptTimeout ?? defaults.attemptTimeout;
      let resolved: ResolvedRequest | undefined;
      for (let attempt = 1; ; attempt++) {
        const info = await host.info(adapter);
        stopIfSettled(signal);
        state.phase = 'send';
        context.vendor = info.vendor;
        if (hooks?.beforeRequest) {
          const changed = await runHooks(hooks, 'beforeRequest', 'INVALID_REQUEST', input, [{ vendor: info.vendor, attempt }], isObject);
          stopIfSettled(signal);
          // Each attempt's hooks start from the caller's request; a changed one is validated again (a hook
          // cannot send what the boundary refuses). The caller's signal and hooks stay the request's.
          const checked = changed === input ? run.checked : checkRequest({ ...changed, signal: undefined, hooks: undefined });
          resolved = resolveFor(checked, defaults, info, context);
          await gate?.(resolved, info);
        } else if (!resolved) {
          resolved = resolveFor(run.checked, defaults, info, context);
          await gate?.(resolved, info);
        }
        stopIfSettled(signal);
        state.attempts = attempt;
        emit?.('attempt', { attempt, ...(attempt === 1 && { queued }) });
        let reading: Reading;
        try {
          reading = await attemptOnce(adapter, resolved, info, signal, attemptMs, attempt, input.schema);
        } catch (error) {
          // A settled request ends here, whatever the attempt said.
          stopIfSettled(signal);
          reading = { ok: false, error: asBridgeError(error) };
        }
        stopIfSettled(signal);
        if (reading.ok) {
          reading.response.attempts = attempt;
          reading.response.elapsed = Date.now() - run.started;
          return hooks?.afterResponse ? await runHooks(hooks, 'afterResponse', 'INVALID_RESPONSE', reading.response, [input], isObject) : reading.response;
        }
        const delay = retryDelay(policy, resolved.method, attempt, reading.error, reading.retryAfter);
        if (delay === undefined) throw finalError(reading.error, policy, resolved.method);
        if (hooks?.beforeRetry) {
          // Any hook returning false cancels the retry; one that throws fails the request.
          let go = true;
          await runHooks(hooks, 'beforeRetry', reading.error.code, { error: reading.error, attempt, delay }, [], (next) => (go &&= next !== false, false));
          if (!go) throw reading.error;
        }
        emit?.('retry', { attempt, code: reading.error.code, delay, ...(reading.error.status !== undefined && { status: reading.error.status }) });
        await pause(delay, signal);
      }
    } finally {
      release();
    }
  }

  /** One attempt: send (never with an aborted signal), within `attemptMs` when set, and read the answer. */
  function attemptOnce(
    adapter: Adapter,
    resolved: ResolvedRequest,
    info: HostInfo,
    signal: AbortSignal,
    attemptMs: number | undefined,
    attempt: number,
    schema: BridgeRequest['schema'],
  ): Promise<Reading> {
    // Called right after the pipeline's own check, with a signal no stop has fired yet (settleFirst makes a
    // fresh one, and rejects at once if the request's was already aborted).
    const send = async (attemptSignal: AbortSignal): Promise<Reading> =>
      readAnswer(await adapter.send(resolved, attemptSignal), resolved, info.vendor, schema);
    if (attemptMs === undefined) return send(signal);
    return settleFirst(send, {
      deadline: { ms: attemptMs, error: () => new BridgeError('TIMEOUT', `attempt ${attempt} had no answer within its attemptTimeout of ${attemptMs} ms`), deadlines },
      signal,
      onAbort: (parent) => parent.reason as BridgeError,
    });
  }

  const bridge: GatedBridge = {
    ready,
    request: ((input: BridgeRequest) => request(input)) as Bridge['request'],
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
  return bridge as Bridge<Names>;
}

interface Progress {
  attempts: number;
  /**
   * `queue` while waiting for a concurrency slot; `init` until the host is ready (a deadline then means the
   * host never came up, not a slow answer); then `send`.
   */
  phase: 'queue' | 'init' | 'send';
}

function requestTimeout(ms: number, { phase, attempts }: Progress): BridgeError {
  const tried = phase === 'queue' ? ', all of it waiting for a concurrency slot' : attempts > 1 ? `, ${attempts} attempts` : '';
  return new BridgeError('TIMEOUT', `no answer within the request's timeout of ${ms} ms${tried}`);
}

/**
 * The error a request ends with. `retryable` says whether trying again later is both useful and safe: a 503
 * to a POST is transient, but the bridge will not repeat a POST, and neither should the widget blindly.
 */
function finalError(error: BridgeError, policy: RetryPolicy, method: string): BridgeError {
  if (!error.retryable || policy.methods.includes(method as never)) return error;
  return new BridgeError(error.code, error.message, { ...fieldsOf(error), retryable: false });
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
    return `detect() threw: ${describeThrown(error)}`;
  }
}

async function startHost(adapter: Adapter, lifetime: AbortSignal): Promise<HostInfo> {
  try {
    const info = await adapter.init?.(lifetime);
    return info ?? { vendor: adapter.vendor, capabilities: adapter.capabilities };
  } catch (error) {
    if (isBridgeError(error)) throw error;
    throw asBridgeError(error, 'the host failed to initialise');
  }
}

function resolveFor(checked: CheckedRequest, defaults: BridgeDefaults, info: HostInfo, context: RequestContext): ResolvedRequest {
  const resolved = resolveRequest(checked, defaults, info.vendor, info.capabilities);
  if (resolved.connection !== checked.input.connection) context.connection = `${checked.input.connection} (${resolved.connection})`;
  context.method = resolved.method;
  return resolved;
}

function notReady(adapter: Adapter, ms: number): BridgeError {
  return adapter.notReady?.(ms) ?? new BridgeError('CONNECTOR_ERROR', `the host did not become ready within ${ms} ms`);
}

/**
 * At most `limit` requests hold a slot; the rest wait in call order. A waiting request that is settled
 * (deadline, abort, destroy) leaves the queue. Without a limit, taking a slot costs nothing.
 */
function concurrency(limit: number) {
  const free = () => {};
  if (limit === Infinity) return { take: (_signal: AbortSignal) => free };
  let active = 0;
  const waiting: Array<() => void> = [];
  const slot = () => {
    active++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      active--;
      waiting.shift()?.();
    };
  };
  return {
    take(signal: AbortSignal): Promise<() => void> | (() => void) {
      if (active < limit) return slot();
      return new Promise<() => void>((resolve, reject) => {
        const start = () => {
          signal.removeEventListener('abort', leave);
          resolve(slot());
        };
        const leave = () => {
          waiting.splice(waiting.indexOf(start), 1);
          reject(signal.reason);
        };
        waiting.push(start);
        signal.addEventListener('abort', leave, { once: true });
      });
    },
  };
}

/** `debug: true` prints one line per event; a function gets the events; false costs nothing per request. */
function logger(debug: BridgeDefaults['debug']): ((event: DebugEvent) => void) | undefined {
  if (typeof debug === 'function') return debug as (event: DebugEvent) => void;
  if (!debug) return undefined;
  return (event) => {
    const { id, type, method, connection, vendor, elapsed, ...rest } = event;
    const details = Object.entries(rest).map(([key, value]) => `${key}=${String(value)}`);
    console.debug(`[widget-bridge] #${id} ${method} ${connection}${vendor ? ` via ${vendor}` : ''} ${type} ${[...details, `${elapsed}ms`].join(' ')}`);
  };
}

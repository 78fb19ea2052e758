// The one request lifecycle of every bridge, createBridge's and parentBridge's alike:
// check -> host ready -> beforeRequest -> prepare for that host -> (the host frame's gate) -> a slot -> send ->
// read (status, schema) -> afterResponse, retried per the policy, all within one deadline, the caller's signal
// and the bridge's lifetime; a failure then goes through beforeError within what is left of that deadline.
// Settled means settled: after every await the run stops if the caller has been answered, so nothing reaches
// a transport afterwards. What differs between the clients is their Plan: how a request is checked and
// prepared, and the transports that carry it (an adapter's SDK call, the iframe channel).
import { abortedError as aborted, deadlines as makeDeadlines, destroyedError as destroyed, pause, settleFirst, stopIfSettled, type InFlight } from './deadline.js';
import { asBridgeError, BridgeError, describeThrown, fieldsOf, isBridgeError, withContext, type RequestContext } from './errors.js';
import { isObject, joinHooks, runHooks } from './hooks.js';
import { defaultMethod, isMethod } from './methods.js';
import type { Reading } from './response.js';
import type { Retrying } from './retry.js';
import type { TakeSlot } from './slots.js';
import { parseWithSchema, type StandardSchemaV1 } from './standard-schema.js';
import type {
  Adapter,
  AdapterResponse,
  Bridge,
  BridgeHooks,
  BridgeRequest,
  BridgeResponse,
  DebugEvent,
  Detection,
  HostInfo,
  HttpMethod,
} from './types.js';

/** What carries a prepared request to the host: an adapter (`P` = ResolvedRequest), or the iframe channel. */
export type Transport<P> = Omit<Adapter, 'send'> & { send(request: P, signal: AbortSignal): Promise<AdapterResponse> };

/** A request past its check: the fields the lifecycle reads itself (timeouts, signal, schema, retry, hooks) are valid. */
export interface Checked {
  request: {
    timeout?: number | undefined;
    attemptTimeout?: number | undefined;
    signal?: AbortSignal | undefined;
    schema?: unknown;
    responseType?: 'json' | 'text' | undefined;
    retry?: number | import('./types.js').RetryOptions | undefined;
    hooks?: unknown;
  };
}

/** What the host frame's policy judges (iframe/policy.ts): the request as the SDK will receive it. */
export interface PolicyView {
  /** The host's own connection name. */
  connection: string;
  /** As sent: POST for a composite request. */
  method: HttpMethod;
  /** The url as prepared, its slots filled or not yet; absent where the connector holds it. */
  url?: string;
  pathParams: Record<string, string | number>;
  query: ReadonlyArray<[string, string]>;
  /** The headers the widget itself set. */
  headers: Record<string, string>;
  composite: boolean;
  /** Judged as written, by a frame that passes the request on unresolved (a relay). */
  written?: boolean;
}

export interface Prepared<P> {
  request: P;
  /** What the policy judges; without it, the request is judged as written (gate.written). */
  view?: PolicyView | undefined;
  /** For messages: the method as sent and the connection's name (the widget's own, for a widget's request). */
  method: string;
  connection: string;
  /** Host-side values (its own connection name, an entry's url) that no error crossing to a widget may carry. */
  secrets?: string[] | undefined;
}

export interface Plan<C extends Checked, P> {
  transports: ReadonlyArray<Transport<P>>;
  /** The bridge's defaults. */
  timeout: number;
  attemptTimeout: number | undefined;
  hooks: BridgeHooks;
  /**
   * What only some bridges do, given rather than imported so that one without them ships none of it: retries
   * run here (createBridge; parentBridge's run in the host frame), `concurrency`, `debug`.
   */
  retry?: Retrying | undefined;
  slots?: TakeSlot | undefined;
  log?: ((event: DebugEvent) => void) | undefined;
  /** An answer as a Reading (status, body): the adapter's read by the core, or one a host frame already read. */
  read(answer: AdapterResponse, vendor: string, responseType: 'json' | 'text' | undefined): Reading;
  /** Throws INVALID_REQUEST. `widget`: the request comes from a widget frame, bounded by this bridge's settings. */
  check(input: unknown, widget: boolean): C;
  /**
   * For the host in use; throws UNSUPPORTED, INVALID_REQUEST, path parameter errors, FORBIDDEN. `written`: the
   * request as the caller (a widget) sent it, before this bridge's own hooks changed it.
   */
  prepare(checked: C, host: HostInfo, widget: boolean, written: C): Prepared<P>;
  /** The request with the url the gate judged in place of its own. */
  withUrl(request: P, url: string): P;
}

/**
 * Internal to the package: how exposeBridge runs a widget's request through a bridge's own lifecycle. The
 * request is a widget's (bounded by this bridge's settings, errors naming only what it sent), and `gate`
 * judges each prepared request before anything is sent: it throws FORBIDDEN, or gives the url to send (the
 * one it judged). Symbol.for: another copy of the library (a UMD beside the ESM) agrees.
 */
export const RUN_GATED = Symbol.for('widget-bridge.run-gated');
export interface Gate {
  (view: PolicyView, host: HostInfo): string | undefined | Promise<string | undefined>;
  /** The view of a request that goes on as written (a relay's parentBridge). */
  written(request: unknown): PolicyView;
}
export interface GatedBridge extends Bridge {
  [RUN_GATED](input: unknown, gate: Gate): Promise<BridgeResponse>;
}

interface Progress {
  attempts: number;
  /** Attempts made downstream by the last answer (the iframe channel's host runs its own). */
  downstream: number;
  /** `init` until the host is ready (a deadline then means it never came up), `queue` for a slot, then `send`. */
  phase: 'init' | 'queue' | 'send';
  method: string;
  secrets?: string[] | undefined;
}

export function lifecycle<C extends Checked, P>(plan: Plan<C, P>): GatedBridge {
  // Aborts transports' init on destroy; requests in flight are failed through `inFlight`.
  const lifetime = new AbortController();
  const inFlight: InFlight = new Set();
  const deadlines = makeDeadlines();
  const host = hostSelection(plan.transports, lifetime.signal);
  const { retry, slots, log } = plan;
  let lastId = 0;

  async function ready(): Promise<HostInfo> {
    let label = 'ready';
    try {
      if (lifetime.signal.aborted) throw destroyed();
      const transport = host.choose();
      label = `ready via ${transport.vendor}`;
      return await settleFirst(() => host.info(transport), {
        deadline: { ms: plan.timeout, error: () => notReady(transport, plan.timeout), deadlines },
        onAbort: aborted,
        inFlight,
      });
    } catch (error) {
      throw withContext(asBridgeError(error), label);
    }
  }

  async function request(input: unknown, gate?: Gate): Promise<BridgeResponse> {
    const started = Date.now();
    const context: RequestContext = roughContext(input);
    const state: Progress = { attempts: 0, downstream: 0, phase: 'init', method: context.method };
    const id = ++lastId;
    const emit = log && ((type: DebugEvent['type'], more: Partial<DebugEvent> = {}) => log({ id, type, ...context, elapsed: Date.now() - started, ...more }));
    let checked: C | undefined;
    let hooks: BridgeHooks | undefined;
    let ms = plan.timeout;
    try {
      if (lifetime.signal.aborted) throw destroyed();
      const transport = host.choose();
      context.vendor = transport.vendor;
      checked = plan.check(input, gate !== undefined);
      hooks = joinHooks(plan.hooks, checked.request.hooks as BridgeHooks | undefined);
      emit?.('start');
      ms = checked.request.timeout ?? plan.timeout;
      const run: Run<C, P> = { transport, input, checked, context, state, hooks, gate, emit, started };
      const response = await settleFirst((signal) => attempts(run, signal), {
        deadline: { ms, error: () => (state.phase === 'init' ? notReady(transport, ms) : requestTimeout(ms, state)), deadlines },
        signal: checked.request.signal,
        onAbort: aborted,
        inFlight,
      });
      emit?.('response', { status: response.status, attempt: state.attempts });
      return response;
    } catch (thrown) {
      let error = finish(thrown, context, state, checked, started);
      if (gate && state.secrets) error = redacted(error, state.secrets);
      if (hooks?.beforeError) error = await beforeError(hooks, error, input, context, checked, started + ms);
      emit?.('error', { code: error.code, attempt: state.attempts, ...(error.status !== undefined && { status: error.status }) });
      throw error;
    }
  }

  interface Run<C2, P2> {
    transport: Transport<P2>;
    input: unknown;
    checked: C2;
    context: RequestContext;
    state: Progress;
    hooks: BridgeHooks | undefined;
    gate: Gate | undefined;
    emit: ((type: DebugEvent['type'], more?: Partial<DebugEvent>) => void) | undefined;
    started: number;
  }

  /** Every attempt of one request, inside its deadline; `signal` aborts when the caller has been answered. */
  async function attempts(run: Run<C, P>, signal: AbortSignal): Promise<BridgeResponse> {
    const { transport, input, context, state, hooks, gate, emit } = run;
    const { request: checkedRequest } = run.checked;
    const policy = retry?.policy(checkedRequest.retry);
    const attemptMs = checkedRequest.attemptTimeout ?? plan.attemptTimeout;
    let prepared: Prepared<P> | undefined;
    for (let attempt = 1; ; attempt++) {
      const info = await host.info(transport);
      stopIfSettled(signal);
      state.phase = 'send';
      context.vendor = info.vendor;
      if (hooks?.beforeRequest || !prepared) {
        let checked = run.checked;
        if (hooks?.beforeRequest) {
          const changed = await runHooks(hooks, 'beforeRequest', 'INVALID_REQUEST', input, [{ vendor: info.vendor, attempt }], isObject);
          stopIfSettled(signal);
          // Each attempt's hooks start from the caller's request; a changed one is checked again (a hook cannot
          // send what the boundary refuses). The caller's signal and hooks stay the request's.
          if (changed !== input) checked = plan.check({ ...(changed as object), signal: undefined, hooks: undefined }, gate !== undefined);
        }
        prepared = plan.prepare(checked, info, gate !== undefined, run.checked);
        state.secrets = prepared.secrets;
        context.method = state.method = prepared.method;
        context.connection = prepared.connection;
        const url = gate && (await gate(prepared.view ?? gate.written(prepared.request), info));
        if (url !== undefined) prepared = { ...prepared, request: plan.withUrl(prepared.request, url) };
      }
      stopIfSettled(signal);
      state.phase = 'queue';
      const waited = Date.now();
      // Awaited only when the call must wait for a slot: a tick less per request without a limit.
      const taken = slots?.(signal) ?? free;
      const release = typeof taken === 'function' ? taken : await taken;
      if (signal.aborted) release();
      stopIfSettled(signal);
      state.phase = 'send';
      state.attempts = attempt;
      emit?.('attempt', { attempt, ...(attempt === 1 && { queued: Date.now() - waited }) });
      let reading: Reading;
      try {
        reading = await attemptOnce(transport, prepared.request, info, signal, attemptMs, attempt, checkedRequest, release);
      } catch (error) {
        // A settled request ends here, whatever the attempt said.
        stopIfSettled(signal);
        reading = { ok: false, error: asBridgeError(error) };
      }
      stopIfSettled(signal);
      state.downstream = (reading.ok ? reading.response.attempts : reading.error.attempts) ?? 0;
      if (reading.ok) {
        reading.response.attempts = attempt - 1 + (state.downstream || 1);
        reading.response.elapsed = Date.now() - run.started;
        return hooks?.afterResponse ? await runHooks(hooks, 'afterResponse', 'INVALID_RESPONSE', reading.response, [input], isObject) : reading.response;
      }
      const delay = policy && retry?.delay(policy, state.method, attempt, reading.error, reading.retryAfter);
      if (delay === undefined) throw reading.error;
      if (hooks?.beforeRetry) {
        // Any hook returning false cancels the retry; one that throws fails the request.
        let go = true;
        await runHooks(hooks, 'beforeRetry', reading.error.code, { error: reading.error, attempt, delay }, [], (next) => ((go &&= next !== false), false));
        if (!go) throw reading.error;
      }
      emit?.('retry', { attempt, code: reading.error.code, delay, ...(reading.error.status !== undefined && { status: reading.error.status }) });
      await pause(delay, signal);
    }
  }

  /**
   * One attempt: send (never with an aborted signal), within `attemptMs` when set, and read the answer. The
   * concurrency slot is released when the transport's call settles, not when the attempt gives up on it: an
   * SDK that cannot cancel still holds its call (`concurrency` bounds calls in flight at the host).
   */
  function attemptOnce(
    transport: Transport<P>,
    prepared: P,
    info: HostInfo,
    signal: AbortSignal,
    attemptMs: number | undefined,
    attempt: number,
    { schema, responseType }: Checked['request'],
    release: () => void,
  ): Promise<Reading> {
    const send = async (attemptSignal: AbortSignal): Promise<Reading> => {
      let sending: Promise<AdapterResponse>;
      try {
        sending = transport.send(prepared, attemptSignal);
      } catch (error) {
        sending = Promise.reject(error);
      }
      sending.then(release, release);
      const reading = plan.read(await sending, info.vendor, responseType);
      if (!reading.ok || !schema) return reading;
      try {
        reading.response.data = await parseWithSchema(schema as StandardSchemaV1, reading.response.data);
        return reading;
      } catch (error) {
        return { ok: false, error: error as BridgeError };
      }
    };
    if (attemptMs === undefined) return send(signal);
    return settleFirst(send, {
      deadline: { ms: attemptMs, error: () => new BridgeError('TIMEOUT', `attempt ${attempt} had no answer within its attemptTimeout of ${attemptMs} ms`), deadlines },
      signal,
      onAbort: (parent) => parent.reason as BridgeError,
    });
  }

  /**
   * The error a request ends with: its context, attempts and elapsed time, and `retryable` as this bridge's
   * policy decides for the method as sent. An error the host frame finished (it ran the attempts) keeps its verdict.
   */
  function finish(thrown: unknown, context: RequestContext, state: Progress, checked: C | undefined, started: number): BridgeError {
    const error = withContext(asBridgeError(thrown), context);
    const fields = fieldsOf(error);
    fields.attempts = state.attempts === 0 ? 0 : state.attempts - 1 + (error.attempts || 1);
    fields.elapsed = Date.now() - started;
    // Without retries here, the host frame's verdict stands (an error made here is not retryable).
    if (retry && !checked?.request.signal?.aborted) fields.retryable = retry.retries(retry.policy(checked?.request.retry), state.method, error);
    return new BridgeError(error.code, error.message, fields);
  }

  /**
   * beforeError, bounded like every hook by the request: by what is left of its deadline (a request that timed
   * out gives its hooks until the next turn of the event loop), the caller's signal and destroy(). A hook that
   * throws replaces the error with its own; one that does not finish in time leaves the error as it was.
   */
  function beforeError(hooks: BridgeHooks, error: BridgeError, input: unknown, context: RequestContext, checked: C | undefined, deadline: number): Promise<BridgeError> {
    const hooked = () => runHooks(hooks, 'beforeError', error.code, error, [input], isBridgeError).catch((failure: BridgeError) => failure);
    return settleFirst(hooked, {
      deadline: { ms: Math.max(0, deadline - Date.now()), error: () => error, deadlines },
      signal: checked?.request.signal,
      onAbort: aborted,
      inFlight,
    }).then(
      (hookedError) => withContext(hookedError, context),
      (stopped: BridgeError) => stopped,
    );
  }

  return {
    ready,
    request: ((input: BridgeRequest) => request(input)) as Bridge['request'],
    [RUN_GATED]: request,
    destroy() {
      if (lifetime.signal.aborted) return;
      lifetime.abort();
      const error = destroyed();
      for (const fail of [...inFlight]) fail(error);
      deadlines.clear();
      host.chosen()?.destroy?.();
    },
  };
}

function requestTimeout(ms: number, { phase, attempts }: Progress): BridgeError {
  const tried = phase === 'queue' && attempts === 0 ? ', all of it waiting for a concurrency slot' : attempts > 1 ? `, ${attempts} attempts` : '';
  return new BridgeError('TIMEOUT', `no answer within the request's timeout of ${ms} ms${tried}`);
}

function notReady(transport: Transport<unknown>, ms: number): BridgeError {
  return transport.notReady?.(ms) ?? new BridgeError('CONNECTOR_ERROR', `the host did not become ready within ${ms} ms`);
}

/** Method and connection for messages before the check passed, if they are usable; never throws. */
function roughContext(input: unknown): RequestContext {
  let method: unknown;
  let connection: unknown;
  let composite: unknown;
  try {
    ({ method, connection, composite } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>);
  } catch {
    // A hostile input: the check reports it.
  }
  return {
    method: isMethod(method) ? method : defaultMethod(composite),
    connection: typeof connection === 'string' && connection.length <= 100 ? connection : '(no connection)',
  };
}

/** The first transport whose host is present (kept once found), and its one shared `init`. */
function hostSelection<P>(transports: ReadonlyArray<Transport<P>>, lifetime: AbortSignal) {
  let chosen: Transport<P> | undefined;
  let info: Promise<HostInfo> | undefined;
  return {
    chosen: () => chosen,
    choose(): Transport<P> {
      if (chosen) return chosen;
      const refusals: string[] = [];
      for (const transport of transports) {
        const verdict = detect(transport);
        if (verdict === true) return (chosen = transport);
        refusals.push(`${transport.vendor}: ${verdict}`);
      }
      throw new BridgeError('NO_HOST', `no adapter found its host. ${refusals.join('; ')}`);
    },
    /** One init shared by every request; if it fails, the next request starts another. */
    info(transport: Transport<P>): Promise<HostInfo> {
      info ??= startHost(transport, lifetime).catch((error: unknown) => {
        info = undefined;
        throw error;
      });
      return info;
    },
  };
}

function detect(transport: Transport<unknown>): Detection {
  try {
    return transport.detect();
  } catch (error) {
    return `detect() threw: ${describeThrown(error)}`;
  }
}

async function startHost(transport: Transport<unknown>, lifetime: AbortSignal): Promise<HostInfo> {
  try {
    const info = await transport.init?.(lifetime);
    return info ?? { vendor: transport.vendor, capabilities: transport.capabilities };
  } catch (error) {
    throw asBridgeError(error, 'the host failed to initialise');
  }
}

const free = (): void => {};

/**
 * A widget's error without the host's own values: an SDK's message may name the host's connection or its url
 * (`Connection "crm_prod" is not configured`). They are masked in the message and detail, and a `cause` that
 * holds one stays in the host frame.
 */
function redacted(error: BridgeError, secrets: string[]): BridgeError {
  const mask = (text: string | undefined) => secrets.reduce((masked, secret) => masked?.split(secret).join('(the host\'s)'), text);
  const fields = fieldsOf(error);
  let cause = '';
  try {
    cause = JSON.stringify(error.toJSON().cause) ?? '';
  } catch {
    // Unreadable: dropped below with the rest.
  }
  if (secrets.some((secret) => cause.includes(secret))) delete fields.cause;
  if (fields.detail !== undefined) fields.detail = mask(fields.detail);
  return new BridgeError(error.code, mask(error.message) as string, fields);
}

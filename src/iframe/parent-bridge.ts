// A nested-only widget's Bridge: the host frame runs the one pipeline (validation, connections, defaults,
// policy, retries); this side keeps what only the widget can do: the handshake, its own deadline, abort (the
// host is told to stop), liveness, the response `schema`, and refusing a value that cannot be sent. No zod,
// no adapters: see the README's "A widget in a nested iframe" for when to use parentFrame() instead.
import { abortedError as aborted, destroyedError, MAX_TIMEOUT, settleFirst } from '../deadline.js';
import type { InFlight } from '../deadline.js';
import { BridgeError, fieldsOf, isBridgeError, withContext } from '../errors.js';
import { isObject, joinHooks, runHooks } from '../hooks.js';
import type { RequestContext } from '../errors.js';
import { parseWithSchema, type StandardSchemaV1 } from '../standard-schema.js';
import type { Bridge, BridgeHooks, BridgeRequest, BridgeResponse, HostInfo } from '../types.js';
import { hostChannel } from './host-channel.js';
import { checkAllowedOrigins } from './origins.js';
import type { WireAnswer } from './protocol.js';
import { writtenToWire } from './written-wire.js';

export interface ParentBridgeOptions {
  /** The host frame's origins (required; no '*' default). RegExps must be anchored with ^ and $. */
  allowedOrigins: Array<string | RegExp>;
  /** Per request in ms, the handshake included, unless the request says otherwise. Default 30 000. */
  timeout?: number;
  /**
   * While requests are pending and the host is silent, it is pinged every `heartbeat` ms; one silent for as
   * long again is taken for gone (CHANNEL_ERROR). Default 2 000.
   */
  heartbeat?: number;
  /** The host window, when it is not `window.parent` (e.g. `window.opener` for a window the host opened). */
  targetWindow?: Window;
  /**
   * Hooks that run in this frame (per request too, after these): `beforeRequest` once, before the request
   * leaves (the host validates what it returns), `afterResponse` and `beforeError`. Retries run in the host
   * frame, so `beforeRetry` is refused: use createBridge() + parentFrame() for a widget that retries itself.
   */
  hooks?: Omit<BridgeHooks, 'beforeRetry'>;
}

export function parentBridge(options: ParentBridgeOptions): Bridge {
  const allowedOrigins = checkAllowedOrigins(options?.allowedOrigins, 'parentBridge()');
  const target = () => options.targetWindow ?? (window.parent !== window ? window.parent : undefined);
  const timeout = options.timeout ?? 30_000;
  const channel = hostChannel({ target, allowedOrigins, timeout, heartbeat: options.heartbeat ?? 2_000 });
  const deadlines = sweptDeadlines();
  const inFlight: InFlight = new Set();
  const bridgeHooks: BridgeHooks = options.hooks ?? {};
  let destroyed = false;


  async function request(input: BridgeRequest): Promise<BridgeResponse> {
    const started = Date.now();
    const context: RequestContext = { method: methodOf(input), connection: connectionOf(input) };
    let hooks: BridgeHooks | undefined;
    try {
      if (destroyed) throw destroyedError();
      hooks = joinHooks(bridgeHooks, input?.hooks as BridgeHooks | undefined);
      if (hooks?.beforeRetry) throw new BridgeError('INVALID_REQUEST', 'hooks.beforeRetry: retries run in the host frame');
      // An unsendable value fails before anything starts; with beforeRequest hooks, once they have run.
      let wire = hooks?.beforeRequest ? undefined : writtenToWire(input);
      const ms = isTimeout(input.timeout) ? input.timeout : timeout;
      let connected = false;
      const answer = await settleFirst(
        async (signal): Promise<WireAnswer> => {
          const host = channel.host ?? (await channel.connect()).host;
          context.vendor = host.vendor;
          connected = true;
          if (!wire) {
            const changed = await runHooks(hooks as BridgeHooks, 'beforeRequest', 'INVALID_REQUEST', input, [{ vendor: host.vendor, attempt: 1 }], isObject);
            if (signal.aborted) throw signal.reason;
            wire = writtenToWire(changed);
          }
          return channel.request(wire, signal);
        },
        {
          deadline: { ms, error: () => (connected ? new BridgeError('TIMEOUT', `no answer in ${ms} ms`) : channel.notReady(ms)), deadlines },
          signal: input.signal,
          onAbort: aborted,
          inFlight,
        },
      );
      if (!answer.ok) throw BridgeError.fromJSON(answer.error);
      const response = await responseOf(answer.response, input.schema, started);
      return hooks?.afterResponse ? await runHooks(hooks, 'afterResponse', 'INVALID_RESPONSE', response, [input], isObject) : response;
    } catch (error) {
      const failed = withContext(isBridgeError(error) ? error : new BridgeError('CHANNEL_ERROR', String(error), { cause: error }), context);
      // As on any bridge: the attempts (the host's, when it answered) and the time since this call.
      let final = new BridgeError(failed.code, failed.message, { ...fieldsOf(failed), attempts: failed.attempts ?? 1, elapsed: Date.now() - started });
      if (hooks?.beforeError) {
        // A hook that throws replaces the error with its own, of the same code.
        final = withContext(await runHooks(hooks, 'beforeError', final.code, final, [input], isBridgeError).catch((thrown: BridgeError) => thrown), context);
      }
      throw final;
    }
  }

  return {
    async ready(): Promise<HostInfo> {
      try {
        if (destroyed) throw destroyedError();
        return await settleFirst(() => channel.connect().then((live) => live.host), {
          deadline: { ms: timeout, error: () => channel.notReady(timeout), deadlines },
          onAbort: aborted,
          inFlight,
        });
      } catch (error) {
        throw withContext(error as BridgeError, 'ready via parent-frame');
      }
    },
    request: <T>(input: BridgeRequest<T>) => request(input) as Promise<BridgeResponse<T>>,
    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      const error = destroyedError();
      for (const fail of [...inFlight]) fail(error);
      deadlines.clear();
      channel.destroy();
    },
  };
}

/**
 * Deadlines on one timer, armed for the earliest: a timer per request costs a browser microseconds to set and
 * clear, and the core's Deadlines (per-duration queues) would cost a nested widget 0.5 KB gzipped. Requests
 * with one timeout arrive in deadline order, so the timer is re-armed only when it fires (a sweep).
 */
function sweptDeadlines() {
  const pending = new Set<{ at: number; fire: () => void }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedAt = Infinity;
  const arm = (at: number) => {
    clearTimeout(timer);
    armedAt = at;
    timer = setTimeout(sweep, at - Date.now());
  };
  const sweep = () => {
    const now = Date.now();
    let next = Infinity;
    armedAt = Infinity;
    for (const deadline of pending) {
      if (deadline.at > now) next = Math.min(next, deadline.at);
      else {
        pending.delete(deadline);
        deadline.fire();
      }
    }
    if (next < Infinity) arm(next);
  };
  return {
    add(ms: number, fire: () => void) {
      const deadline = { at: Date.now() + ms, fire };
      pending.add(deadline);
      if (deadline.at < armedAt) arm(deadline.at);
      return () => void pending.delete(deadline);
    },
    clear() {
      clearTimeout(timer);
      pending.clear();
    },
  };
}

/** The host's answer as a BridgeResponse, its data checked with the widget's schema (any Standard Schema). */
async function responseOf(wire: Extract<WireAnswer, { ok: true }>['response'], schema: StandardSchemaV1 | undefined, started: number): Promise<BridgeResponse> {
  if (typeof wire !== 'object' || wire === null || typeof wire.status !== 'number') {
    throw new BridgeError('INVALID_RESPONSE', 'the host frame sent an answer this version cannot read');
  }
  const response = { ...wire, headers: wire.headers ?? {}, attempts: wire.attempts ?? 1, elapsed: Date.now() - started } as BridgeResponse;
  if (schema) response.data = await parseWithSchema(schema, response.data);
  return response;
}

const isTimeout = (ms: unknown): ms is number => typeof ms === 'number' && Number.isInteger(ms) && ms > 0 && ms <= MAX_TIMEOUT;

// For messages only: the host validates the request.
const methodOf = (input: BridgeRequest | null): string => (typeof input?.method === 'string' ? input.method.slice(0, 10) : input?.composite === true ? 'POST' : 'GET');
const connectionOf = (input: BridgeRequest | null): string => (typeof input?.connection === 'string' ? input.connection.slice(0, 100) : '(no connection)');

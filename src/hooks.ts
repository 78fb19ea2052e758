// The four hook lists of a bridge and of a request, run in order as in ky. Shared by createBridge and the
// thin iframe client, so it carries no validation of its own: each caller passes how to check a request.
import { BridgeError, describeThrown, isBridgeError, type BridgeErrorCode } from './errors.js';
import type { BridgeHooks, BridgeRequest, BridgeResponse, HookContext, RetryState } from './types.js';

type Stage = keyof BridgeHooks;

/** The bridge's hooks, then the request's, per list; undefined when there are none at all (the common case). */
export function joinHooks(bridge: BridgeHooks, request: BridgeHooks | undefined): BridgeHooks | undefined {
  if (!request) return hasHooks(bridge) ? bridge : undefined;
  const joined: BridgeHooks = {};
  for (const stage of ['beforeRequest', 'afterResponse', 'beforeError', 'beforeRetry'] as const) {
    const list = [...(bridge[stage] ?? []), ...(request[stage] ?? [])];
    if (list.length > 0) (joined as Record<Stage, unknown[]>)[stage] = list;
  }
  return hasHooks(joined) ? joined : undefined;
}

function hasHooks(hooks: BridgeHooks): boolean {
  return Boolean(hooks.beforeRequest?.length || hooks.afterResponse?.length || hooks.beforeError?.length || hooks.beforeRetry?.length);
}

type AnyHook = (...args: never[]) => unknown;

/**
 * Runs each hook of `stage` through `call`; one that throws fails the request with `code`, naming the hook
 * (its place in the list, and its function name if it has one) and keeping what it threw as `cause`.
 */
async function each<T>(stage: Stage, code: BridgeErrorCode, list: AnyHook[] | undefined, value: T, call: (hook: AnyHook, value: T) => unknown, accept: (next: unknown) => T | undefined): Promise<T> {
  for (const [i, hook] of (list ?? []).entries()) {
    let next: unknown;
    try {
      next = await call(hook, value);
    } catch (error) {
      if (isBridgeError(error)) throw error;
      throw new BridgeError(code, `${stage} hook ${i + 1}${hook.name ? ` (${hook.name})` : ''} threw: ${describeThrown(error)}`, { cause: error });
    }
    value = accept(next) ?? value;
  }
  return value;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
type Call = (...args: unknown[]) => unknown;

export function beforeRequest(hooks: BridgeHooks, request: BridgeRequest, context: HookContext): Promise<BridgeRequest> {
  return each('beforeRequest', 'INVALID_REQUEST', hooks.beforeRequest, request, (hook, current) => (hook as Call)(current, context), (next) =>
    isObject(next) ? (next as BridgeRequest) : undefined,
  );
}

export function afterResponse<T>(hooks: BridgeHooks, response: BridgeResponse<T>, request: BridgeRequest): Promise<BridgeResponse<T>> {
  return each('afterResponse', 'INVALID_RESPONSE', hooks.afterResponse, response, (hook, current) => (hook as Call)(current, request), (next) =>
    isObject(next) ? (next as BridgeResponse<T>) : undefined,
  );
}

/** A hook that throws here replaces the error with its own, of the same code. */
export async function beforeError(hooks: BridgeHooks, error: BridgeError, request: BridgeRequest): Promise<BridgeError> {
  try {
    return await each('beforeError', error.code, hooks.beforeError, error, (hook, current) => (hook as Call)(current, request), (next) =>
      isBridgeError(next) ? next : undefined,
    );
  } catch (failure) {
    return failure as BridgeError;
  }
}

/** False when a hook returned false (the hooks after it do not run); a hook that throws fails the request. */
export async function beforeRetry(hooks: BridgeHooks, state: RetryState): Promise<boolean> {
  let go = true;
  await each('beforeRetry', state.error.code, hooks.beforeRetry, state, async (hook, current) => {
    if (go && (await (hook as Call)(current)) === false) go = false;
  }, () => undefined);
  return go;
}

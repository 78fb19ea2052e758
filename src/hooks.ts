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

/** Runs each hook of `stage`; one that throws fails the request with `code`, naming the hook and keeping `cause`. */
async function each<T>(stage: Stage, code: BridgeErrorCode, list: Array<(value: T) => unknown> | undefined, value: T, accept: (next: unknown) => T | undefined): Promise<T> {
  for (const [i, hook] of (list ?? []).entries()) {
    let next: unknown;
    try {
      next = await hook(value);
    } catch (error) {
      if (isBridgeError(error)) throw error;
      throw new BridgeError(code, `${stage} hook ${i + 1}${hook.name ? ` (${hook.name})` : ''} threw: ${describeThrown(error)}`, { cause: error });
    }
    value = accept(next) ?? value;
  }
  return value;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

export function beforeRequest(hooks: BridgeHooks, request: BridgeRequest, context: HookContext): Promise<BridgeRequest> {
  const list = hooks.beforeRequest?.map((hook) => (current: BridgeRequest) => hook(current, context));
  return each('beforeRequest', 'INVALID_REQUEST', list, request, (next) => (isObject(next) ? (next as BridgeRequest) : undefined));
}

export function afterResponse<T>(hooks: BridgeHooks, response: BridgeResponse<T>, request: BridgeRequest): Promise<BridgeResponse<T>> {
  const list = hooks.afterResponse?.map((hook) => (current: BridgeResponse<T>) => hook(current as BridgeResponse, request));
  return each('afterResponse', 'INVALID_RESPONSE', list, response, (next) => (isObject(next) ? (next as BridgeResponse<T>) : undefined));
}

/** A hook that throws here replaces the error with its own, of the same code. */
export async function beforeError(hooks: BridgeHooks, error: BridgeError, request: BridgeRequest): Promise<BridgeError> {
  const list = hooks.beforeError?.map((hook) => (current: BridgeError) => hook(current, request));
  try {
    return await each('beforeError', error.code, list, error, (next) => (isBridgeError(next) ? next : undefined));
  } catch (failure) {
    return failure as BridgeError;
  }
}

/** False when a hook returned false; a hook that throws fails the request with the error being retried's code. */
export async function beforeRetry(hooks: BridgeHooks, state: RetryState): Promise<boolean> {
  let go = true;
  const list = hooks.beforeRetry?.map((hook) => async (current: RetryState) => {
    if ((await hook(current)) === false) go = false;
  });
  await each('beforeRetry', state.error.code, go ? list : undefined, state, () => undefined);
  return go;
}

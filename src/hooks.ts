// The four hook lists of a bridge and of a request, run in order as in ky. Shared by createBridge and the
// thin iframe client, so it carries no validation of its own: each caller checks what a hook returns.
import { BridgeError, describeThrown, isBridgeError, type BridgeErrorCode } from './errors.js';
import type { BridgeHooks } from './types.js';

const STAGES = ['beforeRequest', 'afterResponse', 'beforeError', 'beforeRetry'] as const;
type Stage = (typeof STAGES)[number];

/** The bridge's hooks, then the request's, per list; undefined when there are none at all (the common case). */
export function joinHooks(bridge: BridgeHooks, request: BridgeHooks | undefined): BridgeHooks | undefined {
  let joined: Record<string, unknown[]> | undefined;
  for (const stage of STAGES) {
    const list = [...(bridge[stage] ?? []), ...(request?.[stage] ?? [])];
    if (list.length > 0) (joined ??= {})[stage] = list;
  }
  return joined as BridgeHooks | undefined;
}

/**
 * Runs the hooks of `stage` on `value`, each given `value` then `extra`; a result that `accept`s replaces
 * `value`. A hook that throws fails the request with `code`, naming the hook (its place in the list, and
 * its function name if any) and keeping what it threw as `cause`; a thrown BridgeError stands as it is.
 */
export async function runHooks<T>(hooks: BridgeHooks, stage: Stage, code: BridgeErrorCode, value: T, extra: unknown[], accept: (next: unknown) => boolean): Promise<T> {
  for (const [i, hook] of ((hooks[stage] ?? []) as Array<(...args: unknown[]) => unknown>).entries()) {
    let next: unknown;
    try {
      next = await hook(value, ...extra);
    } catch (error) {
      if (isBridgeError(error)) throw error;
      throw new BridgeError(code, `${stage} hook ${i + 1}${hook.name ? ` (${hook.name})` : ''} threw: ${describeThrown(error)}`, { cause: error });
    }
    if (accept(next)) value = next as T;
  }
  return value;
}

export const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

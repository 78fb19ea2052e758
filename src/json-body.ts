// A JSON body, checked and copied in one walk. The copy is what the adapter sends: a getter read once, a
// caller that changes its object after request() changes nothing, and nothing deeper than MAX_DEPTH (a
// stack overflow is never how a bad body fails).
import { describeThrown, type BridgeIssue } from './errors.js';
import type { JsonValue } from './types.js';

/** How many objects and arrays deep a JSON body may nest; the body walk, the channel and answer reading respect it. */
export const MAX_DEPTH = 100;

export type JsonCopy = { ok: true; value: JsonValue } | { ok: false; issue: BridgeIssue };

/**
 * A plain copy of `value` as JSON, or the first place where it is not JSON: a function, a symbol, a bigint,
 * NaN, a class instance, a cycle, a getter or Proxy trap that throws, nesting past MAX_DEPTH. Undefined object
 * properties are dropped, as JSON.stringify does. Objects of the copy have no prototype, so a `__proto__`
 * key stays data. The path is built on the way out, only for a problem.
 */
export function copyJson(value: unknown): JsonCopy {
  // The keys down to the value being copied: when anything throws, it is the path of the problem.
  const path: Array<string | number> = [];
  try {
    return { ok: true, value: copy(value, path, new Set()) };
  } catch (error) {
    const message = error instanceof Problem ? error.message : `reading it threw: ${describeThrown(error)}`;
    return { ok: false, issue: { path, message } };
  }
}

class Problem {
  constructor(readonly message: string) {}
}

function copy(value: unknown, path: Array<string | number>, seen: Set<object>): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new Problem(`${value} is not a JSON number`);
  }
  if (typeof value !== 'object') throw new Problem(`${value === undefined ? 'undefined' : `a ${typeof value}`} is not a JSON value`);
  if (path.length >= MAX_DEPTH) throw new Problem(`the body is nested deeper than ${MAX_DEPTH} levels`);
  if (seen.has(value)) throw new Problem('the body refers to itself (a cycle)');
  seen.add(value);
  let result: JsonValue;
  if (Array.isArray(value)) {
    const array: JsonValue[] = (result = []);
    for (let i = 0, length = value.length; i < length; i++) {
      path.push(i);
      array.push(copy(value[i], path, seen));
      path.pop();
    }
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      throw new Problem(
        `a ${typeof name === 'string' && name ? name : 'non-plain object'} is not a JSON value: send a plain object, an array, a string, URLSearchParams or FormData`,
      );
    }
    const object: { [key: string]: JsonValue } = (result = Object.create(null));
    for (const key of Object.keys(value)) {
      path.push(key);
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) object[key] = copy(item, path, seen);
      path.pop();
    }
  }
  seen.delete(value);
  return result;
}

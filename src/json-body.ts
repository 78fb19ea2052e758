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
  const seen = new Set<object>();
  try {
    return { ok: true, value: copy(value, 0, seen) };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, issue: { path: error.path.reverse(), message: error.message } };
    throw error;
  }
}

class Problem {
  readonly path: Array<string | number> = [];
  constructor(readonly message: string) {}
}

function copy(value: unknown, depth: number, seen: Set<object>): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new Problem(`${value} is not a JSON number`);
  }
  if (typeof value !== 'object') throw new Problem(`${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`} is not a JSON value`);
  if (depth >= MAX_DEPTH) throw new Problem(`the body is nested deeper than ${MAX_DEPTH} levels`);
  if (seen.has(value)) throw new Problem('the body refers to itself (a cycle)');
  const isArray = guard(() => Array.isArray(value));
  if (!isArray && !guard(() => isPlain(value))) {
    const name = guard(() => (value as { constructor?: { name?: unknown } }).constructor?.name);
    throw new Problem(
      `a ${typeof name === 'string' && name ? name : 'non-plain object'} is not a JSON value: send a plain object, an array, a string, URLSearchParams or FormData`,
    );
  }
  seen.add(value);
  const result = isArray ? copyArray(value as unknown[], depth, seen) : copyObject(value as Record<string, unknown>, depth, seen);
  seen.delete(value);
  return result;
}

function copyArray(array: unknown[], depth: number, seen: Set<object>): JsonValue[] {
  const length = guard(() => array.length);
  const result: JsonValue[] = new Array(length);
  for (let i = 0; i < length; i++) result[i] = at(i, () => copy(array[i], depth + 1, seen));
  return result;
}

function copyObject(object: Record<string, unknown>, depth: number, seen: Set<object>): { [key: string]: JsonValue } {
  const result: { [key: string]: JsonValue } = Object.create(null);
  for (const key of guard(() => Object.keys(object))) {
    const item = at(key, () => object[key]);
    if (item !== undefined) result[key] = at(key, () => copy(item, depth + 1, seen));
  }
  return result;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Runs `read`; a throw (a getter, a Proxy trap, a revoked Proxy) becomes a Problem here. */
function guard<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Problem) throw error;
    throw new Problem(`reading it threw: ${describeThrown(error)}`);
  }
}

/** Like guard, adding `key` to the path of any problem below. */
function at<T>(key: string | number, read: () => T): T {
  try {
    return guard(read);
  } catch (error) {
    (error as Problem).path.push(key);
    throw error;
  }
}

// The emulated host's context, read and written by dotted paths (`ZFAPPS.get('invoice.total')`). A widget is
// not trusted: a path through `__proto__` would change every object of the host page (and break its later
// calls), so those segments are refused, as `constructor` and `prototype` are.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

type Record_ = Record<string, unknown>;

/** Why the host refuses `path`, or undefined. */
export function refusedPath(path: string): string | undefined {
  const bad = path.split('.').find((key) => FORBIDDEN.has(key));
  return bad === undefined ? undefined : `"${path}": "${bad}" is not a property the host keeps`;
}

/** The value at a dotted path, own properties only. */
export function readPath(from: Record_, path: string): unknown {
  if (refusedPath(path)) throw { message: refusedPath(path) };
  return path.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record_)[key] : undefined), from);
}

/** Sets the value at a dotted path, making plain objects on the way. */
export function writePath(into: Record_, path: string, value: unknown): void {
  if (refusedPath(path)) throw { message: refusedPath(path) };
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target = into;
  for (const key of keys) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record_;
  }
  target[last] = value;
}

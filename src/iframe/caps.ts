// What one widget request may weigh, checked in the host frame before anything else reads it (wire.ts). The
// host sets every limit a widget could turn against it: each count and length is capped, so an oversized
// request is INVALID_REQUEST after a walk bounded by the caps, never a frozen main thread (200 000 headers once
// cost 7 s of schema work, with every other widget's requests waiting behind them).
import type { BridgeIssue } from '../errors.js';
import { MAX_DEPTH } from '../json-body.js';

export const CAPS = {
  /** Top-level fields (a request has 15; every unknown one is named in the error). */
  fields: 32,
  connection: 256,
  /** Characters: most servers refuse a longer request line anyway. */
  url: 8192,
  headers: 64,
  headerName: 256,
  headerValue: 8192,
  /** Query pairs, array items included; their keys and values together are at most `url` characters. */
  query: 512,
  queryPart: 8192,
  pathParams: 64,
  pathParam: 256,
  /** Characters of a body: text, form text, or a JSON body's strings and keys together (1 MiB). */
  bodyText: 1 << 20,
  /** Values in a JSON body (objects, arrays and scalars); nesting is capped at MAX_DEPTH. 20 000 keep a walk
   * of the host's (copy, validation) within tens of milliseconds. */
  bodyValues: 20_000,
  multipartEntries: 256,
  /** Items in retry.methods or retry.statusCodes. */
  retryList: 512,
} as const;

type Path = Array<string | number>;

/**
 * The first cap `request` exceeds, as an issue naming the field; undefined when it fits. Keys are listed only of
 * plain objects, and an array's length is read before its items: a typed array, a boxed string or a sparse
 * array of millions is refused without being walked.
 */
export function wireSizeIssue(request: Record<string, unknown>): BridgeIssue | undefined {
  const over = (path: Path, what: string, cap: number): BridgeIssue => ({ path, message: `exceeds the host frame's limit of ${cap} ${what}` });
  const shape = shapeIssue(request, [], CAPS.fields);
  if (shape) return shape;
  for (const key of ['headers', 'query', 'pathParams', 'body', 'retry'] as const) {
    const issue = shapeIssue(request[key], [key], key === 'headers' ? CAPS.headers : key === 'pathParams' ? CAPS.pathParams : CAPS.query);
    if (issue) return issue;
  }
  const { connection, url, headers, query, pathParams, body, retry } = request;
  if (typeof connection === 'string' && connection.length > CAPS.connection) return over(['connection'], 'characters', CAPS.connection);
  if (typeof url === 'string' && url.length > CAPS.url) return over(['url'], 'characters', CAPS.url);
  return (
    recordIssue(headers, ['headers'], CAPS.headers, CAPS.headerName, CAPS.headerValue, over) ??
    queryIssue(query, over) ??
    recordIssue(pathParams, ['pathParams'], CAPS.pathParams, CAPS.pathParam, CAPS.pathParam, over) ??
    bodyIssue(body, over) ??
    retryIssue(retry, over)
  );
}

type Over = (path: Path, what: string, cap: number) => BridgeIssue;

function recordIssue(record: unknown, path: Path, count: number, nameCap: number, valueCap: number, over: Over): BridgeIssue | undefined {
  if (!isObject(record)) return undefined;
  const keys = Object.keys(record);
  if (keys.length > count) return over(path, 'entries', count);
  for (const key of keys) {
    if (key.length > nameCap) return over([...path, key.slice(0, 32)], 'characters in a name', nameCap);
    const value = (record as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.length > valueCap) return over([...path, key], 'characters', valueCap);
  }
  return undefined;
}

function queryIssue(query: unknown, over: Over): BridgeIssue | undefined {
  if (!isObject(query)) return undefined;
  let pairs = 0;
  // The query ends up in the url: together they stay within its cap.
  let text = 0;
  for (const key of Object.keys(query)) {
    if (key.length > CAPS.queryPart) return over(['query', key.slice(0, 32)], 'characters in a key', CAPS.queryPart);
    const value = (query as Record<string, unknown>)[key];
    if (Array.isArray(value) && value.length > CAPS.query) return over(['query'], 'pairs', CAPS.query);
    const items = Array.isArray(value) ? value : [value];
    pairs += items.length;
    if (pairs > CAPS.query) return over(['query'], 'pairs', CAPS.query);
    for (const item of items) {
      if (typeof item === 'string' && item.length > CAPS.queryPart) return over(['query', key], 'characters', CAPS.queryPart);
      text += key.length + String(typeof item === 'string' ? item : '').length;
    }
    if (text > CAPS.url) return over(['query'], 'characters (the url and its query together)', CAPS.url);
  }
  return undefined;
}

/** Only plain objects and arrays are walked: anything else is refused before its keys are listed. */
function shapeIssue(value: unknown, path: Path, count: number): BridgeIssue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) return value.length > Math.max(count, CAPS.multipartEntries) ? { path, message: `exceeds the host frame's limit of ${count} items` } : undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return { path, message: 'must be a plain object' };
  return undefined;
}

function bodyIssue(body: unknown, over: Over): BridgeIssue | undefined {
  if (!isObject(body)) return undefined;
  const { kind, value, entries } = body as { kind?: unknown; value?: unknown; entries?: unknown };
  if (typeof value === 'string' && value.length > CAPS.bodyText) return over(['body'], 'characters', CAPS.bodyText);
  if (kind === 'multipart' && Array.isArray(entries)) {
    if (entries.length > CAPS.multipartEntries) return over(['body', 'entries'], 'entries', CAPS.multipartEntries);
    // Names, text values and files together, as every other body.
    let size = 0;
    for (const entry of entries) {
      if (!Array.isArray(entry)) continue;
      for (const part of entry as unknown[]) size += typeof part === 'string' ? part.length : part instanceof Blob ? part.size : 0;
    }
    if (size > CAPS.bodyText) return over(['body'], 'characters', CAPS.bodyText);
  }
  return kind === 'json' ? jsonIssue(value, over) : undefined;
}

/** Walks a JSON body until a cap is passed: never more than CAPS.bodyValues values, whatever it holds. */
function jsonIssue(value: unknown, over: Over): BridgeIssue | undefined {
  let values = 0;
  let text = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (++values > CAPS.bodyValues) return over(['body'], 'values', CAPS.bodyValues);
    if (typeof item === 'string') text += item.length;
    else if (isObject(item)) {
      if (depth >= MAX_DEPTH) return over(['body'], 'levels of nesting', MAX_DEPTH);
      const shape = shapeIssue(item, ['body'], CAPS.bodyValues);
      if (shape) return shape;
      const keys = Object.keys(item);
      if (keys.length > CAPS.bodyValues) return over(['body'], 'values', CAPS.bodyValues);
      for (const key of keys) {
        if (!Array.isArray(item)) text += key.length;
        stack.push([(item as Record<string, unknown>)[key], depth + 1]);
      }
    }
    if (text > CAPS.bodyText) return over(['body'], 'characters', CAPS.bodyText);
  }
  return undefined;
}

function retryIssue(retry: unknown, over: Over): BridgeIssue | undefined {
  if (!isObject(retry)) return undefined;
  const { methods, statusCodes } = retry as { methods?: unknown; statusCodes?: unknown };
  if (Array.isArray(methods) && methods.length > CAPS.retryList) return over(['retry', 'methods'], 'items', CAPS.retryList);
  if (Array.isArray(statusCodes) && statusCodes.length > CAPS.retryList) return over(['retry', 'statusCodes'], 'items', CAPS.retryList);
  return undefined;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

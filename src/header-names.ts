// Header names: merged case-insensitively, and compared as the servers behind a host may compare them.
import { BridgeError, type BridgeIssue } from './errors.js';

// RFC 9110 token.
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const HEADER_NAME_RULE = 'is not a valid header name (RFC 9110 token)';
// RFC 9110 field-value: visible ASCII, space, HTAB and obs-text; the C1 controls (U+0080-U+009F) are controls,
// not text, and nothing above U+00FF fits in a header byte.
export const HEADER_VALUE = /^[\t\x20-\x7E\xA0-\xFF]*$/;
export const HEADER_VALUE_RULE = 'header values may hold visible ASCII, space, tab and U+00A0-U+00FF only (no control characters)';

/** The issues of a plain record of headers, by the rules the request schema applies (schemas.ts). */
export function headerIssues(headers: unknown, path: Array<string | number>): BridgeIssue[] {
  if (headers === undefined) return [];
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return [{ path, message: 'must be a plain object' }];
  const issues: BridgeIssue[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) issues.push({ path: [...path, name], message: HEADER_NAME_RULE });
    else if (typeof value !== 'string' || !HEADER_VALUE.test(value)) issues.push({ path: [...path, name], message: HEADER_VALUE_RULE });
  }
  return issues;
}

/** Merges case-insensitively; a later source wins and keeps its spelling of the name. */
export function mergeHeaders(...sources: Array<Record<string, string> | undefined>): Record<string, string> {
  const byLowerName = new Map<string, [string, string]>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) byLowerName.set(name.toLowerCase(), [name, value]);
  }
  const merged: Record<string, string> = Object.create(null);
  for (const [name, value] of byLowerName.values()) merged[name] = value;
  return merged;
}

/** A name as a server may read it: any case, and `_` as `-` (CGI, PHP and some proxies fold both to one). */
export const canonicalHeader = (name: string): string => name.toLowerCase().replace(/_/g, '-');

/**
 * A widget's request may not set a header its host frame's bridge sets (its `headers`, a connections entry's):
 * FORBIDDEN naming it, whatever the value, so that no answer tells a widget whether it guessed the host's value.
 */
export function refuseHostHeaders(widget: Record<string, string> | undefined, host: Iterable<string>): void {
  if (!widget) return;
  const own = new Set(Array.from(host, canonicalHeader));
  for (const name of Object.keys(widget)) {
    if (own.has(canonicalHeader(name))) throw new BridgeError('FORBIDDEN', `header ${name} is set by the host frame: a widget may not set it`);
  }
}

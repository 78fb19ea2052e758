// The path parameter rule of Gainsight's connector server, applied by every adapter that fills
// `{{pathParams.NAME}}` slots itself, so a widget sees the same errors on every host.
import { BridgeError } from './errors.js';

// RFC 3986 unreserved characters, 1 to 200 of them.
const VALUE = /^[A-Za-z0-9._~-]{1,200}$/;
// Spaces are allowed inside the braces: `{{ pathParams.idea_id }}`.
const SLOT = /\{\{\s*pathParams\.([^{}\s]+)\s*\}\}/g;

/** Gainsight's URL-safe rule: unreserved characters, 1–200 long, no `.`, `..` or anything containing `..`. */
export function isValidPathParam(value: string | number): boolean {
  const text = String(value);
  return VALUE.test(text) && text !== '.' && !text.includes('..');
}

/** The parameter names a URL template references, in order, each once. */
export function pathParamSlots(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(SLOT), (match) => match[1] as string))];
}

/** Throws INVALID_PATH_PARAMETERS naming every value that breaks the rule. */
export function checkPathParamValues(params: Record<string, string | number>): void {
  const invalid = Object.keys(params).filter((name) => !isValidPathParam(params[name] as string | number));
  if (invalid.length > 0) {
    throw new BridgeError(
      'INVALID_PATH_PARAMETERS',
      `path parameter ${invalid.join(', ')} must be 1-200 characters of A-Z a-z 0-9 . _ ~ - and not contain ".."`,
      { params: invalid },
    );
  }
}

/**
 * Fills the slots of `template`. Missing wins over invalid, as on Gainsight's server: if any referenced
 * key has no value, only MISSING_PATH_PARAMETERS is thrown; otherwise every supplied value is checked.
 * Values are percent-encoded after validation (Gainsight: `quote(value, safe="")`).
 */
export function fillPathParams(template: string, params: Record<string, string | number>): string {
  if (!template.includes('{{') && Object.keys(params).length === 0) return template;
  const missing = pathParamSlots(template).filter((name) => !Object.hasOwn(params, name));
  if (missing.length > 0) {
    throw new BridgeError('MISSING_PATH_PARAMETERS', `no value for path parameter ${missing.join(', ')}`, {
      params: missing,
    });
  }
  checkPathParamValues(params);
  return template.replace(SLOT, (_, name: string) => encodeURIComponent(String(params[name])));
}

// The HTTP methods a request may name, and what follows from a method: one list for every layer.
import type { HttpMethod } from './types.js';

export const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export const isMethod = (value: unknown): value is HttpMethod => typeof value === 'string' && METHODS.includes(value as HttpMethod);

/** The method a request is sent with when it names none: a Gainsight composite is always POST. */
export const defaultMethod = (composite: unknown): HttpMethod => (composite === true ? 'POST' : 'GET');

/** The verbs Zoho's connections take (Deluge invokeurl, the Sigma `type`): no HEAD or OPTIONS. */
export const ZOHO_VERBS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

// The one validation boundary: user input -> ResolvedRequest. zod lives here; adapters never see raw input.
// zod/mini keeps the browser bundle small (see README, "Bundle size").
import * as z from 'zod/mini';
import { BridgeError, type BridgeIssue } from './errors.js';
import { formatIssues } from './issues.js';
import type {
  BridgeOptions,
  Capabilities,
  ConnectionEntry,
  ConnectionMap,
  HttpMethod,
  JsonValue,
  ResolvedBody,
  ResolvedRequest,
  RetryOptions,
} from './types.js';
import type { StandardSchemaV1 } from './standard-schema.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const DEFAULT_TIMEOUT = 30_000;
// setTimeout fires at once for delays past 2^31-1 ms.
const MAX_TIMEOUT = 2_147_483_647;
// RFC 9110 token.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const SLOT = /\{\{[^{}]*\}\}/g;

// Widgets run under CSP `default-src 'self'` (Gainsight): zod's JIT would probe `new Function` and log a
// CSP violation on every page. The interpreted path is fast enough for one small object per request.
z.config({ jitless: true });

// ---- field schemas -------------------------------------------------------------------------------

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * A plain-object map. zod's record silently drops an own `__proto__` key; a widget must hear about it
 * instead, so it is refused here (it could never reach an SDK safely anyway).
 */
const dictionary = <K extends z.ZodMiniType<string>, V extends z.ZodMiniType>(key: K, value: V) =>
  z.pipe(
    z.custom<Record<string, unknown>>(isPlainObject, { error: 'must be a plain object' }).check(
      z.refine((map) => !Object.hasOwn(map, '__proto__'), {
        error: 'the key "__proto__" is not allowed',
        path: ['__proto__'],
      }),
    ),
    z.record(key, value),
  );

const nonBlank = (what: string) =>
  z.string({ error: `${what} must be a string` }).check(
    z.refine((s) => s.trim().length > 0, `${what} must not be empty`),
    z.refine((s) => s.trim() === s, `${what} must not start or end with whitespace`),
  );

const method = z.enum(METHODS, { error: `must be one of ${METHODS.join(', ')}` });

const headers = dictionary(
  z.string().check(z.regex(HEADER_NAME, 'is not a valid header name (RFC 9110 token)')),
  z.string({ error: 'header values must be strings' }).check(
    z.refine((v) => !/[\r\n\0]/.test(v), 'header values must not contain CR, LF or NUL'),
  ),
);

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const query = dictionary(
  z.string(),
  z.union([scalar, z.array(scalar)], { error: 'must be a string, finite number or boolean, or an array of them' }),
);

const pathParams = z.pipe(
  dictionary(
    z.string().check(
      z.refine((k) => k.trim().length > 0, 'path parameter names must not be empty'),
      z.refine((k) => k.trim() === k, 'path parameter names must not start or end with whitespace'),
    ),
    z.union([z.string(), z.number()], { error: 'path parameter values must be strings or finite numbers' }),
  ),
  z.custom<Record<string, string | number>>().check(
    // Gainsight sends them as one urlencoded X-Path-Params header and caps it at 4096 characters.
    z.refine((params) => serializedLength(params) <= 4096, 'path parameters serialize to more than 4096 characters'),
  ),
);

function serializedLength(params: Record<string, string | number>): number {
  return new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString().length;
}

// Widgets send the same few URLs again and again, and `new URL` costs microseconds: remember the verdicts.
const urlVerdicts = new Map<string, boolean>();

function isAllowedUrl(url: string): boolean {
  let allowed = urlVerdicts.get(url);
  if (allowed === undefined) {
    allowed = checkUrl(url);
    if (urlVerdicts.size >= 64) urlVerdicts.clear();
    urlVerdicts.set(url, allowed);
  }
  return allowed;
}

function checkUrl(url: string): boolean {
  let parsed: URL;
  try {
    // Slots may stand anywhere, even in the host; they are filled later, so check the URL around them.
    parsed = new URL(url.includes('{{') ? url.replace(SLOT, 'x') : url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && LOCAL_HOSTS.includes(parsed.hostname);
}

const url = z.string({ error: 'must be a string' }).check(
  z.refine(isAllowedUrl, 'must be an absolute https: URL (http: only for localhost and 127.0.0.1)'),
);

const timeout = z.number({ error: 'must be a number of milliseconds' }).check(
  z.refine((ms) => Number.isInteger(ms) && ms > 0 && ms <= MAX_TIMEOUT, `must be a whole number of ms from 1 to ${MAX_TIMEOUT}`),
);

const retryCount = z.number({ error: 'must be a number' }).check(
  z.refine((n) => Number.isInteger(n) && n >= 0 && n <= 10, 'must be a whole number from 0 to 10'),
);

const retry = z.union(
  [
    retryCount,
    z.strictObject({
      limit: retryCount,
      methods: z.optional(z.array(method)),
      statusCodes: z.optional(
        z.array(z.number().check(z.refine((n) => Number.isInteger(n) && n >= 100 && n <= 599, 'must be an HTTP status'))),
      ),
      backoff: z.optional(z.custom<(attempt: number) => number>((f) => typeof f === 'function', { error: 'must be a function' })),
    }),
  ],
  { error: 'must be a number of retries or { limit, methods?, statusCodes?, backoff? }' },
);

const signal = z.custom<AbortSignal>(
  (s) => typeof s === 'object' && s !== null && typeof (s as AbortSignal).aborted === 'boolean' && typeof (s as AbortSignal).addEventListener === 'function',
  { error: 'must be an AbortSignal' },
);

const schema = z.custom<StandardSchemaV1>(
  (s) => typeof s === 'object' && s !== null && typeof (s as StandardSchemaV1)['~standard']?.validate === 'function',
  { error: 'must be a Standard Schema (a zod 4 schema, for example)' },
);

const body = z.custom<unknown>().check(
  z.superRefine((value, ctx) => {
    if (value === undefined || typeof value === 'string' || value instanceof URLSearchParams) return;
    if (typeof FormData !== 'undefined' && value instanceof FormData) return;
    const problem = jsonProblem(value, new Set());
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: value });
  }),
);

/**
 * The first place where `value` is not JSON, or undefined. Undefined object properties are allowed (JSON
 * drops them). The path is built on the way out, only for a problem: this runs on every JSON body.
 */
function jsonProblem(value: unknown, seen: Set<object>): BridgeIssue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path: [], message: `${value} is not a JSON number` };
  if (typeof value !== 'object') return { path: [], message: `a ${typeof value} is not a JSON value` };
  if (seen.has(value)) return { path: [], message: 'the body refers to itself (a cycle)' };
  if (!Array.isArray(value) && !isPlainObject(value)) {
    return { path: [], message: `a ${value.constructor?.name ?? 'non-plain object'} is not a JSON value: send a plain object, an array, a string, URLSearchParams or FormData` };
  }
  seen.add(value);
  const problem = Array.isArray(value) ? firstProblem(value.entries(), seen, false) : firstProblem(Object.entries(value), seen, true);
  seen.delete(value);
  return problem;
}

function firstProblem(entries: Iterable<[string | number, unknown]>, seen: Set<object>, skipUndefined: boolean): BridgeIssue | undefined {
  for (const [key, item] of entries) {
    if (item === undefined && skipUndefined) continue;
    const problem = item === undefined ? { path: [], message: 'undefined is not a JSON value' } : jsonProblem(item, seen);
    if (problem) {
      problem.path.unshift(key);
      return problem;
    }
  }
  return undefined;
}

const requestSchema = z
  .strictObject({
    connection: nonBlank('connection'),
    method: z.optional(method),
    url: z.optional(url),
    query: z.optional(query),
    pathParams: z.optional(pathParams),
    headers: z.optional(headers),
    body: z.optional(body),
    timeout: z.optional(timeout),
    signal: z.optional(signal),
    responseType: z.optional(z.enum(['json', 'text'], { error: 'must be "json" or "text"' })),
    schema: z.optional(schema),
    composite: z.optional(z.boolean({ error: 'must be a boolean' })),
    retry: z.optional(retry),
  })
  .check(
    z.refine((r) => r.body === undefined || !['GET', 'HEAD'].includes(defaultMethod(r)), {
      error: 'a GET or HEAD request cannot have a body',
      path: ['body'],
    }),
  );

const entrySchema = z.strictObject({
  connection: nonBlank('connection'),
  url: z.optional(url),
  method: z.optional(method),
  headers: z.optional(headers),
});

const optionsSchema = z.strictObject({
  adapter: z.custom<unknown>((a) => a !== undefined, { error: 'an adapter or a list of adapters is required' }),
  connections: z.optional(dictionary(z.string(), dictionary(z.string(), entrySchema))),
  timeout: z.optional(timeout),
  headers: z.optional(headers),
  retry: z.optional(retry),
});

type ParsedRequest = z.infer<typeof requestSchema>;

// ---- issues ---------------------------------------------------------------------------------------

const REQUEST_FIELDS = Object.keys(requestSchema.def.shape);

function toIssues(issues: readonly z.core.$ZodIssue[], fields: string[]): BridgeIssue[] {
  return issues.flatMap((issue): BridgeIssue[] => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownField(key, path.length === 0 ? fields : []) }));
    }
    if (issue.code === 'invalid_key') return [{ path, message: issue.issues[0]?.message ?? 'invalid key' }];
    return [{ path, message: issue.message }];
  });
}

function unknownField(key: string, known: string[]): string {
  const near = known.find((field) => editDistance(key.toLowerCase(), field.toLowerCase()) <= 2);
  return `unknown field "${key}"${near ? ` (did you mean "${near}"?)` : ''}`;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}


// ---- options --------------------------------------------------------------------------------------

export interface BridgeDefaults {
  timeout: number;
  headers: Record<string, string>;
  retry: number | RetryOptions;
  connections: ConnectionMap;
}

/** Validates createBridge's options; a mistake here is a programming error, thrown at once. */
export function resolveOptions(options: BridgeOptions): BridgeDefaults {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const issues = toIssues(result.error.issues, Object.keys(optionsSchema.def.shape));
    throw new BridgeError('INVALID_REQUEST', `INVALID_REQUEST: createBridge options: ${formatIssues(issues)}`, { issues });
  }
  return {
    timeout: result.data.timeout ?? DEFAULT_TIMEOUT,
    headers: (result.data.headers ?? {}) as Record<string, string>,
    retry: result.data.retry ?? 0,
    connections: (result.data.connections ?? {}) as ConnectionMap,
  };
}

// ---- requests -------------------------------------------------------------------------------------

export interface CheckedRequest {
  input: ParsedRequest;
  method: HttpMethod;
}

/** Step one, before the host is known: the shape of every field. Throws INVALID_REQUEST with `issues`. */
export function checkRequest(input: unknown): CheckedRequest {
  const result = requestSchema.safeParse(input);
  if (!result.success) {
    const issues = toIssues(result.error.issues, REQUEST_FIELDS);
    throw new BridgeError('INVALID_REQUEST', formatIssues(issues), { issues });
  }
  return { input: result.data, method: defaultMethod(result.data) };
}

/** GET, but POST for a composite connector, which is always POST (Gainsight). */
function defaultMethod(request: { method?: HttpMethod | undefined; composite?: boolean | undefined }): HttpMethod {
  return request.method ?? (request.composite ? 'POST' : 'GET');
}

/** A short description for messages before validation succeeded: the method and connection if they are usable. */
export function roughContext(input: unknown): { method: string; connection: string } {
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  return {
    method: typeof record.method === 'string' && (METHODS as readonly string[]).includes(record.method) ? record.method : 'GET',
    connection: typeof record.connection === 'string' && record.connection.length <= 100 ? record.connection : '(no connection)',
  };
}

/**
 * Step two, once the host is known: the `connections` map, header merging, capabilities.
 * Throws UNSUPPORTED (the host cannot express it) or INVALID_REQUEST (the host needs something missing).
 */
export function resolveRequest(
  checked: CheckedRequest,
  defaults: BridgeDefaults,
  vendor: string,
  capabilities: Capabilities,
): ResolvedRequest {
  const { input } = checked;
  const entry = connectionEntry(input.connection, defaults.connections, vendor);
  const resolved: ResolvedRequest = {
    connection: entry?.connection ?? input.connection,
    method: entry?.method ?? checked.method,
    url: entry?.url ?? input.url,
    query: queryPairs(input.query ?? {}),
    pathParams: (input.pathParams ?? Object.create(null)) as Record<string, string | number>,
    // A composite connector takes no headers at all (Gainsight): the bridge-wide ones are left out rather than
    // making every composite call UNSUPPORTED; headers the request itself names still reach the adapter's check.
    headers: mergeHeaders(input.composite ? undefined : defaults.headers, input.headers as Record<string, string> | undefined, entry?.headers),
    body: resolveBody(input.body),
    composite: input.composite ?? false,
    timeout: input.timeout ?? defaults.timeout,
  };
  if (input.responseType) resolved.responseType = input.responseType;
  if (resolved.body.kind !== 'none' && (resolved.method === 'GET' || resolved.method === 'HEAD')) {
    // The entry's method can turn a POST into a GET.
    throw invalid(['body'], `a ${resolved.method} request cannot have a body`);
  }
  checkCapabilities(resolved, vendor, capabilities);
  return resolved;
}

function connectionEntry(name: string, connections: ConnectionMap, vendor: string): ConnectionEntry | undefined {
  if (!Object.hasOwn(connections, name)) return undefined;
  const byVendor = connections[name] as Record<string, ConnectionEntry>;
  if (!Object.hasOwn(byVendor, vendor)) {
    throw new BridgeError('UNSUPPORTED', `connection "${name}" has no entry for ${vendor} in the bridge's connections map`);
  }
  return byVendor[vendor];
}

function queryPairs(query: Record<string, unknown>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) pairs.push([key, String(item)]);
  }
  return pairs;
}

/** Merges case-insensitively; a later source wins and keeps its spelling of the name. */
function mergeHeaders(...sources: Array<Record<string, string> | undefined>): Record<string, string> {
  const byLowerName = new Map<string, [string, string]>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) byLowerName.set(name.toLowerCase(), [name, value]);
  }
  const merged: Record<string, string> = Object.create(null);
  for (const [name, value] of byLowerName.values()) merged[name] = value;
  return merged;
}

function resolveBody(body: unknown): ResolvedBody {
  if (body === undefined) return { kind: 'none' };
  if (typeof body === 'string') return { kind: 'text', value: body };
  if (body instanceof URLSearchParams) return { kind: 'form', value: body };
  if (typeof FormData !== 'undefined' && body instanceof FormData) return { kind: 'multipart', value: body };
  return { kind: 'json', value: body as JsonValue };
}

const BODY_CAPABILITY = { text: 'textBody', form: 'formBody', multipart: 'multipartBody' } as const;
const BODY_NAME = { text: 'a text body', form: 'a URLSearchParams body', multipart: 'a FormData body' } as const;

function checkCapabilities(request: ResolvedRequest, vendor: string, can: Capabilities): void {
  if (request.composite && !can.composite) throw unsupported(`${vendor} has no composite connectors`);
  if (request.url !== undefined && !can.url) {
    throw unsupported(`${vendor} connectors hold their own URL: remove "url", or map it per host with the bridge's connections option`);
  }
  if (request.url === undefined && can.url) throw invalid(['url'], `${vendor} needs a url`);
  const kind = request.body.kind;
  if (kind !== 'none' && kind !== 'json' && !can[BODY_CAPABILITY[kind]]) throw unsupported(`${vendor} cannot send ${BODY_NAME[kind]}`);
  if (!can.repeatedQuery) {
    const keys = request.query.map(([key]) => key);
    const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
    if (repeated !== undefined) throw unsupported(`${vendor} cannot repeat the query key "${repeated}": send one value`);
  }
}

function unsupported(message: string): BridgeError {
  return new BridgeError('UNSUPPORTED', message);
}

function invalid(path: Array<string | number>, message: string): BridgeError {
  return new BridgeError('INVALID_REQUEST', `${path.join('.')}: ${message}`, { issues: [{ path, message }] });
}

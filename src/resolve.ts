// The one validation boundary: user input -> ResolvedRequest. Adapters never see raw input.
// Step one (checkRequest) needs no host: the shape of every field. Step two (resolveRequest) runs once the
// host is known: the connections map, defaults, the method as sent, what the host can express.
import type * as z from 'zod/mini';
import { BridgeError, describeThrown, type BridgeIssue } from './errors.js';
import { didYouMean, formatIssues } from './issues.js';
import { copyJson } from './json-body.js';
import { checkPathParamValues, fillPathParams } from './path-params.js';
import { queryPairs } from './query.js';
import { mergeHeaders, refuseHostHeaders } from './header-names.js';
import { defaultMethod } from './methods.js';
import { DEFAULT_TIMEOUT } from './limits.js';
import { getSchemas, PARSE_CONTEXT, type ParsedRequest } from './schemas.js';
import type {
  Adapter,
  BridgeHooks,
  BridgeOptions,
  Capabilities,
  ConnectionEntry,
  DebugEvent,
  KnownVendor,
  ResolvedBody,
  ResolvedRequest,
  RetryOptions,
} from './types.js';

/** The vendors this package ships adapters for: valid keys of a `connections` entry with any adapter list. */
// Keyed by KnownVendor, so the compiler keeps this list and the type in step.
const KNOWN_VENDORS = Object.keys({ gainsight: 1, 'zoho-finance': 1, 'zoho-sigma': 1, 'zoho-crm': 1 } satisfies Record<KnownVendor, 1>);

// ---- options --------------------------------------------------------------------------------------

/** A connections map after validation: every entry's headers read into a record. */
type ParsedConnectionMap = Record<string, Partial<Record<string, ParsedEntry>>>;
type ParsedEntry = Omit<ConnectionEntry, 'headers'> & { headers?: Record<string, string> };

export interface BridgeDefaults {
  adapters: Adapter[];
  timeout: number;
  attemptTimeout: number | undefined;
  headers: Record<string, string>;
  retry: number | RetryOptions;
  connections: ParsedConnectionMap;
  hooks: BridgeHooks;
  concurrency: number;
  debug: boolean | ((event: DebugEvent) => void);
}

/** Validates createBridge's options; a mistake here is a programming error, thrown at once. */
export function resolveOptions(options: BridgeOptions): BridgeDefaults {
  const schema = getSchemas().options;
  const result = safely(() => schema.safeParse(options, PARSE_CONTEXT), options);
  const adapters = adapterList(result.success ? result.data.adapter : (options as { adapter?: unknown } | undefined)?.adapter);
  const issues = [...(result.success ? [] : toIssues(result.error.issues, Object.keys(schema.def.shape))), ...adapters.issues];
  if (result.success) issues.push(...vendorKeyIssues(result.data.connections ?? {}, adapters.list));
  if (!result.success || issues.length > 0) {
    throw new BridgeError('INVALID_REQUEST', `INVALID_REQUEST: createBridge options: ${formatIssues(issues)}`, { issues });
  }
  const data = result.data;
  return {
    adapters: adapters.list,
    timeout: data.timeout ?? DEFAULT_TIMEOUT,
    attemptTimeout: data.attemptTimeout,
    headers: (data.headers ?? {}) as Record<string, string>,
    retry: data.retry ?? 0,
    connections: (data.connections ?? {}) as ParsedConnectionMap,
    hooks: (data.hooks ?? {}) as BridgeHooks,
    concurrency: data.concurrency ?? Infinity,
    debug: (data.debug ?? false) as BridgeDefaults['debug'],
  };
}

/** Each item must be an adapter object; a factory passed uncalled (`adapter: gainsight`) gets a hint. */
function adapterList(value: unknown): { list: Adapter[]; issues: BridgeIssue[] } {
  if (value === undefined) return { list: [], issues: [{ path: ['adapter'], message: 'an adapter or a list of adapters is required' }] };
  const items = Array.isArray(value) ? [...value] : [value];
  const path = (i: number) => (Array.isArray(value) ? ['adapter', i] : ['adapter']);
  if (items.length === 0) return { list: [], issues: [{ path: ['adapter'], message: 'the list of adapters is empty' }] };
  const issues: BridgeIssue[] = [];
  items.forEach((item: unknown, i) => {
    if (typeof item === 'function') {
      const name = (item as { name?: unknown }).name;
      issues.push({ path: path(i), message: `is a function, not an adapter${typeof name === 'string' && name ? ` (did you call ${name}()?)` : ' (call the adapter factory)'}` });
    } else if (!isAdapter(item)) {
      issues.push({ path: path(i), message: 'is not an adapter: expected { vendor, capabilities, detect(), send() }, as gainsight() or zohoFinance() return' });
    }
  });
  return { list: items as Adapter[], issues };
}

function isAdapter(value: unknown): value is Adapter {
  const adapter = value as Partial<Adapter> | null;
  return (
    typeof adapter === 'object' &&
    adapter !== null &&
    typeof adapter.vendor === 'string' &&
    typeof adapter.detect === 'function' &&
    typeof adapter.send === 'function' &&
    typeof adapter.capabilities === 'object'
  );
}

/** A vendor key of a connections entry must name a vendor the library or one of the given adapters knows. */
function vendorKeyIssues(connections: Record<string, Record<string, unknown>>, adapters: Adapter[]): BridgeIssue[] {
  const known = new Set([...KNOWN_VENDORS, ...adapters.filter(isAdapter).map((adapter) => adapter.vendor)]);
  const issues: BridgeIssue[] = [];
  for (const [name, byVendor] of Object.entries(connections)) {
    for (const vendor of Object.keys(byVendor)) {
      if (!known.has(vendor)) {
        issues.push({ path: ['connections', name, vendor], message: `"${vendor}" is not a vendor of any adapter${didYouMean(vendor, known)}` });
      }
    }
  }
  return issues;
}

// ---- requests -------------------------------------------------------------------------------------

export interface CheckedRequest {
  request: ParsedRequest;
  /** The body, checked and copied: what the adapter sends, whatever the caller does with its object later. */
  body: ResolvedBody;
}

/** Step one, before the host is known: the shape of every field. Throws INVALID_REQUEST with `issues`. */
export function checkRequest(input: unknown): CheckedRequest {
  const schema = getSchemas().request;
  const result = safely(() => schema.safeParse(input, PARSE_CONTEXT), input);
  if (!result.success) throw invalidRequest(toIssues(result.error.issues, Object.keys(schema.def.shape)));
  const body = resolveBody(result.data.body);
  if ('issue' in body) throw invalidRequest([body.issue]);
  return { request: result.data, body };
}

function invalidRequest(issues: BridgeIssue[]): BridgeError {
  return new BridgeError('INVALID_REQUEST', formatIssues(issues), { issues });
}

/**
 * Runs a parse that may meet a throwing getter or Proxy trap in the input. zod lets those escape; they
 * become INVALID_REQUEST naming the path where reading threw.
 */
function safely<T>(parse: () => T, input: unknown): T {
  try {
    return parse();
  } catch (error) {
    const issue = whereReadingThrows(input, [], 0) ?? { path: [], message: `the request could not be read: ${describeThrown(error)}` };
    throw invalidRequest([issue]);
  }
}

/** The first own property (three levels deep at most: request, field, array) whose reading throws. */
function whereReadingThrows(value: unknown, path: Array<string | number>, depth: number): BridgeIssue | undefined {
  if (typeof value !== 'object' || value === null || depth > 3) return undefined;
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch (error) {
    return { path, message: `reading it threw: ${describeThrown(error)}` };
  }
  for (const key of keys) {
    let item: unknown;
    try {
      item = (value as Record<string, unknown>)[key];
    } catch (error) {
      return { path: [...path, key], message: `reading it threw: ${describeThrown(error)}` };
    }
    const below = whereReadingThrows(item, [...path, key], depth + 1);
    if (below) return below;
  }
  return undefined;
}

function resolveBody(body: unknown): ResolvedBody | { issue: BridgeIssue } {
  if (body === undefined) return { kind: 'none' };
  if (typeof body === 'string') return { kind: 'text', value: body };
  try {
    // instanceof reads the prototype: a Proxy's trap may throw.
    if (body instanceof URLSearchParams) return { kind: 'form', value: new URLSearchParams(body) };
    if (typeof FormData !== 'undefined' && body instanceof FormData) return { kind: 'multipart', value: body };
  } catch (error) {
    return { issue: { path: ['body'], message: `reading it threw: ${describeThrown(error)}` } };
  }
  const copy = copyJson(body);
  if (!copy.ok) return { issue: { path: ['body', ...copy.issue.path], message: copy.issue.message } };
  return { kind: 'json', value: copy.value };
}

/**
 * Step two, once the host is known: the `connections` map, defaults, header merging, capabilities.
 * Throws UNSUPPORTED (the host cannot express it) or INVALID_REQUEST (the host needs something missing, or
 * the request contradicts its connections entry).
 */
export function resolveRequest(
  checked: CheckedRequest,
  defaults: BridgeDefaults,
  vendor: string,
  capabilities: Capabilities,
  widget = false,
): ResolvedRequest {
  const { request: input, body } = checked;
  const entry = connectionEntry(input.connection, defaults.connections, vendor);
  const requestHeaders = input.headers as Record<string, string> | undefined;
  // A widget's request (through a host frame): the host's headers and its entry's query keys stay the host's,
  // before any value is compared, so that no answer tells a widget whether it guessed one.
  if (widget) {
    refuseHostHeaders(requestHeaders, [...Object.keys(defaults.headers), ...Object.keys(entry?.headers ?? {})]);
    if (entry?.url !== undefined) refuseHostQuery(input.query, entry.url);
  }
  if (entry) checkAgainstEntry(input, requestHeaders, entry, vendor, widget);
  const method = input.method ?? entry?.method ?? defaultMethod(input.composite);
  const resolved: ResolvedRequest = {
    connection: entry?.connection ?? input.connection,
    method,
    url: input.url ?? entry?.url,
    query: queryPairs(input.query),
    pathParams: (input.pathParams ?? Object.create(null)) as Record<string, string | number>,
    // A composite connector takes no headers at all (Gainsight): the bridge-wide ones are left out rather than
    // making every composite call UNSUPPORTED; headers the request itself names still reach the capability check.
    headers: mergeHeaders(input.composite ? undefined : defaults.headers, entry?.headers, requestHeaders),
    body,
    composite: input.composite ?? false,
    timeout: input.timeout ?? defaults.timeout,
  };
  if (input.responseType) resolved.responseType = input.responseType;
  if (body.kind !== 'none' && (method === 'GET' || method === 'HEAD')) {
    throw invalid(['body'], `a ${method} request cannot have a body${entry?.method && !input.method && !widget ? ` (its connections entry for ${vendor} says ${method})` : ''}`);
  }
  // A widget is told nothing of the host's map (its keys, its entries' values): only about what it sent.
  checkCapabilities(resolved, vendor, capabilities, () => (entry === undefined && !widget ? nearKey(input.connection, defaults.connections) : ''));
  if (resolved.url !== undefined) {
    // The path parameter rule, once for every host: a url is sent filled; a connector's (Gainsight) is
    // filled by its server, which still reports missing ones, but a bad value is refused here, unsent.
    resolved.url = fillPathParams(resolved.url, resolved.pathParams);
    const type = resolved.composite ? undefined : CONTENT_TYPE[body.kind];
    if (type && !Object.keys(resolved.headers).some((name) => name.toLowerCase() === 'content-type')) resolved.headers['Content-Type'] = type;
  } else {
    checkPathParamValues(resolved.pathParams);
  }
  return resolved;
}

// A host that takes a url sends the body as the widget describes it, so it needs its type; a connector
// (Gainsight) declares its own.
const CONTENT_TYPE: Partial<Record<ResolvedBody['kind'], string>> = { json: 'application/json', form: 'application/x-www-form-urlencoded' };

function connectionEntry(name: string, connections: ParsedConnectionMap, vendor: string): ParsedEntry | undefined {
  if (!Object.hasOwn(connections, name)) return undefined;
  const byVendor = connections[name] as Record<string, ParsedEntry>;
  if (!Object.hasOwn(byVendor, vendor)) {
    throw new BridgeError('UNSUPPORTED', `connection "${name}" has no entry for ${vendor} in the bridge's connections map`);
  }
  return byVendor[vendor];
}

/**
 * No silent override: a request that names a method, url or header value its entry also names must agree.
 * A widget's request is told that it differs, never the entry's value.
 */
function checkAgainstEntry(input: ParsedRequest, headers: Record<string, string> | undefined, entry: ParsedEntry, vendor: string, widget: boolean): void {
  const where = widget ? "the host frame's connections entry" : `its connections entry for ${vendor}`;
  // A widget names no url its host's entry sets, whatever the value: an equal one would confirm a guess at a
  // url that may hold a token. (A method is no secret: a relay names the one it judged.)
  if (widget && input.url !== undefined && entry.url !== undefined) throw invalid(['url'], `is set by ${where}: send none`);
  if (input.method && entry.method && input.method !== entry.method) {
    throw invalid(['method'], widget ? `differs from ${where}` : `the request says ${input.method} but ${where} says ${entry.method}: name one`);
  }
  if (input.url !== undefined && entry.url !== undefined && input.url !== entry.url) {
    throw invalid(['url'], widget ? `differs from ${where}` : `the request's url differs from ${where} (${entry.url}): name one`);
  }
  if (!headers || !entry.headers) return;
  const entryHeaders = new Map(Object.entries(entry.headers).map(([name, value]) => [name.toLowerCase(), value]));
  for (const [name, value] of Object.entries(headers)) {
    const fixed = entryHeaders.get(name.toLowerCase());
    if (fixed !== undefined && fixed !== value) throw invalid(['headers', name], `differs from ${where}: name one`);
  }
}

/** FORBIDDEN for a widget's query key that the host's entry url already sets (`?token=…`): it is the host's. */
function refuseHostQuery(query: unknown, url: string): void {
  const search = url.split('#')[0]?.split('?')[1];
  if (!search || typeof query !== 'object' || query === null) return;
  const own = new Set(search.split('&').map((pair) => safeDecode(pair.split('=')[0] ?? '')));
  for (const key of Object.keys(query)) {
    if (own.has(key)) throw new BridgeError('FORBIDDEN', `query key ${key} is set by the host frame: a widget may not set it`);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** For a host that needs a url: say that the name is not a key of the map, when there is a map. */
function nearKey(name: string, connections: ParsedConnectionMap): string {
  const keys = Object.keys(connections);
  if (keys.length === 0) return '';
  const hint = didYouMean(name, keys) || ` (its keys: ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''})`;
  return ` "${name}" is not a key of the bridge's connections map${hint}, so it was read as the host's own connection name, and nothing was sent.`;
}

const BODY_CAPABILITY = { text: 'textBody', form: 'formBody', multipart: 'multipartBody' } as const;
const BODY_NAME = { text: 'a text body', form: 'a URLSearchParams body', multipart: 'a FormData body' } as const;

/** `nameHint` is only worked out for the message of a failure: it costs an edit distance per map key. */
function checkCapabilities(request: ResolvedRequest, vendor: string, can: Capabilities, nameHint: () => string): void {
  if (request.composite && !can.composite) throw unsupported(`${vendor} has no composite connectors`);
  if (request.url !== undefined && !can.url) {
    throw unsupported(`${vendor} connectors hold their own URL: remove "url", or map it per host with the bridge's connections option`);
  }
  if (request.url === undefined && can.url) throw invalid(['url'], `${vendor} needs a url.${nameHint()}`.replace(/\.$/, ''));
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

// ---- issues ---------------------------------------------------------------------------------------

function toIssues(issues: readonly z.core.$ZodIssue[], fields: string[]): BridgeIssue[] {
  return issues.flatMap((issue): BridgeIssue[] => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown field "${key}"${path.length === 0 ? didYouMean(key, fields) : ''}`,
      }));
    }
    if (issue.code === 'invalid_key') return [{ path, message: issue.issues[0]?.message ?? 'invalid key' }];
    return [{ path, message: issue.message }];
  });
}

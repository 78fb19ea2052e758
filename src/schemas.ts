// The shape of every field a widget may send and every createBridge option, as zod/mini schemas (zod/mini
// keeps the bundle small: see README, "Bundle size"). Only src/resolve.ts reads them.
import * as z from 'zod/mini';
import type { HttpMethod } from './types.js';
import { isTimeout, TIMEOUT_RULE } from './limits.js';
import { METHODS } from './methods.js';
import { HEADER_NAME, HEADER_NAME_RULE, HEADER_VALUE, HEADER_VALUE_RULE } from './header-names.js';
import { hookIssues, isSignal, isStandardSchema } from './controls.js';
import { headerRecord, isPairIssue } from './headers.js';
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const SLOT = /\{\{[^{}]*\}\}/g;
// Verdicts are remembered for URLs up to this length only, so the memo holds at most 64 × 2 KB.
const MEMO_URL_LENGTH = 2048;

export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

// Widgets send the same few URLs again and again, and `new URL` costs microseconds: remember the verdicts.
const urlVerdicts = new Map<string, boolean>();

function isAllowedUrl(url: string): boolean {
  let allowed = urlVerdicts.get(url);
  if (allowed === undefined) {
    allowed = checkUrl(url);
    if (url.length <= MEMO_URL_LENGTH) {
      if (urlVerdicts.size >= 64) urlVerdicts.clear();
      urlVerdicts.set(url, allowed);
    }
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

function build() {
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

  const method = z.enum(METHODS as ['GET', ...HttpMethod[]], { error: `must be one of ${METHODS.join(', ')}` });

  // A record, a Headers object or [name, value] pairs (fetch's HeadersInit), judged as one record.
  const headers = z.pipe(
    z.transform((init: unknown, context) => {
      const record = headerRecord(init);
      if (!isPairIssue(record)) return record;
      context.issues.push({ code: 'custom', message: record.message, input: init, path: [record.index] });
      return z.NEVER;
    }),
    dictionary(
      z.string().check(z.regex(HEADER_NAME, HEADER_NAME_RULE)),
      z.string({ error: 'header values must be strings' }).check(z.regex(HEADER_VALUE, HEADER_VALUE_RULE)),
    ),
  );

  const scalar = z.union([z.string(), z.number().check(z.refine(Number.isFinite, 'must be a finite number')), z.boolean()]);
  const query = dictionary(
    z.string(),
    z.union([scalar, z.array(scalar), z.undefined()], { error: 'must be a string, finite number or boolean, or an array of them' }),
  );

  const pathParams = z.pipe(
    dictionary(
      z.string().check(
        z.refine((k) => k.trim().length > 0, 'path parameter names must not be empty'),
        z.refine((k) => k.trim() === k, 'path parameter names must not start or end with whitespace'),
      ),
      z.union([z.string(), z.number().check(z.refine(Number.isFinite, 'must be a finite number'))], {
        error: 'path parameter values must be strings or finite numbers',
      }),
    ),
    z.custom<Record<string, string | number>>().check(
      // Gainsight sends them as one urlencoded X-Path-Params header and caps it at 4096 characters.
      z.refine((params) => serializedLength(params) <= 4096, 'path parameters serialize to more than 4096 characters'),
    ),
  );

  const url = z.string({ error: 'must be a string' }).check(
    z.refine(isAllowedUrl, 'must be an absolute https: URL (http: only for localhost and 127.0.0.1)'),
  );

  const timeout = z.number({ error: 'must be a number of milliseconds' }).check(z.refine(isTimeout, TIMEOUT_RULE));

  const retryCount = z.number({ error: 'must be a number' }).check(
    z.refine((n) => Number.isInteger(n) && n >= 0 && n <= 10, 'must be a whole number from 0 to 10'),
  );

  const fn = <F>(what = 'must be a function') => z.custom<F>((f) => typeof f === 'function', { error: what });

  const retry = z.union(
    [
      retryCount,
      z.strictObject({
        limit: retryCount,
        methods: z.optional(z.array(method)),
        statusCodes: z.optional(
          z.array(z.number().check(z.refine((n) => Number.isInteger(n) && n >= 100 && n <= 599, 'must be an HTTP status'))),
        ),
        backoff: z.optional(fn<(attempt: number) => number>()),
      }),
    ],
    { error: 'must be a number of retries or { limit, methods?, statusCodes?, backoff? }' },
  );

  // The same rule parentBridge applies without zod (controls.ts), each issue at its path.
  const hooks = z.unknown().check(
    z.superRefine((value, ctx) => {
      for (const issue of hookIssues(value, [])) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[], input: value });
    }),
  );

  const signal = z.custom<AbortSignal>(isSignal, { error: 'must be an AbortSignal' });

  const schema = z.custom<{ '~standard': { validate: (value: unknown) => unknown } }>(isStandardSchema, {
    error: 'must be a Standard Schema (a zod 4 schema, for example)',
  });

  const request = z.strictObject({
    connection: nonBlank('connection'),
    method: z.optional(method),
    url: z.optional(url),
    query: z.optional(query),
    pathParams: z.optional(pathParams),
    headers: z.optional(headers),
    // Checked and copied by copyJson (json-body.ts), which reports the path of a problem.
    body: z.optional(z.unknown()),
    timeout: z.optional(timeout),
    attemptTimeout: z.optional(timeout),
    signal: z.optional(signal),
    responseType: z.optional(z.enum(['json', 'text'], { error: 'must be "json" or "text"' })),
    schema: z.optional(schema),
    composite: z.optional(z.boolean({ error: 'must be a boolean' })),
    retry: z.optional(retry),
    hooks: z.optional(hooks),
  });

  const entry = z.strictObject({
    connection: nonBlank('connection'),
    url: z.optional(url),
    method: z.optional(method),
    headers: z.optional(headers),
  });

  const options = z.strictObject({
    adapter: z.unknown(),
    connections: z.optional(dictionary(z.string(), dictionary(z.string(), entry))),
    timeout: z.optional(timeout),
    attemptTimeout: z.optional(timeout),
    headers: z.optional(headers),
    retry: z.optional(retry),
    hooks: z.optional(hooks),
    concurrency: z.optional(
      z.number({ error: 'must be a number' }).check(z.refine((n) => Number.isInteger(n) && n >= 1, 'must be a whole number from 1 up')),
    ),
    debug: z.optional(z.union([z.boolean(), fn()], { error: 'must be true, false or a function (event) => void' })),
  });

  return { request, options };
}

function serializedLength(params: Record<string, string | number>): number {
  return new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString().length;
}

type Schemas = ReturnType<typeof build>;
let schemas: Schemas | undefined;

/**
 * The schemas, built on first use with zod's JIT off. Widgets run under CSP `default-src 'self'`
 * (Gainsight), where zod's `new Function` probe would log a violation; the interpreted path is fast enough
 * for one small object per request. zod reads the setting when a schema is built, so it is switched on for
 * the build and put back: the page's own zod schemas are left as the page configured them.
 */
export function getSchemas(): Schemas {
  if (schemas) return schemas;
  const config = z.config();
  const before = config.jitless;
  z.config({ jitless: true });
  try {
    schemas = build();
  } finally {
    z.config({ jitless: before });
  }
  return schemas;
}

export type ParsedRequest = z.infer<Schemas['request']>;
export type ParsedOptions = z.infer<Schemas['options']>;

/** Parses without the eval fast path, whatever the page set. */
export const PARSE_CONTEXT = { jitless: true } as const;

// The host frame's policy, the URL it judges, and the origin lists of both frames, checked without a browser.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBridgeError } from '../../src/errors.js';
import type { BridgeError } from '../../src/errors.js';
import { exposeBridge, parentBridge, parentFrame } from '../../src/iframe/index.js';
import { policyGate } from '../../src/iframe/gate.js';
import { judgedUrl } from '../../src/iframe/judged-url.js';
import { withQuery } from '../../src/query.js';
import { checkAllowedOrigins, isAllowedOrigin } from '../../src/iframe/origins.js';
import { judge } from '../../src/iframe/policy.js';
import type { Allow, JudgedRequest } from '../../src/iframe/policy.js';
import type { Bridge, HostInfo, ResolvedRequest } from '../../src/types.js';

const ORIGIN = 'https://widgets.example.com';
const CONTEXT = { origin: ORIGIN, vendor: 'zoho-finance' };
const get: JudgedRequest = { connection: 'weather-api', method: 'GET', url: 'https://api.example.com/weather?q=1', headers: {}, composite: false };

async function refusal(allow: Allow | undefined, request: JudgedRequest): Promise<string | undefined> {
  try {
    await judge(allow, request, CONTEXT);
    return undefined;
  } catch (error) {
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    return (error as BridgeError).message;
  }
}

function thrown(run: () => unknown): BridgeError {
  try {
    run();
  } catch (error) {
    if (isBridgeError(error)) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('allow lists', () => {
  const allow = { connections: ['weather-api'], methods: ['GET' as const], urls: [/^https:\/\/api\.example\.com\//] };

  it('allows a request that passes every list', async () => {
    expect(await refusal(allow, get)).toBeUndefined();
    expect(await refusal(undefined, { ...get, connection: 'anything', method: 'DELETE' })).toBeUndefined();
  });

  it.each([
    // The message crosses to the widget: it names no connection of the host's own.
    ['a connection not listed', { ...get, connection: 'billing' }, "the connection is not in the host frame's allowed connections"],
    ['a method not listed', { ...get, method: 'POST' as const }, 'method POST is not in'],
    ['a url matching no pattern', { ...get, url: 'https://api.example.com.evil.net/' }, 'matches none'],
  ])('refuses %s, saying which rule', async (_label, request, reason) => {
    expect(await refusal(allow, request)).toContain(reason);
  });

  it('lets a request without url through the url rule (a Gainsight connector holds its url), and an empty list refuses every url', async () => {
    const { url: _url, ...noUrl } = get;
    expect(await refusal({ urls: [/^https:\/\/api\.example\.com\//] }, noUrl)).toBeUndefined();
    expect(await refusal({ urls: [] }, get)).toContain('matches none');
  });

  it('does not let a global RegExp skip every other match', async () => {
    const policy = { urls: [/^https:\/\/api\.example\.com\//g] };
    for (let i = 0; i < 3; i++) expect(await refusal(policy, get)).toBeUndefined();
  });

  it('takes a string as a normalised prefix that ends at a boundary', async () => {
    const policy = { urls: ['HTTPS://API.example.com:443/v1'] };
    for (const url of ['https://api.example.com/v1', 'https://api.example.com/v1/x', 'https://api.example.com/v1?q=1']) {
      expect(await refusal(policy, { ...get, url }), url).toBeUndefined();
    }
    for (const url of ['https://api.example.com/v1admin', 'https://api.example.com/v2/']) expect(await refusal(policy, { ...get, url }), url).toBeDefined();
    const origin = { urls: ['https://api.example.com'] };
    expect(await refusal(origin, { ...get, url: 'https://api.example.com/' })).toBeUndefined();
    expect(await refusal(origin, { ...get, url: 'https://api.example.com.evil.net/' })).toBeDefined();
    expect(await refusal(origin, { ...get, url: 'https://api.example.com:8443/' })).toBeDefined();
  });
});

describe('headers', () => {
  it.each(['Authorization', 'cookie', 'HOST', 'Proxy-Authorization', 'proxy-anything', 'X-HTTP-Method-Override', 'x-http-method', 'X-Method-Override'])('refuses %s from a widget unless listed, naming it', async (name) => {
    const request = { ...get, headers: { [name]: 'x' } };
    expect(await refusal(undefined, request)).toContain(`header ${name} belongs to the host frame`);
    expect(await refusal(() => true, request)).toContain(`header ${name}`);
    expect(await refusal({ headers: [name.toUpperCase()] }, request)).toBeUndefined();
  });

  it('with a list, allows only the listed names, in any case', async () => {
    expect(await refusal({ headers: ['x-trace'] }, { ...get, headers: { 'X-Trace': '1' } })).toBeUndefined();
    expect(await refusal({ headers: ['x-trace'] }, { ...get, headers: { 'X-Other': '1' } })).toContain('header X-Other is not in');
    expect(await refusal(undefined, { ...get, headers: { 'X-Other': '1' } })).toBeUndefined();
  });
});

describe('allow functions', () => {
  it('are given the judged request, the widget origin and the vendor, sync or async', async () => {
    const seen: unknown[] = [];
    const policy = async (request: JudgedRequest, context: { origin: string; vendor: string }) => (seen.push([request.url, context]), true);
    expect(await refusal(policy, get)).toBeUndefined();
    expect(seen).toEqual([[get.url, CONTEXT]]);
    expect(await refusal(() => false, get)).toContain(`refused this request from ${ORIGIN}`);
  });

  it('allow only on a literal true, and fail closed when they throw', async () => {
    expect(await refusal(() => 'yes' as unknown as boolean, get)).toBeDefined();
    expect(await refusal(() => Promise.reject(new Error('db down')), get)).toBe("the host frame's policy failed, so it refused this request");
  });
});

describe('the judged URL', () => {
  it.each([
    ['https://api.example.com/v1/../admin', 'https://api.example.com/admin'],
    ['https://api.example.com/v1/%2e%2e/admin', 'https://api.example.com/admin'],
    ['https://api.example.com/v1/.%2E/admin', 'https://api.example.com/admin'],
    ['https://api.example.com/v1/.\t./admin', 'https://api.example.com/admin'],
    ['https://api.example.com/v1/.\n./admin', 'https://api.example.com/admin'],
    ['HTTPS://API.Example.COM:443/v1/./a#frag', 'https://api.example.com/v1/a'],
    ['https://bücher.example/v1', 'https://xn--bcher-kva.example/v1'],
    ['https://api.example.com/v1/{{pathParams.id}}/{{ pathParams.n }}', 'https://api.example.com/v1/a-1/2'],
  ])('%s is judged as %s', (url, judged) => {
    expect(judgedUrl(url, { id: 'a-1', n: 2 })).toBe(judged);
  });

  it.each([
    ['a backslash', 'https://api.example.com/v1\\..\\admin', 'backslash'],
    ['user information', 'https://api.example.com@evil.example/v1', 'user information'],
    ['a password', 'https://u:p@api.example.com/v1', 'user information'],
    ['an encoded slash', 'https://api.example.com/v1/..%2Fadmin', 'encoded /'],
    ['an encoded backslash', 'https://api.example.com/v1/..%5cadmin', 'encoded /'],
    ['a dot segment with parameters', 'https://api.example.com/v1/..;/admin', '..;'],
  ])('refuses %s outright', (_label, url, reason) => {
    const error = thrown(() => judgedUrl(url, {}));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain(reason);
  });

  it('throws the path parameter errors the adapters throw', () => {
    expect(thrown(() => judgedUrl('https://a.example/{{pathParams.id}}', {})).code).toBe('MISSING_PATH_PARAMETERS');
    expect(thrown(() => judgedUrl('https://a.example/{{pathParams.id}}', { id: '..' })).code).toBe('INVALID_PATH_PARAMETERS');
  });

  it('appends the query as the adapters do, after a query the URL already has', () => {
    expect(withQuery('https://a.example/x?a=1', [['b', "it's (x)"], ['b', '2']])).toBe('https://a.example/x?a=1&b=it%27s%20%28x%29&b=2');
    expect(withQuery('https://a.example/x', [])).toBe('https://a.example/x');
  });

  const segment = fc.constantFrom('v1', 'V1', 'admin', '.', '..', '%2e', '%2E', '.%2e', '%2e.', '%2E%2e', '.\t.', '\n..', 'a b', '~', '{{pathParams.p}}', '');
  const authority = fc.constantFrom('api.example.com', 'API.EXAMPLE.COM', 'api.example.com:443', 'api.example.com:8443', 'evil.example', 'api.example.com.evil.example');
  const value = fc.constantFrom('v1', 'x', 'A-1', '~', '42', 'a.b');
  const V1 = /^https:\/\/api\.example\.com\/v1\//;

  it('property: the verdict on any spelling equals the verdict on the URL the adapter sends, which is the judged one', () => {
    fc.assert(
      fc.property(authority, fc.array(segment, { maxLength: 6 }), value, fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 2 }), (host, segments, p, query) => {
        const template = `https://${host}/${segments.join('/')}`;
        const judged = judgedUrl(template, { p });
        // The adapter receives `judged` (the gate puts it in the resolved request) and appends the query.
        const sent = withQuery(judged, query);
        expect(judgedUrl(judged, { p })).toBe(judged);
        expect(V1.test(withQuery(judgedUrl(sent, {}), []))).toBe(V1.test(sent));
        // And the same request spelt plainly: slots filled, read as a URL by the server.
        expect(V1.test(new URL(template.replaceAll('{{pathParams.p}}', p)).href)).toBe(V1.test(judged));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('the gate on a resolved request', () => {
  const resolved = (overrides: Partial<ResolvedRequest> = {}): ResolvedRequest => ({
    connection: 'conn',
    method: 'GET',
    query: [],
    pathParams: {},
    headers: {},
    body: { kind: 'none' },
    composite: false,
    timeout: 1_000,
    ...overrides,
  });
  const host: HostInfo = { vendor: 'gainsight', capabilities: {} as HostInfo['capabilities'] };

  // As the core runs it: awaited, so a synchronous throw is a rejection too. The view: the request as prepared,
  // its headers the widget's own.
  const passing = async (gate: ReturnType<typeof policyGate>, request: ResolvedRequest, own: Record<string, string> = {}) =>
    gate({ ...request, method: request.composite ? 'POST' : request.method, headers: own }, host);

  it('judges a composite as POST, and only the headers the widget set', async () => {
    const gate = policyGate({ methods: ['GET'] }, ORIGIN);
    await expect(passing(gate, resolved({ composite: true }))).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('method POST') });
    // The host bridge's own Authorization is the host's; the widget's is refused.
    await expect(passing(policyGate(undefined, ORIGIN), resolved({ headers: { Authorization: 'host' } }))).resolves.toBeUndefined();
    await expect(passing(policyGate(undefined, ORIGIN), resolved({ headers: { Authorization: 'w' } }), { authorization: 'w' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('gives the judged URL to send, so the SDK receives what was allowed', async () => {
    const request = resolved({ url: 'HTTPS://API.example.com/v1/./{{pathParams.id}}#x', pathParams: { id: 7 }, query: [['q', '1']] });
    const seen: JudgedRequest[] = [];
    await expect(passing(policyGate((judged) => (seen.push(judged), true), ORIGIN), request)).resolves.toBe('https://api.example.com/v1/7');
    expect(seen[0]!.url).toBe('https://api.example.com/v1/7?q=1');
  });
});

describe('allowed origins', () => {
  it('accept origins, anchored RegExps and an explicit *', () => {
    expect(() => checkAllowedOrigins([ORIGIN, /^https:\/\/[a-z]+\.example\.com$/, '*', 'http://localhost:5173'], 'test')).not.toThrow();
  });

  it.each([
    ['missing', undefined, /allowedOrigins is required.*no '\*' default/],
    ['empty', [], /allowedOrigins is required/],
    ['an unanchored RegExp', [/example\.com/], /must be anchored with \^ and \$/],
    ['a RegExp anchored at one end only', [/^https:\/\/example\.com/], /must be anchored/],
    ["the origin 'null'", ['null'], /sandboxed frame.*only be admitted with '\*'/],
    ['a URL with a path', ['https://example.com/'], /is not an origin/],
    ['a host without scheme', ['example.com'], /is not an origin/],
    ['a non-string', [42], /is not an origin/],
  ])('refuse %s with a clear error at call time', (_label, origins, message) => {
    expect(() => checkAllowedOrigins(origins, 'exposeBridge()')).toThrow(message);
    expect(() => parentFrame({ allowedOrigins: origins as string[] })).toThrow(message);
    expect(() => parentBridge({ allowedOrigins: origins as string[] })).toThrow(message);
    expect(() => exposeBridge({ bridge: fakeBridge(), window, allowedOrigins: origins as string[] })).toThrow(message);
  });

  it('match the way penpal matches: exact string, RegExp test, or *', () => {
    expect(isAllowedOrigin([ORIGIN], ORIGIN)).toBe(true);
    expect(isAllowedOrigin([ORIGIN], 'https://widgets.example.com:8443')).toBe(false);
    expect(isAllowedOrigin([/^https:\/\/[a-z]+\.example\.com$/], 'https://a.example.com')).toBe(true);
    expect(isAllowedOrigin(['*'], 'null')).toBe(true);
  });
});

function fakeBridge(): Bridge {
  const refuse = () => Promise.reject(new Error('not called in these tests'));
  return { ready: refuse, request: refuse, destroy: () => undefined };
}

describe('exposeBridge and parentFrame arguments', () => {
  it('exposeBridge needs a bridge and exactly one widget window, the iframe already in the document', () => {
    const allowedOrigins = [ORIGIN];
    expect(() => exposeBridge({ allowedOrigins, window } as never)).toThrow(/bridge is required/);
    expect(() => exposeBridge({ bridge: fakeBridge(), allowedOrigins })).toThrow(/iframe .* or window is required/);
    const detached = document.createElement('iframe');
    expect(() => exposeBridge({ bridge: fakeBridge(), iframe: detached, allowedOrigins })).toThrow(/add it to the document first/);
    expect(() => exposeBridge({ bridge: fakeBridge(), iframe: detached, window, allowedOrigins })).toThrow(/not both/);
  });

  it('parentFrame detects a parent window, or a targetWindow, and says why not otherwise', () => {
    expect(parentFrame({ allowedOrigins: [ORIGIN] }).detect()).toMatch(/not in an iframe/);
    expect(parentFrame({ allowedOrigins: [ORIGIN], targetWindow: window }).detect()).toBe(true);
    expect(parentFrame({ allowedOrigins: [ORIGIN] }).vendor).toBe('parent-frame');
  });

  it('the handshake error names the allowed origins and the likely cause', () => {
    const error = parentFrame({ allowedOrigins: [ORIGIN, /^https:\/\/books\.zoho\.(com|eu)$/] }).notReady!(10_000);
    expect(error.code).toBe('CHANNEL_ERROR');
    expect(error.message).toContain('in 10000 ms');
    expect(error.message).toContain(`${ORIGIN}, /^https:\\/\\/books\\.zoho\\.(com|eu)$/`);
    expect(error.message).toContain('origin mismatch');
  });
});

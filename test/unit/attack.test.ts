// The host frame's boundary attacked as a hostile widget would: every request below is sent to the host side
// of the channel (openSession, called as penpal calls it) with whatever a structured clone can deliver. Each
// test asserts the secure outcome: a clear BridgeError and nothing at the SDK. A test marked `it.fails` is an
// attack that SUCCEEDS today (it passes while the hole exists); its comment names the hole.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../src/bridge.js';
import { CAPS } from '../../src/iframe/caps.js';
import { exposeBridge, openSession } from '../../src/iframe/expose.js';
import type { Allow } from '../../src/iframe/policy.js';
import type { WireAnswer } from '../../src/iframe/protocol.js';
import type { AdapterResponse, Bridge, BridgeOptions, BridgeRequest, Capabilities, ResolvedRequest } from '../../src/types.js';
import { zohoFinance } from '../../adapters/zoho-finance.js';
import { simulateZohoFinance } from '../../src/testing/zoho-finance.js';
import { ALL_CAPABILITIES } from '../support/memory-adapter.js';

const CAPABILITIES: Capabilities = { ...ALL_CAPABILITIES, composite: false };
const API = 'https://api.example.com/v1/';
const ORIGIN = 'https://widget.example';

interface Sent {
  request: ResolvedRequest;
  signal: AbortSignal;
  answer(response: AdapterResponse): void;
  fail(error: unknown): void;
}

/**
 * The SDK as the host frame's bridge reaches it: every call recorded. `mode`: `answer` answers 200 at once,
 * `hold` keeps the call pending for the test, `cancellable` too but rejects when its signal fires (an SDK that
 * can cancel), `status` answers that status every time.
 */
function sdk(mode: 'answer' | 'hold' | 'cancellable' | { status: number } = 'answer') {
  const sent: Sent[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const adapter = {
    vendor: 'zoho-finance',
    capabilities: CAPABILITIES,
    detect: () => true as const,
    send(request: ResolvedRequest, signal: AbortSignal): Promise<AdapterResponse> {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const settled = new Promise<AdapterResponse>((resolve, reject) => {
        sent.push({ request, signal, answer: resolve, fail: reject });
        if (mode === 'answer') resolve({ status: 200, body: '{"ok":true}' });
        else if (typeof mode === 'object') resolve({ status: mode.status, body: '{"error":"no"}' });
        else if (mode === 'cancellable') signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
      settled.then(
        () => inFlight--,
        () => inFlight--,
      );
      return settled;
    },
  };
  return { adapter, sent, maxInFlight: () => maxInFlight, inFlight: () => inFlight };
}

/** The host frame: a createBridge over `adapter`, served to one widget document under `allow`. */
function host(adapter: BridgeOptions['adapter'], options: Omit<BridgeOptions, 'adapter'> = {}, allow?: Allow) {
  const bridge = createBridge({ adapter, ...options });
  const target = { closed: false } as Window;
  const session = openSession({ bridge, allowedOrigins: [ORIGIN], allow }, target, { origin: ORIGIN });
  let id = 0;
  const ask = (request: unknown, as: unknown = ++id) => session.methods.request(as as number, request as never);
  return { bridge, session, ask, target };
}

const refused = (answer: WireAnswer, code: string) => expect(answer).toMatchObject({ ok: false, error: { code } });

// ---- header names in every spelling ---------------------------------------------------------------------

describe('headers: the host’s own, and the reserved ones, in every spelling', () => {
  it('a header the host bridge sets is FORBIDDEN in any case and with _ for -, whatever the value', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter, { headers: { 'X-Host-Secret': 's3cret' } });
    for (const name of ['x-host-secret', 'X_HOST_SECRET', 'x-Host_secret', 'X-HOST-SECRET', 'x_host-secret']) {
      for (const value of ['s3cret', 'guess']) {
        const answer = await ask({ connection: 'c', url: API, headers: { [name]: value } });
        refused(answer, 'FORBIDDEN');
        expect(JSON.stringify(answer)).not.toContain('s3cret');
      }
    }
    expect(sent).toHaveLength(0);
  });

  it('a connections entry’s header: a right and a wrong guess of its value get the same answer (no oracle)', async () => {
    const { adapter, sent } = sdk();
    const connections = { key: { 'zoho-finance': { connection: 'hostconn', url: `${API}data`, headers: { 'X-Api-Key': 'k-123' } } } };
    const { ask } = host(adapter, { connections });
    const right = await ask({ connection: 'key', headers: { 'x_api_key': 'k-123' } });
    const wrong = await ask({ connection: 'key', headers: { 'x_api_key': 'nope' } });
    refused(right, 'FORBIDDEN');
    const strip = (answer: WireAnswer) => JSON.stringify(answer).replace(/"elapsed":\d+/, '');
    expect(strip(right)).toBe(strip(wrong));
    expect(strip(right)).not.toContain('k-123');
    expect(strip(right)).not.toContain('hostconn');
    expect(sent).toHaveLength(0);
  });

  it('names outside the RFC 9110 token (Unicode that folds to ASCII, trailing spaces, colons, NUL) are INVALID_REQUEST', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter, { headers: { Authorization: 'Bearer host' } });
    // U+212A KELVIN SIGN lower-cases to k, U+0131 dotless i upper-cases to I, U+017F long s upper-cases to S.
    for (const name of ['Coo\u212Aie', 'Authorizat\u0131on', 'X-Ho\u017Ft', 'Ａuthorization', 'Authorization ', ' Authorization', 'Authorization:', 'Author\u0000ization', '']) {
      refused(await ask({ connection: 'c', url: API, headers: { [name]: 'x' } }), 'INVALID_REQUEST');
    }
    expect(sent).toHaveLength(0);
  });

  it('reserved names are refused by default in every case and with _ for -', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    const names = [
      'AUTHORIZATION', 'cookie', 'Host', 'proxy_authorization', 'Proxy-Connection', 'X_HTTP_METHOD_OVERRIDE', 'x-http-method', 'X_Method_Override',
      'x_original_url', 'X-REWRITE-URL', 'forwarded', 'X_Forwarded_For', 'x-forwarded-host', 'X_Host', 'connection', 'TRANSFER_ENCODING',
      'content_length', 'te', 'Upgrade', 'keep_alive',
    ];
    for (const name of names) refused(await ask({ connection: 'c', url: API, headers: { [name]: 'x' } }), 'FORBIDDEN');
    expect(sent).toHaveLength(0);
  });

  // Was a HOLE (httpoxy, CVE-2016-5385 and kin): a `Proxy` request header becomes HTTP_PROXY in CGI-style
  // servers (PHP, Go net/http/cgi, Python wsgiref), which then send their own outbound calls through the
  // widget's proxy. RESERVED had `proxy-.*`, which needs the dash; now `proxy(?:-.*)?` (the one-line fix).
  it('httpoxy: a widget’s `Proxy` header is refused by default', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    refused(await ask({ connection: 'c', url: API, headers: { Proxy: 'http://evil.example:8080' } }), 'FORBIDDEN');
    expect(sent).toHaveLength(0);
  });

  // HOLE (LOW): RESERVED names "routing headers proxies and frameworks read as the URL or the client", but the
  // client-address headers that nginx real_ip, Rails, Express `trust proxy`, Akamai and Cloudflare read are not in
  // it, nor `Trailer` (hop-by-hop in RFC 2616 and to most proxies). A widget can pose as another client address to
  // an upstream that rate-limits or allow-lists by it.
  it('client-address and the remaining hop-by-hop headers are refused by default', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    for (const name of ['X-Real-IP', 'True-Client-IP', 'X-Client-IP', 'CF-Connecting-IP', 'X-Cluster-Client-IP', 'Trailer']) {
      refused(await ask({ connection: 'c', url: API, headers: { [name]: '127.0.0.1' } }), 'FORBIDDEN');
    }
    expect(sent).toHaveLength(0);
  });

  // HOLE (functional, not a bypass): the gate judges `checked.request.headers` after the HOST's own
  // beforeRequest hooks, so a header the host's hook adds (a token it refreshes, here Authorization) is judged as
  // the widget's and every widget request is FORBIDDEN. The view should hold the headers the widget sent.
  it('a header the host’s own beforeRequest hook adds is the host’s, not judged as the widget’s', async () => {
    const { adapter, sent } = sdk();
    const hooks = { beforeRequest: [(request: BridgeRequest) => ({ ...request, headers: { ...(request.headers as Record<string, string>), Authorization: 'Bearer host' } })] };
    const { ask } = host(adapter, { hooks });
    expect(await ask({ connection: 'c', url: API })).toMatchObject({ ok: true });
    expect(sent[0]!.request.headers).toMatchObject({ Authorization: 'Bearer host' });
  });
});

// ---- path and URL spellings -----------------------------------------------------------------------------

describe('urls: every spelling a server may read otherwise', () => {
  const allow = { urls: [API] };
  const refusedSpellings = [
    // WHATWG resolves these, and the judged URL leaves /v1/: refused by the prefix.
    'https://api.example.com/v1/../admin',
    'https://api.example.com/v1/%2e%2e/admin',
    'https://api.example.com/v1/.%2E/admin',
    'https://api.example.com/v1/.\t./admin',
    'https://api.example.com/v1/%2e%2e%2fadmin',
    // Encoded separators and backslashes.
    'https://api.example.com/v1/x%2F..%2Fadmin',
    'https://api.example.com/v1/x%5c..%5cadmin',
    'https://api.example.com/v1\\..\\admin',
    // Servers that strip ;params or decode in other ways.
    'https://api.example.com/v1/..;/admin',
    'https://api.example.com/v1/.%2e;x/admin',
    'https://api.example.com/v1/..%3b/admin',
    'https://api.example.com/v1/%2e%2e%3B/admin',
    'https://api.example.com/v1/%c0%ae%c0%ae/admin',
    'https://api.example.com/v1/%e0%80%ae%e0%80%ae/admin',
    'https://api.example.com/v1/..%c0%afadmin',
    'https://api.example.com/v1/%u002e%u002e/admin',
    'https://api.example.com/v1/%U002E%U002E/admin',
    'https://api.example.com/v1/..%00/admin',
    'https://api.example.com/v1/x%0a/admin',
    // NFKC look-alikes, raw and encoded.
    'https://api.example.com/v1/．．/admin',
    'https://api.example.com/v1/%ef%bc%8e%ef%bc%8e/admin',
    'https://api.example.com/v1/‥/admin',
    'https://api.example.com/v1/﹒﹒/admin',
    'https://api.example.com/v1/..／admin',
    'https://api.example.com/v1/..⁄admin',
    'https://api.example.com/v1/..∕admin',
    'https://api.example.com/v1/..⧸admin',
    'https://api.example.com/v1/..﹨admin',
    'https://api.example.com/v1/..＼admin',
    // Hosts, ports and user information.
    'https://api.example.com.evil.example/v1/',
    'https://api.example.com:8443/v1/',
    'https://api.example.com@evil.example/v1/',
    'https://evil.example#@api.example.com/v1/',
    'https://evil.example?@api.example.com/v1/',
    'https://user:pw@api.example.com/v1/',
    'https://api.example.com./v1/',
    'https://аpi.example.com/v1/',
    'https://api.example.com%2eevil.example/v1/',
    'http://api.example.com/v1/',
    'https:api.example.com.evil.example/v1/',
    'https://api.example.com/v1',
  ];
  it.each(refusedSpellings)('%s is refused and nothing is sent', async (url) => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter, {}, allow);
    const answer = await ask({ connection: 'c', url });
    expect(answer.ok).toBe(false);
    expect(['FORBIDDEN', 'INVALID_REQUEST']).toContain((answer as { error: { code: string } }).error.code);
    expect(sent).toHaveLength(0);
  });

  // Spellings WHATWG maps onto the allowed host and path: allowed, and the SDK receives the normalised href.
  const normalised: Array<[string, string]> = [
    ['HTTPS://API.EXAMPLE.COM:443/v1/a', `${API}a`],
    ['https://api.example.com:0443/v1/a', `${API}a`],
    ['https://ａｐｉ.example.com/v1/a', `${API}a`],
    ['https://api%2Eexample.com/v1/a', `${API}a`],
    ['https:api.example.com/v1/a', `${API}a`],
    ['https://api.example.com/v1/x/../a#/../../admin', `${API}a`],
    ['https://api.example.com/v1/{{ pathParams.id }}/a', `${API}7/a`],
  ];
  it.each(normalised)('%s is sent as %s', async (url, href) => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter, {}, allow);
    expect(await ask({ connection: 'c', url, pathParams: { id: 7 } })).toMatchObject({ ok: true });
    expect(sent[0]!.request.url).toBe(href);
  });

  // HOLE (LOW): the method overrides are refused as headers only. Symfony and Laravel (http_method_override)
  // read `_method` from the query of a POST as well as from its body, and Express method-override can be set
  // to read the query: under { methods: ['GET', 'POST'] } a widget's POST `?_method=DELETE` is a DELETE to
  // such a server. Fix: where the policy lists methods, refuse a `_method` query key (any case) and a form or
  // JSON body field `_method`, or judge the method they name.
  // Open (see the closing note of issue 22): kept as the attack that still succeeds.
  it.fails('a POST with ?_method=DELETE is refused under methods [GET, POST]', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter, {}, { methods: ['GET', 'POST'] });
    refused(await ask({ connection: 'c', url: API, method: 'POST', query: { _method: 'DELETE' } }), 'FORBIDDEN');
    refused(await ask({ connection: 'c', url: API, method: 'POST', body: { kind: 'form', value: '_method=DELETE' } }), 'FORBIDDEN');
    expect(sent).toHaveLength(0);
  });

  it('path parameters cannot build a dot segment or a host the policy did not judge', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter, {}, allow);
    const tries: Array<[string, Record<string, string>]> = [
      ['https://api.example.com/v1/{{pathParams.a}}{{pathParams.b}}/admin', { a: '.', b: '.' }],
      ['https://api.example.com/v1/{{pathParams.a}}./admin', { a: '.' }],
      ['https://api.example.com/v1/x/{{pathParams.a}}/admin', { a: '..' }],
      ['https://api.example.com/v1/{{pathParams.a}}/admin', { a: '%2e%2e' }],
      ['https://{{pathParams.h}}/v1/', { h: 'evil.example' }],
      ['https://api.example.com{{pathParams.h}}/v1/', { h: '.evil.example' }],
    ];
    for (const [url, pathParams] of tries) expect((await ask({ connection: 'c', url, pathParams })).ok).toBe(false);
    expect(sent).toHaveLength(0);
  });

  // HOLE (LOW): one decode only. Servers and proxies that decode twice (IIS's classic double decode, a proxy
  // that decodes before a framework that decodes again, Spring's double-decoding firewalls off) read
  // `%252e%252e` as `..`, `%252f` as `/` and `%255c` as `\`; pathSpelling() decodes once and finds `%2e%2e`.
  // Fix: refuse `%25` followed by a hex pair that decodes to `.`, `/`, `\`, `;` or `%` (or refuse `%25` in the path).
  for (const url of [
    'https://api.example.com/v1/%252e%252e/admin',
    'https://api.example.com/v1/x%252f..%252fadmin',
    'https://api.example.com/v1/x%255c..%255cadmin',
    'https://api.example.com/v1/%25%32%65%25%32%65/admin',
  ]) {
    it(`double-encoded ${url} is refused`, async () => {
      const { adapter, sent } = sdk();
      const { ask } = host(adapter, {}, allow);
      refused(await ask({ connection: 'c', url }), 'FORBIDDEN');
      expect(sent).toHaveLength(0);
    });
  }

  // HOLE (LOW): fullwidth percent sign and digits fold (NFKC) to `%2e%2e`, which a server that folds and then
  // decodes reads as `..`; pathSpelling() folds after decoding, never decodes the fold.
  it('fullwidth ％２ｅ％２ｅ (NFKC: %2e%2e) is refused', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter, {}, allow);
    refused(await ask({ connection: 'c', url: 'https://api.example.com/v1/％２ｅ％２ｅ/admin' }), 'FORBIDDEN');
    expect(sent).toHaveLength(0);
  });
});

// ---- message shapes a structured clone can deliver ------------------------------------------------------

describe('shapes: what postMessage can carry instead of a request', () => {
  const sparse = (length: number) => {
    const array: unknown[] = [];
    array.length = length;
    return array;
  };

  it('a request that is not a plain object is INVALID_REQUEST', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    const shapes: unknown[] = [
      null, undefined, 'GET', 42, true, 10n, [{ connection: 'c', url: API }], new Map([['connection', 'c']]), new Set(['c']),
      new Date(), /c/, new Uint8Array(8), new ArrayBuffer(8), new Blob(['x']), new String('connection'), new Error('c'), sparse(1_000_000),
    ];
    for (const shape of shapes) refused(await ask(shape), 'INVALID_REQUEST');
    expect(sent).toHaveLength(0);
  });

  it('fields of the wrong type (Maps, Sets, Dates, typed arrays, pairs, String objects) are INVALID_REQUEST', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    const odd: unknown[] = [new Map([['a', '1']]), new Set(['a']), new Date(), new Uint8Array(4), [['a', '1']], new String('ab'), sparse(10)];
    for (const field of ['connection', 'method', 'url', 'query', 'pathParams', 'headers', 'timeout', 'retry', 'composite', 'responseType', 'body']) {
      for (const value of odd) refused(await ask({ connection: 'c', url: API, [field]: value }), 'INVALID_REQUEST');
    }
    expect(sent).toHaveLength(0);
  });

  it('a JSON body holding what is not JSON (Map, Set, Date, RegExp, typed arrays, Blob, BigInt, holes, -0 aside) is INVALID_REQUEST', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    const values: unknown[] = [
      new Map([['a', 1]]), new Set([1]), new Date(0), /x/g, new Uint8Array(4), new Float64Array(2), new ArrayBuffer(4), new DataView(new ArrayBuffer(4)),
      new Blob(['x']), 10n, [1, , 3], sparse(1_000_000), NaN, Infinity, new Boolean(true), new Number(1), new String('s'), new Error('e'),
    ];
    for (const value of values) {
      refused(await ask({ connection: 'c', url: API, method: 'POST', body: { kind: 'json', value: { a: value } } }), 'INVALID_REQUEST');
    }
    refused(await ask({ connection: 'c', url: API, method: 'POST', body: { kind: 'xml', value: '<a/>' } }), 'INVALID_REQUEST');
    refused(await ask({ connection: 'c', url: API, method: 'POST', body: 'raw text, untagged' }), 'INVALID_REQUEST');
    expect(sent).toHaveLength(0);
  });

  it('nesting 200 000 levels deep is INVALID_REQUEST (no stack overflow), and so are 100 001 values', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    refused(await ask({ connection: 'c', url: API, method: 'POST', body: { kind: 'json', value: deep } }), 'INVALID_REQUEST');
    const wide = Object.fromEntries(Array.from({ length: CAPS.bodyValues }, (_, i) => [`k${i}`, i]));
    refused(await ask({ connection: 'c', url: API, method: 'POST', body: { kind: 'json', value: wide } }), 'INVALID_REQUEST');
    expect(sent).toHaveLength(0);
  });

  it('huge strings in every field are INVALID_REQUEST', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    const huge = 'a'.repeat(10_000_000);
    const requests = [
      { connection: huge, url: API },
      { connection: 'c', url: `${API}${huge}` },
      { connection: 'c', url: API, headers: { 'X-A': huge } },
      { connection: 'c', url: API, headers: { [huge.slice(0, 100_000)]: 'x' } },
      { connection: 'c', url: API, query: { q: huge } },
      { connection: 'c', url: API, query: { [huge]: '1' } },
      { connection: 'c', url: API, query: { q: Array.from({ length: 100_000 }, () => 'x') } },
      { connection: 'c', url: API, pathParams: { p: huge } },
      { connection: 'c', url: API, method: 'POST', body: { kind: 'text', value: huge } },
      { connection: 'c', url: API, method: 'POST', body: { kind: 'form', value: huge } },
      { connection: 'c', url: API, method: 'POST', body: { kind: 'json', value: { a: huge } } },
      { connection: 'c', url: API, method: 'POST', body: { kind: 'json', value: { [huge]: 1 } } },
      { connection: 'c', url: API, retry: { limit: 1, statusCodes: Array.from({ length: 100_000 }, () => 503) } },
      Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`f${i}`, i])),
    ];
    for (const request of requests) refused(await ask(request), 'INVALID_REQUEST');
    expect(sent).toHaveLength(0);
  });

  // HOLE (MEDIUM: freezes the host frame). The caps are counted with Object.keys(), which first builds every
  // key: a typed array (or a String object) is cheap to clone (a memcpy) and costs one string per element to
  // list. Measured in Node: Object.keys(new Uint8Array(1e7)) 8.7 s against 0.38 s to clone it; a String
  // object of 1e7 characters 15.8 s. Where: decodeRequest() takes any non-array object as the request
  // (isRecord), then wireSizeIssue() calls Object.keys(request); recordIssue/queryIssue/jsonIssue do the same
  // for headers, query, pathParams and each body object, and a dense array in a body has its keys listed before
  // its length is compared with the cap. Fix: accept only plain objects (prototype Object.prototype or null)
  // before listing keys, compare an array's `length` with the cap first, and refuse typed arrays,
  // ArrayBuffers and boxed primitives outright. Measured here without timing: the largest key list the host
  // builds for one oversized request must stay within the caps.
  it('an oversized typed array, String object or dense array costs the host O(cap), not O(size)', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    const size = CAPS.bodyValues * 3;
    const keys = vi.spyOn(Object, 'keys');
    try {
      const shapes = [
        new Uint8Array(size),
        { connection: 'c', url: API, headers: new Uint8Array(size) },
        { connection: 'c', url: API, query: new String('x'.repeat(size)) },
        { connection: 'c', url: API, method: 'POST', body: { kind: 'json', value: new Array(size).fill(0) } },
      ];
      for (const shape of shapes) refused(await ask(shape), 'INVALID_REQUEST');
      const longest = Math.max(...keys.mock.results.map((result) => (Array.isArray(result.value) ? result.value.length : 0)));
      expect(longest).toBeLessThanOrEqual(CAPS.bodyValues + 1);
    } finally {
      keys.mockRestore();
    }
    expect(sent).toHaveLength(0);
  });

  // HOLE (LOW/MEDIUM): CAPS.url (8 192 characters, "most servers refuse a longer request line") caps the url as
  // written, but the query is appended after it and capped only per pair (512 pairs of 8 192-character keys and
  // values): 8.4 MB of query reach the SDK, and building and judging it took the host 100-150 ms (jsdom). Fix:
  // cap the query's total characters (keys and values together) so that url + query stays within CAPS.url.
  it('the query counts toward the url cap: 8 MB of query within the per-pair caps is INVALID_REQUEST', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    const part = 'x'.repeat(CAPS.queryPart - 8);
    const query = Object.fromEntries(Array.from({ length: CAPS.query }, (_, i) => [`${part}${i}`, part]));
    refused(await ask({ connection: 'c', url: API, query }), 'INVALID_REQUEST');
    expect(sent).toHaveLength(0);
  });

  // HOLE (MEDIUM): CAPS.bodyText caps text, form and JSON bodies, but a multipart body's entries are counted
  // (256) and never measured: each name and string value may be any length, and a Blob any size (a Blob crosses
  // postMessage by reference, so a 1 GB one costs the widget nothing to send). bodyIssue() should add up names,
  // string values and Blob sizes against the body cap.
  it('a multipart body is capped like every other body: long strings and large Blobs are INVALID_REQUEST', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    const big = CAPS.bodyText + 1;
    refused(await ask({ connection: 'c', url: API, method: 'POST', body: { kind: 'multipart', entries: [['a', 'x'.repeat(big)]] } }), 'INVALID_REQUEST');
    refused(await ask({ connection: 'c', url: API, method: 'POST', body: { kind: 'multipart', entries: [['x'.repeat(big), 'a']] } }), 'INVALID_REQUEST');
    refused(await ask({ connection: 'c', url: API, method: 'POST', body: { kind: 'multipart', entries: [['f', new Blob([new Uint8Array(big)]), 'f.bin']] } }), 'INVALID_REQUEST');
    expect(sent).toHaveLength(0);
  });
});

// ---- request ids, floods and races ----------------------------------------------------------------------

describe('ids, floods and races', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('a reused id in flight is refused; the first request runs on, still cancellable under its id', async () => {
    const { adapter, sent } = sdk('cancellable');
    const { ask } = host(adapter);
    const first = ask({ connection: 'c', url: `${API}1` }, 7);
    await vi.advanceTimersByTimeAsync(0);
    refused(await ask({ connection: 'c', url: `${API}2` }, 7), 'INVALID_REQUEST');
    expect(sent).toHaveLength(1);
    sent[0]!.answer({ status: 200, body: '1' });
    expect(await first).toMatchObject({ ok: true, response: { data: 1 } });
  });

  it('a reused id cannot take over the first request’s cancel, and ids of other types are other ids', async () => {
    const { adapter, sent } = sdk('cancellable');
    const { session, ask } = host(adapter);
    const first = ask({ connection: 'c', url: `${API}1` }, 1);
    await vi.advanceTimersByTimeAsync(0);
    await ask({ connection: 'c', url: `${API}2` }, 1);
    // '1', 1n-like strings, NaN and objects are not the id 1; a cancel of any of them leaves request 1 alone.
    for (const other of ['1', ' 1', 1.0000001, NaN, -1, {}, [1], null, undefined]) session.methods.cancel(other as number);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent[0]!.signal.aborted).toBe(false);
    session.methods.cancel(1);
    refused(await first, 'ABORTED');
  });

  it('ids that are not numbers work as opaque keys: a reused one is refused, another is not', async () => {
    const { adapter, sent } = sdk('hold');
    const { ask } = host(adapter);
    void ask({ connection: 'c', url: API }, NaN);
    void ask({ connection: 'c', url: API }, 'x');
    await vi.advanceTimersByTimeAsync(0);
    refused(await ask({ connection: 'c', url: API }, NaN), 'INVALID_REQUEST');
    refused(await ask({ connection: 'c', url: API }, 'x'), 'INVALID_REQUEST');
    expect(sent).toHaveLength(2);
  });

  it('a cancel before its request, or of an id never sent, changes nothing', async () => {
    const { adapter, sent } = sdk('cancellable');
    const { session, ask } = host(adapter);
    session.methods.cancel(5);
    session.methods.cancel(99);
    const answer = ask({ connection: 'c', url: API }, 5);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent[0]!.signal.aborted).toBe(false);
    sent[0]!.answer({ status: 200, body: '{}' });
    expect(await answer).toMatchObject({ ok: true });
  });

  it('a flood of 2 000 requests keeps at most `concurrency` SDK calls in flight, and a goodbye aborts them all', async () => {
    const { adapter, sent, maxInFlight } = sdk('cancellable');
    const { session, ask, bridge } = host(adapter, { concurrency: 2, timeout: 60_000 });
    const flood = Array.from({ length: 2_000 }, (_, i) => ask({ connection: 'c', url: `${API}${i}` }));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
    session.end();
    for (const answer of await Promise.all(flood)) refused(answer, 'ABORTED');
    expect(maxInFlight()).toBe(2);
    // The host's own request is not left behind the flood.
    const own = bridge.request({ connection: 'c', url: API });
    await vi.advanceTimersByTimeAsync(0);
    sent.at(-1)!.answer({ status: 200, body: '{}' });
    await expect(own).resolves.toMatchObject({ status: 200 });
    expect(sent).toHaveLength(3);
  });

  it('another widget’s session cannot cancel this one’s request of the same id', async () => {
    const { adapter, sent } = sdk('cancellable');
    const bridge = createBridge({ adapter });
    const open = (origin: string) => openSession({ bridge, allowedOrigins: ['*'] }, { closed: false } as Window, { origin });
    const mine = open(ORIGIN);
    const theirs = open('https://sibling.example');
    const pending = mine.methods.request(1, { connection: 'c', url: API });
    await vi.advanceTimersByTimeAsync(0);
    theirs.methods.cancel(1);
    theirs.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent[0]!.signal.aborted).toBe(false);
    sent[0]!.answer({ status: 200, body: '{}' });
    expect(await pending).toMatchObject({ ok: true });
  });

  // HOLE (MEDIUM, availability): the host bridge's concurrency queue is one FIFO shared by the host's own
  // requests and every widget's, with no share per widget and no bound on a widget's queued requests. A widget
  // that queues N requests (each within every cap) puts the host's own request, and every other widget's, behind
  // all N: here 50 queued requests against a 1 s SDK make the host's own request time out at 10 s. Fix: a
  // per-session bound on requests in flight and queued (an exposeBridge `limits: { inFlight }` option with a
  // small default), refusing beyond it with a clear error, or a fair queue across sessions.
  // Open (see the closing note of issue 22): kept as the attack that still succeeds.
  it.fails('a flood from one widget does not starve the host’s own requests', async () => {
    const slow = sdk('hold');
    const answerLater = { ...slow.adapter, send: (request: ResolvedRequest, signal: AbortSignal) => {
      const call = slow.adapter.send(request, signal);
      setTimeout(() => slow.sent.at(-1)!.answer({ status: 200, body: '{}' }), 1_000);
      return call;
    } };
    const { ask, bridge } = host(answerLater, { concurrency: 1, timeout: 10_000 });
    const flood = Array.from({ length: 50 }, (_, i) => ask({ connection: 'c', url: `${API}${i}` }));
    await vi.advanceTimersByTimeAsync(0);
    const own = bridge.request({ connection: 'c', url: `${API}own` }).then(
      () => 'answered',
      (error: { code: string }) => error.code,
    );
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(flood);
    expect(await own).toBe('answered');
  });

  it('a cancel while an async policy is deciding, or a goodbye while the host starts, sends nothing afterwards', async () => {
    const { adapter, sent } = sdk('cancellable');
    let decide!: (verdict: boolean) => void;
    const { session, ask } = host(adapter, {}, () => new Promise<boolean>((resolve) => (decide = resolve)));
    const judged = ask({ connection: 'c', url: API }, 1);
    await vi.advanceTimersByTimeAsync(0);
    session.methods.cancel(1);
    decide(true);
    refused(await judged, 'ABORTED');
    let start!: () => void;
    const slowHost = { ...sdk('cancellable').adapter, init: () => new Promise<void>((resolve) => (start = resolve)) };
    const second = host(slowHost);
    const starting = second.ask({ connection: 'c', url: API });
    await vi.advanceTimersByTimeAsync(0);
    second.session.end();
    start();
    refused(await starting, 'ABORTED');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(0);
  });

  it('a goodbye mid-retry: no SDK call after it, however long the host waits', async () => {
    const { adapter, sent } = sdk({ status: 503 });
    const { session, ask } = host(adapter, { retry: { limit: 5, backoff: () => 1_000 }, timeout: 60_000 });
    const pending = ask({ connection: 'c', url: API, retry: 5 });
    await vi.advanceTimersByTimeAsync(1_500);
    const before = sent.length;
    session.end();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(before);
    refused(await pending, 'ABORTED');
  });
});

// ---- retries and timeouts beyond the host's -------------------------------------------------------------

describe('retries and timeouts: the host’s are the ceiling', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('odd timeouts and retry objects are INVALID_REQUEST', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter);
    const bad: Array<Record<string, unknown>> = [
      ...[0, -1, NaN, Infinity, 1.5, 2 ** 31, '1000', null, 1e308].flatMap((ms) => [{ timeout: ms }, { attemptTimeout: ms }]),
      { retry: { limit: 11 } }, { retry: { limit: -1 } }, { retry: { limit: '2' } }, { retry: { limit: 2, backoff: 5 } }, { retry: { limit: 2, extra: 1 } },
      { retry: { limit: 2, methods: 'POST' } }, { retry: { limit: 2, methods: ['post'] } }, { retry: { limit: 2, statusCodes: [99] } }, { retry: { limit: 2, statusCodes: [503.5] } },
      { retry: {} }, { retry: Infinity }, { retry: null }, { retry: [3] },
    ];
    for (const fields of bad) refused(await ask({ connection: 'c', url: API, ...fields }), 'INVALID_REQUEST');
    expect(sent).toHaveLength(0);
  });

  it('a widget’s timeout beyond the host’s ends at the host’s', async () => {
    const { adapter, sent } = sdk('hold');
    const { ask } = host(adapter, { timeout: 1_000 });
    const answer = ask({ connection: 'c', url: API, timeout: 2_000_000_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    refused(await answer, 'TIMEOUT');
    expect(sent).toHaveLength(1);
  });

  it('retry asks beyond the host’s: limit, POST, statuses the host does not retry', async () => {
    const { adapter, sent } = sdk({ status: 503 });
    const { ask } = host(adapter, { retry: { limit: 1, backoff: () => 10 }, timeout: 60_000 });
    const post = ask({ connection: 'c', url: API, method: 'POST', retry: { limit: 10, methods: ['POST'], statusCodes: [503] } });
    await vi.advanceTimersByTimeAsync(60_000);
    refused(await post, 'HTTP_ERROR');
    expect(sent).toHaveLength(1);
    const get = ask({ connection: 'c', url: API, retry: { limit: 10, statusCodes: [503, 400] } });
    await vi.advanceTimersByTimeAsync(60_000);
    refused(await get, 'HTTP_ERROR');
    expect(sent).toHaveLength(3);
  });

  it('a host that retries nothing: a widget’s retries are none', async () => {
    const { adapter, sent } = sdk({ status: 503 });
    const { ask } = host(adapter, { timeout: 60_000 });
    const get = ask({ connection: 'c', url: API, retry: 10 });
    await vi.advanceTimersByTimeAsync(60_000);
    refused(await get, 'HTTP_ERROR');
    expect(sent).toHaveLength(1);
  });

  it('attemptTimeout 1 with retries cannot put more SDK calls in flight than `concurrency`', async () => {
    const { adapter, sent, maxInFlight } = sdk('hold');
    const { ask } = host(adapter, { concurrency: 1, retry: { limit: 3, backoff: () => 0 }, timeout: 30_000 });
    const answers = [1, 2, 3].map(() => ask({ connection: 'c', url: API, attemptTimeout: 1, retry: 3 }));
    await vi.advanceTimersByTimeAsync(30_000);
    for (const answer of await Promise.all(answers)) refused(answer, 'TIMEOUT');
    expect(maxInFlight()).toBe(1);
    expect(sent).toHaveLength(1);
  });
});

// ---- oracles and leaks of the host's connections map ----------------------------------------------------

describe('oracles and leaks: what crosses names only what the widget sent', () => {
  const ENTRY_URL = 'https://api.example.com/v1/data?token=SECRET-TOKEN';
  const connections = {
    key: { 'zoho-finance': { connection: 'host_secret_conn', url: ENTRY_URL, headers: { 'X-Api-Key': 'k-123' } } },
    slots: { 'zoho-finance': { connection: 'host_secret_conn', url: 'https://api.example.com/v1/{{pathParams.internal_tenant}}/x' } },
  };
  const strip = (answer: WireAnswer) => JSON.stringify(answer).replace(/"elapsed":\d+/g, '');
  const noSecrets = (answer: WireAnswer) => {
    for (const secret of ['SECRET-TOKEN', 'host_secret_conn', 'k-123', 'internal_tenant']) expect(strip(answer)).not.toContain(secret);
  };

  it('errors of a keyed request carry no entry values and no map keys', async () => {
    const { adapter } = sdk({ status: 500 });
    const { ask } = host(adapter, { connections });
    for (const request of [
      { connection: 'key', method: 'GET', body: { kind: 'text', value: 'x' } },
      { connection: 'key', composite: true },
      { connection: 'key', url: 'https://api.example.com/v1/other' },
      { connection: 'key', headers: { 'x-api-key': 'guess' } },
      { connection: 'key' },
      { connection: 'kye' },
      { connection: 'key', pathParams: { bad: '..' } },
    ]) {
      const answer = await ask(request);
      expect(answer.ok).toBe(false);
      noSecrets(answer);
      expect(strip(answer)).not.toContain('"slots"');
    }
  });

  // HOLE (LOW): a policy function that throws has its error's message sent to the widget
  // (policy.ts functionRefusal: "the host frame's policy failed (<message>)"). That text is the host's own
  // (an allow-list fetch that failed with its internal url and key, a lookup naming a host connection). Fix:
  // say only that the policy failed; give the message to the host's `debug`.
  it('a throwing policy function’s message stays in the host frame', async () => {
    const { adapter, sent } = sdk();
    const allow = () => {
      throw new Error('GET https://allowlist.internal/rules?key=HOST-KEY failed');
    };
    const { ask } = host(adapter, {}, allow);
    const answer = await ask({ connection: 'c', url: API });
    refused(answer, 'FORBIDDEN');
    expect(JSON.stringify(answer)).not.toContain('HOST-KEY');
    expect(sent).toHaveLength(0);
  });

  // HOLE (MEDIUM where an entry's url carries a credential or a tenant in its query): the widget's query is
  // appended to the entry's url, so a key the entry's url already sets is sent twice (`?token=HOST&token=MINE`).
  // PHP, Rails and Go's FormValue-style readers take the last value or the first by framework, so the widget
  // replaces (or shadows) the host's own parameter: the query twin of "a header the connections entry sets is
  // never the widget's to replace". Fix: for a widget, a query key that the entry's url (or a url policy prefix)
  // already holds is FORBIDDEN, compared as servers decode keys (percent-decoded, `+` as space), whatever the value.
  it('a query key the entry’s url sets is not the widget’s to repeat', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter, { connections });
    refused(await ask({ connection: 'key', query: { token: 'MINE' } }), 'FORBIDDEN');
    expect(sent).toHaveLength(0);
  });

  // HOLE (LOW/MEDIUM): a yes/no test of the entry's url. checkAgainstEntry() lets a request through when its url
  // equals the entry's and refuses it (INVALID_REQUEST) when it differs, so a widget that guesses the url (a
  // token in its query, an internal host name) learns whether it is right from the code it gets back. The header
  // check was made value-blind (refuseHostHeaders); the url was not. Fix: for a widget, a request that names a
  // connections key may not carry `url` (nor `method`, by the same argument) at all: INVALID_REQUEST whatever
  // the value.
  it('a right and a wrong guess of the entry’s url get the same answer', async () => {
    const { adapter, sent } = sdk();
    const { ask } = host(adapter, { connections });
    const right = await ask({ connection: 'key', url: ENTRY_URL });
    const wrong = await ask({ connection: 'key', url: 'https://api.example.com/v1/data?token=GUESS' });
    expect(strip(right)).toBe(strip(wrong));
    expect(sent).toHaveLength(0);
  });

  // HOLE (LOW, by the letter of API.md "nothing of the host's connections map that the widget did not send"):
  // MISSING_PATH_PARAMETERS names the slots of the entry's url (message and `params`), so a widget learns the
  // template's parameter names without sending them.
  // Open (see the closing note of issue 22): kept as the attack that still succeeds.
  it.fails('MISSING_PATH_PARAMETERS for an entry’s url does not name the entry’s slots', async () => {
    const { adapter } = sdk();
    const { ask } = host(adapter, { connections });
    const answer = await ask({ connection: 'slots' });
    refused(answer, 'MISSING_PATH_PARAMETERS');
    noSecrets(answer);
  });

  // HOLE (MEDIUM): the SDK's own error text crosses whole. Zoho Finance (here its simulator, as zf_sdk.js
  // reports it) names the connection link name it was given: the host's `connection` from the entry, which the
  // widget never sent. And `cause` (the SDK's rejection value) crosses too (BridgeError.toJSON keeps it). Fix:
  // for a widget's request, scrub the entry's values (connection name, url and its query, header values) from
  // message, detail and cause before encodeError, or drop `cause` and the SDK's text across the channel.
  it('an SDK error for a keyed request does not name the host’s connection', async () => {
    const target: Record<string, unknown> = {};
    const sim = simulateZohoFinance(target, { connections: { other: () => ({ body: {} }) } });
    const { ask } = host(zohoFinance({ zfapps: sim.zfapps }), { connections, timeout: 1_000 });
    const answer = await ask({ connection: 'key' });
    refused(answer, 'CONNECTOR_ERROR');
    noSecrets(answer);
  });
});

// ---- one origin, one policy -----------------------------------------------------------------------------

describe('one origin, one policy', () => {
  const frames: HTMLIFrameElement[] = [];
  const handles: Array<{ destroy(): void }> = [];
  afterEach(() => {
    for (const handle of handles.splice(0)) handle.destroy();
    for (const frame of frames.splice(0)) frame.remove();
  });
  const iframe = () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    frames.push(frame);
    return frame;
  };
  const expose = (bridge: Bridge, allowedOrigins: Array<string | RegExp>, allow?: Allow) => {
    const handle = exposeBridge({ bridge, iframe: iframe(), allowedOrigins, allow });
    handles.push(handle);
    return handle;
  };

  it('a second policy for an origin already served throws, in either order of RegExp and exact origin', () => {
    const bridge = createBridge({ adapter: sdk().adapter });
    expose(bridge, [ORIGIN], { methods: ['GET'] });
    expect(() => expose(bridge, [ORIGIN], { methods: ['GET', 'POST'] })).toThrow(/already served/);
    expect(() => expose(createBridge({ adapter: sdk().adapter }), [ORIGIN], { methods: ['GET'] })).toThrow(/already served/);
    expect(() => expose(bridge, ['https://other.example', ORIGIN], { methods: ['POST'] })).toThrow(/already served/);
    const regexpFirst = createBridge({ adapter: sdk().adapter });
    expose(regexpFirst, [/^https:\/\/w2\.example$/], {});
    expect(() => expose(regexpFirst, ['https://w2.example'], { methods: ['GET'] })).toThrow(/already served/);
    // The same bridge under the same policy: one policy, served to two frames.
    expect(() => expose(bridge, [ORIGIN], { methods: ['GET'] })).not.toThrow();
  });

  // HOLE (LOW, needs a host that writes it): samePolicy() compares lists by text, writing a RegExp as
  // `/source/flags`, so the string prefix '/^https:\/\/.*/' (which admits nothing) and the RegExp
  // /^https:\/\/.*/ (which admits every https url) count as one policy, and one origin is served under both.
  it('a string and a RegExp that print alike are two policies', () => {
    const bridge = createBridge({ adapter: sdk().adapter });
    expose(bridge, ['https://w3.example'], { urls: ['/^https:\\/\\/.*/'] });
    expect(() => expose(bridge, ['https://w3.example'], { urls: [/^https:\/\/.*/] })).toThrow(/already served/);
  });
});

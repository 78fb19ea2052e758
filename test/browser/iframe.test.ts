// The iframe channel in real Chromium, across two real origins: host pages from http://127.0.0.1:<port>,
// widget pages from http://localhost:<port2>. Pages load the built UMD bundles from /dist. Every test runs
// with both widget clients: parentBridge (nested only) and createBridge + parentFrame.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { launchChromium, startServers } from './harness.mjs';
import type { Servers } from './harness.mjs';

let servers: Servers;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [servers, browser] = await Promise.all([startServers(), launchChromium()]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await servers?.close();
});

const PAGES = '/test/browser/pages';

interface Outcome {
  ok: boolean;
  ms: number;
  response?: { data: any; status: number; headers: Record<string, string>; vendor: string; hasRaw: boolean };
  error?: Record<string, any> & { code: string; message: string };
  isBridgeError?: boolean;
  instanceOfBridgeError?: boolean;
  name?: string;
}

interface WidgetSpec {
  name: string;
  /** The widget page's query: its host origins, handshake timeout, heartbeat. */
  hostOrigins?: Array<string | { regexp: string }>;
  timeout?: number;
  heartbeat?: number;
  /** exposeBridge options, by description. */
  allowedOrigins?: Array<string | { regexp: string }>;
  allow?: unknown;
  sandbox?: string;
  stall?: boolean;
  page?: 'widget' | 'relay';
  origin?: string;
}

const CLIENTS = ['parentBridge', 'parentFrame'] as const;
type Client = (typeof CLIENTS)[number];
/** The widget client of the describe block running. */
let client: Client = 'parentBridge';

function widgetUrl(spec: { hostOrigins?: unknown; timeout?: number; heartbeat?: number; page?: string; origin?: string; opener?: boolean }): string {
  const query = new URLSearchParams({ origins: JSON.stringify(spec.hostOrigins ?? [servers.hostOrigin]), client });
  if (spec.timeout !== undefined) query.set('timeout', String(spec.timeout));
  if (spec.heartbeat !== undefined) query.set('heartbeat', String(spec.heartbeat));
  if (spec.opener) query.set('opener', '');
  return `${spec.origin ?? servers.widgetOrigin}${PAGES}/${spec.page ?? 'widget'}.html?${query}`;
}

async function openHost(query = ''): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('host page error:', error));
  await page.goto(`${servers.hostOrigin}${PAGES}/host.html${query}`);
  await page.waitForFunction(() => 'host' in window);
  return page;
}

/** Mounts a widget iframe in `parent` (the host page or a relay frame) and waits until its bridge exists. */
async function mountWidget(parent: Page | Frame, spec: WidgetSpec): Promise<Frame> {
  const mountSpec = {
    name: spec.name,
    src: widgetUrl(spec),
    allowedOrigins: spec.allowedOrigins ?? [spec.origin ?? servers.widgetOrigin],
    allow: spec.allow,
    sandbox: spec.sandbox,
    stall: spec.stall,
  };
  await parent.evaluate((mountSpec) => ((window as any).host ?? (window as any).relay).mount(mountSpec), mountSpec);
  return widgetFrame(pageOf(parent), spec.name);
}

function pageOf(frame: Page | Frame): Page {
  return 'page' in frame ? frame.page() : frame;
}

async function widgetFrame(page: Page, name: string): Promise<Frame> {
  await expect.poll(() => page.frame({ name })?.url() ?? '', { timeout: 10_000 }).toContain('.html');
  const frame = page.frame({ name })!;
  await frame.waitForFunction(() => 'widget' in window);
  return frame;
}

const call = (frame: Frame, request: unknown, options: { abortAfter?: number; uncloneable?: boolean; retry?: number } = {}): Promise<Outcome> =>
  frame.evaluate(([request, options]) => (window as any).widget.call(request, options), [request, options] as const);

const hostLog = (page: Page) =>
  page.evaluate(() => (window as any).host.log as { requests: Array<{ connection: string; aborted: boolean }>; origins: string[]; rejections: string[] });
/** Ends a widget's exposeBridge handle (one origin is served under one policy at a time). */
const unmount = (page: Page, name: string) => page.evaluate((widget) => (window as any).host.destroy(widget), name);
const sdkCalls = (page: Page) => page.evaluate(() => (window as any).host.sim.calls.length as number);

const ECHO = 'https://api.test/echo';

/** An error's fields but its duration, which differs between two runs of the same request. */
const untimed = (error: Record<string, unknown> | undefined) => {
  const { elapsed: _elapsed, ...fields } = error ?? {};
  return fields;
};

describe.each(CLIENTS)('widget client %s', (name) => {
  beforeEach(() => {
    client = name;
  });

  describe('a widget on another origin reaches the host frame', () => {
    test('a request is answered by the simulated vendor in the host frame, with the host vendor learnt in the handshake', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });

      const ready = await widget.evaluate(() => (window as any).widget.ready());
      // Zoho Finance's formdata carries text only: it does not claim multipart bodies.
      expect(ready.response.data).toMatchObject({ vendor: 'zoho-finance', capabilities: { formBody: true, multipartBody: false } });

      const json = await call(widget, {
        connection: 'echo',
        method: 'POST',
        url: ECHO,
        query: { tag: ['a', 'b'], n: 1 },
        headers: { 'X-Trace': 't-1' },
        body: { name: 'Ada', list: [1, 2] },
      });
      expect(json.ok).toBe(true);
      expect(json.response).toMatchObject({ status: 200, vendor: 'zoho-finance' });
      expect(json.response!.data).toMatchObject({ method: 'POST', url: `${ECHO}?tag=a&tag=b&n=1`, body: '{"name":"Ada","list":[1,2]}' });
      expect(json.response!.data.headers).toMatchObject({ 'x-trace': 't-1', 'content-type': 'application/json' });

      const form = await call(widget, { connection: 'echo', method: 'POST', url: ECHO, body: { $form: 'a=1&b=two+words' } });
      expect(form.response!.data.body).toBe('a=1&b=two+words');

      // Zoho Finance takes no multipart body (its formdata is text only, so it does not claim one): the FormData
      // still crosses whole and is rebuilt in the host, whose bridge refuses it.
      const multipart = await call(widget, { connection: 'echo', method: 'POST', url: ECHO, body: { $multipart: [['note', 'hi'], ['n', '2']] } });
      expect(multipart.error).toMatchObject({ code: 'UNSUPPORTED', vendor: 'zoho-finance' });

      // A File crosses as a File (name, type and content): the host's FormData is rebuilt with it.
      const file = { file: 'file content', name: 'a.txt', type: 'text/plain' };
      const withFile = await call(widget, { connection: 'echo', method: 'POST', url: ECHO, body: { $multipart: [['note', 'hi'], ['doc', file]] } });
      expect(withFile.error).toMatchObject({ code: 'UNSUPPORTED', vendor: 'zoho-finance' });
      // parentFrame's own bridge knows the host's capabilities from the handshake and refuses them before they leave.
      const crossed = client === 'parentBridge' ? 4 : 2;
      await expect.poll(async () => (await hostLog(host)).requests.map((entry: any) => entry.body), { timeout: 15_000 }).toHaveLength(crossed);
      const bodies = (await hostLog(host)).requests.map((entry: any) => entry.body);
      expect(bodies[1]).toEqual({ type: 'URLSearchParams', value: 'a=1&b=two+words' });
      if (crossed === 4) {
        expect(bodies[3]).toEqual({ type: 'FormData', entries: [['note', 'hi'], ['doc', { file: true, name: 'a.txt', type: 'text/plain', text: 'file content' }]] });
      }
    });

    test('every BridgeError field arrives intact: the widget sees what a request on the host itself gets', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      const requests = [
        { connection: 'status', url: 'https://api.test/status?status=422' },
        { connection: 'status', url: 'https://api.test/status?status=503' },
        { connection: 'no-such-link', url: ECHO },
      ];
      for (const request of requests) {
        const direct = await host.evaluate((request) => (window as any).host.direct(request), request);
        const across = await call(widget, request);
        expect(direct.ok).toBe(false);
        expect(across).toMatchObject({ ok: false, isBridgeError: true, instanceOfBridgeError: true, name: 'BridgeError' });
        expect(untimed(across.error)).toEqual(untimed(direct.error));
      }
      const http = await call(widget, requests[0]);
      expect(http.error).toMatchObject({
        code: 'HTTP_ERROR',
        status: 422,
        vendor: 'zoho-finance',
        retryable: false,
        data: { error: 'upstream refused', detail: { field: 'name' } },
      });
      expect(http.error!.message).toMatch(/^HTTP_ERROR: GET status via zoho-finance/);
      // As on any bridge: how many attempts, and the time since the widget's call.
      expect(http.error).toMatchObject({ attempts: 1, elapsed: expect.any(Number) });
      const timeout = await call(widget, { connection: 'slow', url: 'https://api.test/slow?ms=3000', timeout: 200 });
      expect(timeout.error).toMatchObject({ code: 'TIMEOUT', attempts: 1 });
      expect(timeout.error!.elapsed).toBeGreaterThanOrEqual(190);
    });
  });

  describe('the host frame trusts nothing from the widget', () => {
    test('FORBIDDEN by connection, method or URL, with the SDK untouched', async () => {
      const host = await openHost();
      const allow = { connections: ['echo'], methods: ['GET'], urls: ['^https://api\\.test/echo'] };
      const widget = await mountWidget(host, { name: 'w', allow });
      const refused = [
        { connection: 'status', url: 'https://api.test/status?status=200' },
        { connection: 'echo', method: 'DELETE', url: ECHO },
        { connection: 'echo', url: 'https://evil.test/echo' },
      ];
      for (const request of refused) {
        const outcome = await call(widget, request);
        expect(outcome.error).toMatchObject({ code: 'FORBIDDEN', vendor: 'zoho-finance' });
        expect(outcome.error!.message).toMatch(/^FORBIDDEN: \w+ \S+ via zoho-finance: /);
      }
      expect(await sdkCalls(host)).toBe(0);
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
      expect(await sdkCalls(host)).toBe(1);
    });

    test('an allow function is given the widget origin as the browser reported it', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w', allow: 'record-origin' });
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
      expect((await hostLog(host)).origins).toEqual([servers.widgetOrigin]);

      // One origin, one policy: the first widget's handle goes before another policy serves its origin.
      await unmount(host, 'w');
      const denied = await mountWidget(host, { name: 'd', allow: 'deny-all' });
      const outcome = await call(denied, { connection: 'echo', url: ECHO });
      expect(outcome.error).toMatchObject({ code: 'FORBIDDEN' });
      expect(outcome.error!.message).toContain(servers.widgetOrigin);
      expect(await sdkCalls(host)).toBe(1);
    });

    test('a malformed envelope sent straight over penpal is INVALID_REQUEST, never a crash, and reaches nothing', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      const answers = await widget.evaluate(async () => {
        const messenger = new (window as any).Penpal.WindowMessenger({ remoteWindow: window.parent, allowedOrigins: ['*'] });
        const remote = await (window as any).Penpal.connect({ messenger, channel: 'widget-bridge/1' }).promise;
        await remote.hello(1);
        return Promise.all([
          remote.request(1, null),
          remote.request(2, { connection: 42 }),
          remote.request(3, { connection: 'echo', body: { kind: 'multipart', entries: [['f', { not: 'a blob' }]] } }),
          remote.request(4, { connection: 'echo', url: 'https://api.test/echo', method: 'GET', body: { kind: 'json', value: { a: 1 } } }),
          remote.request(5, { connection: 'echo', url: 'javascript:alert(1)' }),
        ]);
      });
      for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { name: 'BridgeError', code: 'INVALID_REQUEST' } });
      expect(answers[2].error.issues[0].path).toEqual(['body', 'entries', 0, 1]);
      expect(await sdkCalls(host)).toBe(0);
    });

    test('a widget whose origin is not allowed gets no service: its handshake fails with CHANNEL_ERROR naming the origins', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w', timeout: 800, allowedOrigins: ['https://widgets.example.com'] });
      const outcome = await call(widget, { connection: 'echo', url: ECHO });
      expect(outcome.error).toMatchObject({ code: 'CHANNEL_ERROR' });
      expect(outcome.error!.message).toContain(servers.hostOrigin);
      expect(outcome.error!.message).toContain('origin mismatch');
      expect(outcome.ms).toBeLessThan(3_000);
      expect(await sdkCalls(host)).toBe(0);
    });
  });

  describe('abort and timeouts across the channel', () => {
    test("the request's timeout, the caller's abort and destroy() bound the schema and the hooks in the widget, after the host answered", async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      const outcomes = await widget.evaluate(async (url) => {
        const { bridge } = (window as any).widget;
        const hanging = { '~standard': { version: 1, vendor: 'test', validate: () => new Promise(() => {}) } };
        const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error) => error.code);
        const schema = codeOf(bridge.request({ connection: 'echo', url, timeout: 300, schema: hanging }));
        const controller = new AbortController();
        const hook = bridge.request({ connection: 'echo', url, signal: controller.signal, hooks: { afterResponse: [() => new Promise(() => {})] } });
        // Aborted once the host has answered and the hook holds the request.
        const aborted = codeOf(hook);
        setTimeout(() => controller.abort(), 300);
        const held = bridge.request({ connection: 'echo', url, hooks: { beforeError: [() => new Promise(() => {})], afterResponse: [() => new Promise(() => {})] } });
        const destroyed = codeOf(held);
        setTimeout(() => bridge.destroy(), 600);
        return Promise.all([schema, aborted, destroyed]);
      }, ECHO);
      expect(outcomes).toEqual(['TIMEOUT', 'ABORTED', 'ABORTED']);
    });

    test('an abort rejects at once in the widget and the host drops the request', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      const outcome = await call(widget, { connection: 'slow', url: 'https://api.test/slow?ms=3000' }, { abortAfter: 200 });
      expect(outcome.error).toMatchObject({ code: 'ABORTED' });
      expect(outcome.ms).toBeLessThan(1_000);
      await expect.poll(async () => (await hostLog(host)).requests).toEqual([expect.objectContaining({ connection: 'slow', aborted: true })]);
    });

    test('a timeout holds in the widget even when the host never answers', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w', stall: true });
      const outcome = await call(widget, { connection: 'echo', url: ECHO, timeout: 400 });
      // retryable is what a bridge's own retry policy says: a nested-only widget's retries run in the host
      // frame, whose policy it does not know, so its own deadline is not called retryable; createBridge's is.
      expect(outcome.error).toMatchObject({ code: 'TIMEOUT', retryable: client === 'parentFrame' });
      expect(outcome.ms).toBeGreaterThanOrEqual(350);
      expect(outcome.ms).toBeLessThan(2_000);
    });

    test('the timeout reaches the host: its own request gives up at the same deadline', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      const outcome = await call(widget, { connection: 'slow', url: 'https://api.test/slow?ms=3000', timeout: 400 });
      expect(outcome.error).toMatchObject({ code: 'TIMEOUT' });
      await expect.poll(async () => (await hostLog(host)).requests).toEqual([expect.objectContaining({ connection: 'slow', aborted: true })]);
    });
  });

  describe('reloads', () => {
    test('the host reloads mid-request: the pending request rejects with CHANNEL_ERROR at once, and the channel comes back', async () => {
      const host = await openHost();
      const opened = host.context().waitForEvent('page');
      const spec = { name: 'popup', src: widgetUrl({ opener: true }), allowedOrigins: [servers.widgetOrigin] };
      await host.evaluate((spec) => (window as any).host.open(spec), spec);
      const widget = (await opened).mainFrame();
      await widget.waitForFunction(() => 'widget' in window);
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);

      await widget.evaluate(() => (window as any).widget.start('slow', { connection: 'slow', url: 'https://api.test/slow?ms=8000' }));
      await expect.poll(async () => (await hostLog(host)).requests.length).toBe(2);
      await host.reload();
      const pending = await widget.evaluate(() => (window as any).widget.settled('slow'));
      expect(pending.error).toMatchObject({ code: 'CHANNEL_ERROR' });
      expect(pending.error!.message).toContain('went away');
      expect(pending.ms).toBeLessThan(2_000);

      // The reloaded host finds its widget window again by name and serves it; the widget re-handshakes by itself.
      await host.waitForFunction(() => 'host' in window);
      await host.evaluate((spec) => (window as any).host.open({ ...spec, src: '' }), spec);
      const after = await call(widget, { connection: 'echo', url: `${ECHO}?after=reload` });
      expect(after.ok).toBe(true);
      expect(after.response!.data.url).toBe(`${ECHO}?after=reload`);

      // A goodbye while nothing is pending: the next request finds the link closed before sending, and
      // re-handshakes instead of failing.
      await host.reload();
      await host.waitForFunction(() => 'host' in window);
      await host.evaluate((spec) => (window as any).host.open({ ...spec, src: '' }), spec);
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
    });

    test('a host that stops answering fails the pending request through the liveness check, then serves again', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
      await widget.evaluate(() => (window as any).widget.start('slow', { connection: 'slow', url: 'https://api.test/slow?ms=300' }));
      const hung = host.evaluate(() => (window as any).host.hang(2_500));
      const pending = await widget.evaluate(() => (window as any).widget.settled('slow'));
      expect(pending.error).toMatchObject({ code: 'CHANNEL_ERROR' });
      expect(pending.error!.message).toContain('stopped answering');
      expect(pending.ms).toBeLessThan(2_500);
      await hung;
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
    });

    test('the widget reloads mid-request: the host drops the old document’s request, and the new document is served', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      await widget.evaluate(() => (window as any).widget.start('slow', { connection: 'slow', url: 'https://api.test/slow?ms=1500' }));
      await expect.poll(async () => (await hostLog(host)).requests.length).toBe(1);
      await widget.goto(widget.url());
      const reloaded = await widgetFrame(host, 'w');
      const outcome = await call(reloaded, { connection: 'echo', url: `${ECHO}?doc=new` });
      expect(outcome.response!.data.url).toBe(`${ECHO}?doc=new`);
      expect((await hostLog(host)).requests).toEqual([
        expect.objectContaining({ connection: 'slow', aborted: true }),
        expect.objectContaining({ connection: 'echo', aborted: false }),
      ]);
    });
    test('the widget destroys its bridge: its pending request rejects with ABORTED, the host drops it, and a new bridge is served', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      await widget.evaluate(() => (window as any).widget.start('slow', { connection: 'slow', url: 'https://api.test/slow?ms=3000' }));
      await expect.poll(async () => (await hostLog(host)).requests.length).toBe(1);
      await widget.evaluate(() => (window as any).widget.replaceBridge());
      const pending = await widget.evaluate(() => (window as any).widget.settled('slow'));
      expect(pending.error).toMatchObject({ code: 'ABORTED' });
      await expect.poll(async () => (await hostLog(host)).requests[0]?.aborted).toBe(true);
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
    });
  });

  describe('topologies', () => {
    test('a three-level relay: each hop applies its own origins and policy', async () => {
      const host = await openHost();
      const relay = await mountWidget(host, { name: 'relay', page: 'relay', allow: { methods: ['GET', 'PUT'] } });
      // The grandchild is served from the host's origin, its parent (the relay) from the widget origin.
      const child = await mountWidget(relay, {
        name: 'child',
        origin: servers.hostOrigin,
        hostOrigins: [servers.widgetOrigin],
        allow: { connections: ['echo'] },
      });
      const ready = await child.evaluate(() => (window as any).widget.ready());
      expect(ready.response.data.vendor).toBe('zoho-finance');
      const ok = await call(child, { connection: 'echo', url: `${ECHO}?via=relay` });
      expect(ok.response).toMatchObject({ vendor: 'zoho-finance', data: { url: `${ECHO}?via=relay` } });

      const byRelay = await call(child, { connection: 'status', url: 'https://api.test/status?status=200' });
      expect(byRelay.error).toMatchObject({ code: 'FORBIDDEN' });
      expect(byRelay.error!.message).toContain('allowed connections');
      const byHost = await call(child, { connection: 'echo', method: 'POST', url: ECHO, body: { a: 1 } });
      expect(byHost.error).toMatchObject({ code: 'FORBIDDEN', vendor: 'zoho-finance' });
      expect(byHost.error!.message).toContain('allowed methods');
      const put = await call(child, { connection: 'echo', method: 'PUT', url: 'https://api.test/nothing' });
      expect(put.ok).toBe(true);
      expect(await sdkCalls(host)).toBe(2);
    });

    test('a sandboxed widget (origin "null") is admitted only through "*"', async () => {
      const host = await openHost();
      const admitted = await mountWidget(host, { name: 'open', sandbox: 'allow-scripts', allowedOrigins: ['*'], allow: 'record-origin' });
      expect((await call(admitted, { connection: 'echo', url: ECHO })).ok).toBe(true);
      expect((await hostLog(host)).origins).toEqual(['null']);

      await unmount(host, 'open');
      const refused = await mountWidget(host, { name: 'closed', sandbox: 'allow-scripts', timeout: 800 });
      expect((await call(refused, { connection: 'echo', url: ECHO })).error).toMatchObject({ code: 'CHANNEL_ERROR' });
      expect(await sdkCalls(host)).toBe(1);
    });

    test('one host frame serves several widgets, each with its own origins and policy', async () => {
      const host = await openHost();
      const reader = await mountWidget(host, { name: 'reader', allow: { methods: ['GET'] } });
      // The second widget is served from the host's own origin, which the first widget's list does not admit.
      const writer = await mountWidget(host, { name: 'writer', origin: servers.hostOrigin, allowedOrigins: [servers.hostOrigin] });
      const post = { connection: 'echo', method: 'POST', url: ECHO, body: { a: 1 } };
      const [read, write] = await Promise.all([call(reader, post), call(writer, post)]);
      expect(read.error).toMatchObject({ code: 'FORBIDDEN' });
      expect(write.ok).toBe(true);
      expect(await sdkCalls(host)).toBe(1);
    });

    test('1 000 concurrent requests are answered, each to its own caller', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      const started = Date.now();
      const matched = await widget.evaluate(() => (window as any).widget.concurrent(1_000));
      console.log(`1 000 concurrent requests through the channel: ${Date.now() - started} ms`);
      expect(matched).toHaveLength(1_000);
      expect(matched.every(Boolean)).toBe(true);
      expect(await sdkCalls(host)).toBe(1_000);
    });

    test('a burst that outlasts the heartbeat loses nothing: a busy host that keeps answering is alive', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w', heartbeat: 100 });
      const started = Date.now();
      const matched = await widget.evaluate(() => (window as any).widget.concurrent(5_000));
      const took = Date.now() - started;
      console.log(`5 000 concurrent requests with a 100 ms heartbeat: ${took} ms`);
      expect(took).toBeGreaterThan(200);
      expect(matched.filter((ok: boolean) => !ok)).toHaveLength(0);
      expect(matched).toHaveLength(5_000);
    });
  });

  describe('the policy judges the request as the SDK will receive it', () => {
    const V1 = { connections: ['echo'], urls: ['^https://api\\.test/v1/'] };

    test('no spelling of a URL escapes a path-scoped policy: dot segments, %2e, tabs, case, ports, userinfo, backslashes', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w', allow: V1 });
      const escapes = [
        'https://api.test/v1/../admin/delete',
        'https://api.test/v1/%2e%2e/admin/delete',
        'https://api.test/v1/.%2e/admin/delete',
        'https://api.test/v1/%2E./admin/delete',
        'https://api.test/v1/.\t./admin/delete',
        'https://api.test/v1/.\n./admin/delete',
        'https://api.test/v1/./../admin/delete',
        'https://api.test/v1/..;/admin/delete',
        'https://api.test/v1/..%2fadmin/delete',
        'https://api.test/v1\\..\\admin/delete',
        'https://api.test@evil.test/v1/x',
        'https://user:pass@api.test/v1/x',
        'https://api.test/v1/{{pathParams.id}}/../../admin',
      ];
      for (const url of escapes) {
        const outcome = await call(widget, { connection: 'echo', url, pathParams: { id: '42' } });
        expect(outcome.error?.code, url).toBe('FORBIDDEN');
      }
      // A slot value cannot hold a dot segment at all (the path parameter rule).
      const slot = await call(widget, { connection: 'echo', url: 'https://api.test/v1/{{pathParams.id}}/admin', pathParams: { id: '..' } });
      expect(slot.error?.code).toBe('INVALID_PATH_PARAMETERS');
      expect(await sdkCalls(host)).toBe(0);

      // Spellings of an allowed URL are allowed, and the SDK receives the normalised one.
      const plain = await call(widget, { connection: 'echo', url: 'HTTPS://API.TEST:443/v1/a/./b/../c?x=1#frag', query: { y: 2 } });
      expect(plain.response?.data.url).toBe('https://api.test/v1/a/c?x=1&y=2');
      expect(await sdkCalls(host)).toBe(1);
    });

    test('a string prefix is normalised and ends at a boundary', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w', allow: { urls: [{ prefix: 'HTTPS://API.TEST/v1' }] } });
      expect((await call(widget, { connection: 'echo', url: 'https://api.test/v1/x' })).ok).toBe(true);
      expect((await call(widget, { connection: 'echo', url: 'https://api.test/v1admin' })).error?.code).toBe('FORBIDDEN');
      expect((await call(widget, { connection: 'echo', url: 'https://api.test/v1/%2e%2e/admin' })).error?.code).toBe('FORBIDDEN');
      expect(await sdkCalls(host)).toBe(1);
    });

    test("the host's connection name is judged, not the widget's portable one", async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w', allow: { connections: ['echo', 'portable'] } });
      const outcome = await call(widget, { connection: 'portable', url: 'https://api.test/status?status=200' });
      expect(outcome.error).toMatchObject({ code: 'FORBIDDEN' });
      // The refusal crosses to the widget: it names the widget's own connection, never the host's (`status`).
      expect(outcome.error!.message).toBe("FORBIDDEN: GET portable via zoho-finance: the connection is not in the host frame's allowed connections");
      expect(await sdkCalls(host)).toBe(0);
    });

    test('a composite request is judged as the POST it is (Gainsight host)', async () => {
      const host = await openHost('?vendor=gainsight');
      const widget = await mountWidget(host, { name: 'w', allow: { connections: ['conn'], methods: ['GET'] } });
      const composite = await call(widget, { connection: 'conn', composite: true });
      expect(composite.error).toMatchObject({ code: 'FORBIDDEN', vendor: 'gainsight' });
      expect(composite.error!.message).toContain('method POST');
      expect(await sdkCalls(host)).toBe(0);
      expect((await call(widget, { connection: 'conn' })).ok).toBe(true);
      expect(await sdkCalls(host)).toBe(1);
    });

    test("the host's own headers (Authorization, Cookie, Host, Proxy-*) are refused unless allow.headers lists them", async () => {
      const host = await openHost();
      const open = await mountWidget(host, { name: 'open' });
      for (const name of ['Authorization', 'cookie', 'HOST', 'Proxy-Authorization']) {
        const outcome = await call(open, { connection: 'echo', url: ECHO, headers: { [name]: 'x' } });
        expect(outcome.error?.code, name).toBe('FORBIDDEN');
        expect(outcome.error!.message).toContain(`header ${name}`);
      }
      expect((await call(open, { connection: 'echo', url: ECHO, headers: { 'X-Trace': '1' } })).ok).toBe(true);
      await unmount(host, 'open');
      const listed = await mountWidget(host, { name: 'listed', allow: { headers: ['authorization'] } });
      expect((await call(listed, { connection: 'echo', url: ECHO, headers: { Authorization: 'Bearer w' } })).ok).toBe(true);
      expect((await call(listed, { connection: 'echo', url: ECHO, headers: { 'X-Trace': '1' } })).error?.code).toBe('FORBIDDEN');
      expect(await sdkCalls(host)).toBe(2);
    });

    test("property: the channel's verdict on any spelling is the verdict on the URL the adapter sends", async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w', allow: V1 });
      const segment = fc.constantFrom('v1', 'V1', 'admin', '.', '..', '%2e', '%2E%2e', '.%2e', '.\t.', '..\n', 'a', '{{pathParams.p}}', '{{ pathParams.q }}', '');
      const hostPart = fc.constantFrom('api.test', 'API.test', 'api.test:443', 'evil.test', 'api.test.evil.test');
      const value = fc.constantFrom('v1', 'x', 'A-1', '~', '42');
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(hostPart, fc.array(segment, { maxLength: 5 }), value, value, async (authority, segments, p, q) => {
          const url = `https://${authority}/${segments.join('/')}`;
          const outcome = await call(widget, { connection: 'echo', url, pathParams: { p, q } });
          // What the adapter sends for the same request spelt plainly: slots filled, then read as a URL.
          const filled = url.replaceAll('{{pathParams.p}}', p).replaceAll('{{ pathParams.q }}', q);
          const plain = new URL(filled).href;
          const allowed = /^https:\/\/api\.test\/v1\//.test(plain);
          if (allowed) {
            sent++;
            expect(outcome.response?.data.url, url).toBe(plain);
          } else {
            expect(outcome.error?.code, url).toBe('FORBIDDEN');
          }
        }),
        { numRuns: 150 },
      );
      expect(await sdkCalls(host)).toBe(sent);
    });
  });

  describe('the channel survives what widgets really send', () => {
    test('a body postMessage cannot clone fails that request alone, naming the path; three others in flight go on', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      for (const key of ['a', 'b', 'c']) await widget.evaluate((key) => (window as any).widget.start(key, { connection: 'slow', url: `https://api.test/slow?ms=400&k=${key}` }), key);
      const refused = await call(widget, { connection: 'echo', method: 'POST', url: ECHO }, { uncloneable: true });
      if (client === 'parentBridge') {
        expect(refused.error).toMatchObject({ code: 'INVALID_REQUEST', issues: [{ path: ['body', 'items', 1] }] });
        expect(refused.error!.message).toMatch(/^INVALID_REQUEST: POST echo via zoho-finance: body\.items\.1: cannot be sent to the host frame/);
        expect(refused.ms).toBeLessThan(200);
      } else {
        // The widget's own createBridge() copies a JSON body as plain data before anything leaves.
        expect(refused.response?.data.body).toBe('{"items":[1,{"a":1}]}');
      }
      for (const key of ['a', 'b', 'c']) {
        const outcome = await widget.evaluate((key) => (window as any).widget.settled(key), key);
        expect(outcome.response?.data.url).toBe(`https://api.test/slow?ms=400&k=${key}`);
      }
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
      expect(await sdkCalls(host)).toBe(client === 'parentBridge' ? 4 : 5);
    });

    test("messages of other postMessage libraries, penpal 6's among them, never disturb a burst in either frame", async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
      const burst = widget.evaluate(() => (window as any).widget.concurrent(1_000, { foreign: true }));
      await host.evaluate(() => (window as any).host.foreign('w'));
      const matched = await burst;
      expect(matched.filter((ok: boolean) => !ok)).toHaveLength(0);
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
    });

    test('an answer too deep to post reaches the widget at once as INVALID_RESPONSE, with no unhandled rejection in the host', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      const outcome = await call(widget, { connection: 'deep', url: 'https://api.test/deep?depth=20000' });
      expect(outcome.error).toMatchObject({ code: 'INVALID_RESPONSE', vendor: 'zoho-finance' });
      expect(outcome.error!.message).toContain('the host frame could not send the answer across');
      expect(outcome.ms).toBeLessThan(1_000);
      expect((await call(widget, { connection: 'echo', url: ECHO })).ok).toBe(true);
      expect((await hostLog(host)).rejections).toEqual([]);
    });

    test('a widget document that unloads says goodbye: the host aborts its requests at once', async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      await widget.evaluate(() => (window as any).widget.start('slow', { connection: 'slow', url: 'https://api.test/slow?ms=8000' }));
      await expect.poll(async () => (await hostLog(host)).requests.length).toBe(1);
      // Away to a page without the bridge: no new handshake will replace the old one.
      await widget.goto(`${servers.widgetOrigin}/test/browser/pages/frame-kit.js`);
      await expect.poll(async () => (await hostLog(host)).requests[0]?.aborted, { timeout: 1_000, interval: 50 }).toBe(true);
    });

    test("an iframe removed with requests pending: the host aborts that widget's SDK calls within a second", async () => {
      const host = await openHost();
      const widget = await mountWidget(host, { name: 'w' });
      for (const key of ['a', 'b']) await widget.evaluate((key) => (window as any).widget.start(key, { connection: 'slow', url: 'https://api.test/slow?ms=8000' }), key);
      await expect.poll(async () => (await hostLog(host)).requests.length).toBe(2);
      const removed = Date.now();
      await host.evaluate(() => (window as any).host.remove('w'));
      await expect.poll(async () => (await hostLog(host)).requests.map((entry) => entry.aborted), { timeout: 1_000, interval: 50 }).toEqual([true, true]);
      expect(Date.now() - removed).toBeLessThan(1_000);
    });
  });

  describe('retries run once, in the frame that owns them', () => {
    test('with the host bridge retrying by default, a widget request is tried as its client says, never multiplied', async () => {
      const host = await openHost('?retry=2');
      const widget = await mountWidget(host, { name: 'w' });
      const failing = { connection: 'status', url: 'https://api.test/status?status=503' };
      const byDefault = await call(widget, failing);
      expect(byDefault.error).toMatchObject({ code: 'HTTP_ERROR', status: 503 });
      // parentBridge: the host's pipeline is the only one, with its default; parentFrame: the widget's own
      // bridge owns retries (none by default) and the host runs each attempt once.
      expect(await sdkCalls(host)).toBe(client === 'parentBridge' ? 3 : 1);
      const once = await call(widget, failing, { retry: 1 });
      expect(once.error).toMatchObject({ code: 'HTTP_ERROR', attempts: 2 });
      expect(await sdkCalls(host)).toBe(client === 'parentBridge' ? 5 : 3);
    });
  });

  describe('hooks and timing, each in the frame whose bridge they belong to', () => {
    test("the widget's hooks run in the widget, the host's in the host; attempts and elapsed cross the channel", async () => {
      const host = await openHost('?hooks&retry=2');
      const widget = await mountWidget(host, { name: 'w' });
      const run = (spec: object) => widget.evaluate((s) => (window as any).widget.hooked(s), spec) as Promise<{ seen: string[]; result: Outcome }>;

      const ok = await run({ connection: 'echo', url: 'https://api.test/echo' });
      expect(ok.seen).toEqual(['beforeRequest zoho-finance 1', 'afterResponse 200 attempts=1']);
      // The upstream saw both hooks' headers: the widget's, sent across, and the host's, added in the host.
      expect(ok.result.response?.data.wrapped.headers).toMatchObject({ 'x-widget-hook': 'yes', 'x-host-hook': 'attempt 1' });
      expect(ok.result.response).toMatchObject({ attempts: 1, elapsed: expect.any(Number) });

      const failed = await run({ connection: 'status', url: 'https://api.test/status?status=503' });
      // parentBridge: the host's retries (its default, 2) are the request's; parentFrame: the widget's bridge retries (none).
      const attempts = client === 'parentBridge' ? 3 : 1;
      expect(failed.seen).toEqual(['beforeRequest zoho-finance 1', `beforeError HTTP_ERROR attempts=${attempts}`]);
      expect(failed.result.error).toMatchObject({ code: 'HTTP_ERROR', status: 503, attempts, elapsed: expect.any(Number) });
      // The host hook ran once per attempt, in the host frame.
      expect(await sdkCalls(host)).toBe(1 + attempts);
    });
  });
});

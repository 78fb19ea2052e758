// The host frame's boundary attacked in real Chromium across two origins (host pages from 127.0.0.1, widget
// pages from localhost): what needs real postMessage (structured-clone shapes, penpal ids) and real frames
// (same-origin siblings, a relay). `test.fails` marks an attack that SUCCEEDS today; its comment names the hole.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
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

async function hostPage(query = ''): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${servers.hostOrigin}${PAGES}/attack-host.html${query}`);
  await page.waitForFunction(() => 'attackHost' in window);
  return page;
}

/** The frame named `name` (in any document of the page), once `ready` (a global) is defined in it. */
async function frameNamed(page: Page, name: string, ready: string): Promise<Frame> {
  await expect.poll(() => page.frame({ name }) !== null, { timeout: 15_000 }).toBe(true);
  const frame = page.frame({ name }) as Frame;
  await frame.waitForFunction((global) => global in window, ready);
  return frame;
}

/** A hostile widget speaking penpal on the bridge's channel, mounted under `allow`. */
async function rawWidget(page: Page, allow?: unknown): Promise<Frame> {
  const src = `${servers.widgetOrigin}${PAGES}/attack-widget.html?origin=${encodeURIComponent(servers.hostOrigin)}`;
  await page.evaluate(([src, origin, allow]) => attackHost.mount({ name: 'raw', src, allowedOrigins: [origin], allow }), [src, servers.widgetOrigin, allow] as const);
  const frame = await frameNamed(page, 'raw', 'raw');
  expect(await frame.evaluate(() => raw.connect())).toMatchObject({ ok: true });
  return frame;
}

/** The host's answer to request(id, payload), `payload` being JavaScript evaluated in the widget. */
const send = (frame: Frame, id: unknown, payload: string) =>
  frame.evaluate(([id, payload]) => raw.request(id as number, (0, eval)(`(${payload})`)), [id, payload] as const) as Promise<{
    ok: boolean;
    error?: { code: string; message: string };
  }>;

const widgetSrc = (origins: string[], query = '') =>
  `${servers.widgetOrigin}${PAGES}/widget.html?client=parentBridge&origins=${encodeURIComponent(JSON.stringify(origins))}${query}`;

describe('structured-clone shapes and ids over real postMessage', () => {
  test('what a structured clone carries instead of a request is INVALID_REQUEST, and nothing reaches the SDK', async () => {
    const page = await hostPage();
    const frame = await rawWidget(page);
    const url = "'https://api.test/x'";
    const shapes = [
      'null',
      '"GET"',
      '[{ connection: "echo", url: "https://api.test/x" }]',
      'new Map([["connection", "echo"], ["url", "https://api.test/x"]])',
      'new Set(["echo"])',
      'new Date()',
      '/echo/',
      'new Blob(["x"])',
      'new String("echo")',
      'new Error("echo")',
      'Object.assign([], { length: 4294967295 })',
      `{ connection: 'echo', url: ${url}, headers: new Map([['X-A', '1']]) }`,
      `{ connection: 'echo', url: ${url}, query: new Set(['a']) }`,
      `{ connection: 'echo', url: ${url}, pathParams: new Date() }`,
      `{ connection: 'echo', url: ${url}, timeout: new Number(5) }`,
      `{ connection: new String('echo'), url: ${url} }`,
      `{ connection: 'echo', url: ${url}, method: 'POST', body: { kind: 'json', value: { m: new Map([[1, 2]]) } } }`,
      `{ connection: 'echo', url: ${url}, method: 'POST', body: { kind: 'json', value: new Uint8Array(8) } }`,
      `{ connection: 'echo', url: ${url}, method: 'POST', body: { kind: 'json', value: Object.assign([], { length: 4294967295 }) } }`,
      `{ connection: 'echo', url: ${url}, method: 'POST', body: { kind: 'json', value: { n: 10n } } }`,
      `{ connection: 'echo', url: ${url}, method: 'POST', body: { kind: 'json', value: Object.fromEntries(Array.from({ length: 100001 }, (_, i) => ['k' + i, i])) } }`,
      `{ connection: 'echo', url: ${url}, method: 'POST', body: { kind: 'json', value: Array.from({ length: 2000 }).reduce((inner) => [inner], 1) } }`,
      `{ connection: 'echo', url: ${url}, method: 'POST', body: { kind: 'text', value: 'x'.repeat(20_000_000) } }`,
      `{ connection: 'echo', url: ${url}, headers: Object.fromEntries(Array.from({ length: 200000 }, (_, i) => ['X-' + i, 'v'])) }`,
      `{ connection: 'echo', url: ${url}, pathParams: Object.fromEntries(Array.from({ length: 200000 }, (_, i) => ['p' + i, 'v'])) }`,
      `{ connection: 'echo', url: 'https://api.test/' + 'x'.repeat(10_000_000) }`,
    ];
    for (const [i, shape] of shapes.entries()) expect([shape, (await send(frame, 100 + i, shape)).error?.code]).toEqual([shape, 'INVALID_REQUEST']);
    expect(await page.evaluate(() => attackHost.calls())).toBe(0);
  });

  test('a reused id in flight is refused over penpal; ids that are not numbers are opaque keys', async () => {
    const page = await hostPage();
    const frame = await rawWidget(page);
    const hold = "{ connection: 'hold', url: 'https://api.test/hold' }";
    void frame.evaluate((payload) => void raw.request(1, (0, eval)(`(${payload})`)), hold);
    await expect.poll(() => page.evaluate(() => attackHost.calls()), { timeout: 15_000 }).toBe(1);
    for (const id of [1, 1.0]) expect((await send(frame, id, hold)).error?.code).toBe('INVALID_REQUEST');
    // A string '1' is another id: it is served (and held), and a cancel of '1' aborts that one only.
    void frame.evaluate((payload) => void raw.request('1' as never, (0, eval)(`(${payload})`)), hold);
    await expect.poll(() => page.evaluate(() => attackHost.calls()), { timeout: 15_000 }).toBe(2);
    await frame.evaluate(() => raw.cancel('1' as never));
    await expect.poll(() => page.evaluate(() => attackHost.log.requests.map((r: { aborted: boolean }) => r.aborted)), { timeout: 15_000 }).toEqual([false, true]);
  });

  // A figure for the report, asserted only on its outcome (INVALID_REQUEST, no SDK call): the host frame's
  // longest main-thread stall while it refuses a 10 MB typed array sent as the request (see attack.test.ts,
  // "costs the host O(cap)", for the hole and the deterministic check).
  test('a 10 MB typed array as the request is refused (stall measured, not asserted)', async () => {
    const page = await hostPage();
    const frame = await rawWidget(page);
    await page.evaluate(() => attackHost.resetGap());
    expect((await send(frame, 1, 'new Uint8Array(10_000_000)')).error?.code).toBe('INVALID_REQUEST');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const stall = await page.evaluate(() => attackHost.gap.max);
    console.info(`host main thread stall for a 10 MB Uint8Array request: ${Math.round(stall)} ms`);
    expect(await page.evaluate(() => attackHost.calls())).toBe(0);
  });
  // Figures only (outcome asserted, time logged): the longest host main-thread stall for requests that stay
  // within every cap, against the "about 50 ms" the README promises.
  test('requests within every cap: host stalls measured, not asserted', async () => {
    const page = await hostPage();
    const frame = await rawWidget(page);
    const url = "'https://api.test/x'";
    const within = {
      'query 512 pairs of 8 KB': `{ connection: 'echo', url: ${url}, query: Object.fromEntries(Array.from({ length: 512 }, (_, i) => ['x'.repeat(8180) + i, 'x'.repeat(8180)])) }`,
      'JSON body of 99 000 empty objects': `{ connection: 'echo', url: ${url}, method: 'POST', body: { kind: 'json', value: Array.from({ length: 99000 }, () => ({})) } }`,
      'JSON body of 1 MiB text': `{ connection: 'echo', url: ${url}, method: 'POST', body: { kind: 'json', value: ['y'.repeat(1000000)] } }`,
      '64 headers of 8 KB': `{ connection: 'echo', url: ${url}, headers: Object.fromEntries(Array.from({ length: 64 }, (_, i) => ['X-H' + i, 'v'.repeat(8192)])) }`,
    };
    for (const [i, [label, payload]] of Object.entries(within).entries()) {
      await page.evaluate(() => attackHost.resetGap());
      const answer = await send(frame, 500 + i, payload);
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
      console.info(`${label}: ${answer.ok ? 'sent' : answer.error?.code}, host stall ${Math.round(await page.evaluate(() => attackHost.gap.max))} ms`);
      expect(answer.error?.code).not.toBe('CHANNEL_ERROR');
    }
  });
});

describe('frames that script each other', () => {
  test('a sibling of another origin forging penpal traffic to the host and to the widget changes nothing', async () => {
    const page = await hostPage();
    await page.evaluate(
      ([src, origin]) => attackHost.mount({ name: 'widget', src, allowedOrigins: [origin], allow: { methods: ['GET'] } }),
      [widgetSrc([servers.hostOrigin]), servers.widgetOrigin] as const,
    );
    const legit = await frameNamed(page, 'widget', 'widget');
    expect(await legit.evaluate(() => widget.call({ connection: 'echo', url: 'https://api.test/before' }))).toMatchObject({ ok: true });
    await page.evaluate((src) => {
      const iframe = document.createElement('iframe');
      iframe.name = 'sibling';
      iframe.setAttribute('sandbox', 'allow-scripts');
      iframe.src = src;
      document.body.append(iframe);
    }, `${servers.widgetOrigin}${PAGES}/attack-sibling.html`);
    const sibling = await frameNamed(page, 'sibling', 'sibling');
    const forged = await sibling.evaluate(() => {
      const hostile = (window as unknown as { sibling: { flood(): void; sent: number } }).sibling;
      hostile.flood();
      return hostile.sent;
    });
    expect(forged).toBeGreaterThanOrEqual(18);
    // The widget's channel is still the host's and its answers are the host's; the forged DELETE never ran.
    expect(await legit.evaluate(() => widget.call({ connection: 'echo', url: 'https://api.test/after' }))).toMatchObject({
      ok: true,
      response: { data: { method: 'GET', url: 'https://api.test/after' } },
    });
    expect(await page.evaluate(() => attackHost.calls())).toBe(2);
  });

  // HOLE (MEDIUM, deployments with more than one host frame): "one origin, one policy" is a registry on the
  // window that calls exposeBridge. A host page with a second host frame of its own origin (a nested iframe,
  // another widget slot) keeps a second registry, so it serves the same widget origin under another policy,
  // and a widget reaches its same-origin twin through parent.frames[i].frames[j] and sends through the twin's
  // channel. Here the GET-only widget posts through its twin served with POST allowed. Fix: keep the registry
  // on the topmost same-origin ancestor (walk window.parent while it is readable), or refuse an origin that a
  // registry of any same-origin ancestor or descendant serves; and say in the README that separate top-level
  // host pages cannot see each other's registries.
  // Open (see the closing note of issue 22): the one-origin registry is per window.
  test.fails('a GET-only widget cannot send a POST through its twin served by a nested host frame', async () => {
    const page = await hostPage();
    const hostOrigins = [servers.hostOrigin];
    await page.evaluate(
      ([src, origin]) => attackHost.mount({ name: 'strict', src, allowedOrigins: [origin], allow: { methods: ['GET'] } }),
      [widgetSrc(hostOrigins), servers.widgetOrigin] as const,
    );
    await page.evaluate((src) => attackHost.nest('nested-host', src), `${servers.hostOrigin}${PAGES}/attack-host.html`);
    const nested = await frameNamed(page, 'nested-host', 'attackHost');
    await nested.evaluate(
      ([src, origin]) => attackHost.mount({ name: 'twin', src, allowedOrigins: [origin], allow: { methods: ['GET', 'POST'] } }),
      [widgetSrc(hostOrigins), servers.widgetOrigin] as const,
    );
    await frameNamed(page, 'twin', 'widget');
    const strict = await frameNamed(page, 'strict', 'widget');
    // The strict widget's own POST is refused, as its policy says.
    expect(await strict.evaluate(() => widget.call({ connection: 'echo', method: 'POST', url: 'https://api.test/x', body: { a: 1 } }))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // Through its twin (same origin: scriptable), the same POST.
    const viaTwin = await strict.evaluate(() => {
      const twin = (parent.frames as unknown as Window[])[1]!.frames[0] as unknown as { widget: typeof widget };
      return twin.widget.call({ connection: 'echo', method: 'POST', url: 'https://api.test/x', body: { a: 1 } });
    });
    expect(viaTwin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await nested.evaluate(() => attackHost.calls())).toBe(0);
  });

  // HOLE (MEDIUM): a relay's policy judges the request as written (writtenView). A connections key of the TOP
  // host frame is resolved there, after the relay judged it: a request with no method and no url passes a relay
  // policy of { methods: ['GET'], urls: [public prefix] } as GET with no url, and the top host sends its
  // entry's POST to /admin. Fix: the relay pins what it judged (sends `method: view.method` explicitly, so the
  // top's entry check refuses a different method) and, where its policy lists urls, refuses a request with no
  // url (it cannot judge a url another frame holds); or the top judges with the relay's policy too.
  test('a relay’s GET-only, /public/-only policy holds for a connections key of the top host frame', async () => {
    const page = await hostPage();
    const relaySrc = `${servers.widgetOrigin}${PAGES}/relay.html?client=parentBridge&origins=${encodeURIComponent(JSON.stringify([servers.hostOrigin]))}`;
    await page.evaluate(([src, origin]) => attackHost.mount({ name: 'relay', src, allowedOrigins: [origin] }), [relaySrc, servers.widgetOrigin] as const);
    const middle = await frameNamed(page, 'relay', 'relay');
    const childSrc = `${servers.hostOrigin}${PAGES}/widget.html?client=parentBridge&origins=${encodeURIComponent(JSON.stringify([servers.widgetOrigin]))}`;
    await middle.evaluate(
      ([src, origin]) => relay.mount({ name: 'child', src, allowedOrigins: [origin], allow: { methods: ['GET'], urls: [{ prefix: 'https://api.test/public/' }] } }),
      [childSrc, servers.hostOrigin] as const,
    );
    const child = await frameNamed(page, 'child', 'widget');
    // Spelt out, the relay refuses it.
    expect(await child.evaluate(() => widget.call({ connection: 'echo', method: 'POST', url: 'https://api.test/admin/delete-all', body: {} }))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const viaKey = await child.evaluate(() => widget.call({ connection: 'postKey' }));
    expect(viaKey).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await page.evaluate(() => attackHost.calls())).toBe(0);
  });
});

declare global {
  const attackHost: {
    calls(): number;
    log: { requests: Array<{ aborted: boolean }> };
    gap: { max: number };
    resetGap(): void;
    mount(spec: unknown): void;
    nest(name: string, src: string): void;
  };
  const raw: { connect(): Promise<unknown>; request(id: number, payload: unknown): Promise<unknown>; cancel(id: number): void };
  const widget: { call(spec: unknown): Promise<unknown> };
  const relay: { mount(spec: unknown): void };
}

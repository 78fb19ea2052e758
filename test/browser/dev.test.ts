// `widget-bridge dev` in real Chromium: the emulated hosts on http://127.0.0.1:<port>, the widget's files on
// http://localhost:<widget-port>, the vendor scripts replaced by the offline stand-ins. Widgets written
// against the vendors' scripts alone, and widget-bridge widgets on top of them, run unchanged.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHost, rewriteVendorScripts, startDev, type DevOptions, type DevServer } from '../../src/dev/server/index.js';
import { launchChromium, ROOT } from './harness.mjs';

/** expect.poll with a timeout a loaded machine meets (its default, 1 s, it does not). */
const poll = <T>(read: () => T) => expect.poll(read, { timeout: 15_000 });

const FIXTURES = 'test/browser/dev-fixtures';
const CONNECTIONS = join(ROOT, FIXTURES, 'connections.mjs');

let browser: Browser;
let api: Server;
let apiRequests: Array<{ method: string; url: string; authorization?: string }>;

beforeAll(async () => {
  // The real API a proxy connection forwards to, started here; the connections module reads its origin.
  apiRequests = [];
  api = createServer((request, response) => {
    apiRequests.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ proxied: true, path: request.url, authorization: request.headers.authorization }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  process.env.DEV_TEST_UPSTREAM = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  api?.closeAllConnections();
  await new Promise((resolve) => api?.close(resolve));
});

interface Session {
  dev: DevServer;
  page: Page;
  problems: string[];
  close(): Promise<void>;
}

async function run(widget: string, host: string, extra: Partial<DevOptions> = {}): Promise<Session> {
  const dev = await startDev({ widget: join(ROOT, FIXTURES, widget), host, connections: CONNECTIONS, port: 0, widgetPort: 0, offline: true, root: ROOT, watch: false, ...extra });
  const page = await open(dev);
  return { dev, ...page, close: () => page.close().then(() => dev.close()) };
}

/** A fresh browser context on the tool's page, offline, recording the page's errors. */
async function open(dev: DevServer, url = dev.url): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
  const context = await browser.newContext();
  // Nothing may leave the machine: a request to a vendor CDN would mean the stand-ins were not served.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

/** The widget's frame, once the host page has framed it. */
async function widgetFrame(session: Session): Promise<Frame> {
  const find = () => session.page.frames().find((candidate) => candidate.url().startsWith(session.dev.widgetOrigin));
  await poll(() => find() !== undefined).toBe(true);
  return find() as Frame;
}

async function output(scope: Page | Frame, selector = '#out[data-done]'): Promise<Record<string, any>> {
  const text = await scope.locator(selector).textContent({ timeout: 15_000 });
  return JSON.parse(text ?? 'null');
}

/** The inspector's rows, newest first. */
async function logRows(page: Page): Promise<Array<{ state?: string; status?: string; method: string; what: string }>> {
  return page.locator('#wb-log > li').evaluateAll((items) =>
    items.map((item) => ({
      state: (item as HTMLElement).dataset.state,
      status: (item as HTMLElement).dataset.status,
      method: item.querySelector('.wb-method')?.textContent ?? '',
      what: item.querySelector('.wb-what')?.textContent ?? '',
    })),
  );
}

describe('serving the widget', () => {
  it('rewrites every spelling of a vendor script URL with --offline, and only those', () => {
    const page = [
      '<script src="https://js.zohostatic.com/zohofinance/v1/zf_sdk.js"></script>',
      "<script src='//js.zohostatic.com/zohofinance/v1/zf_sdk.js?v=2'></script>",
      '<script src="http://static.zohocdn.com/sigma/client/sdk/v3/sigma-sdk.min.js#x"></script>',
      '<script src="https://js.zohostatic.com/zohofinance/v2/other.js"></script>',
    ].join('\n');
    expect(rewriteVendorScripts(page).split('\n')).toEqual([
      '<script src="/__wb/standins/zf_sdk.js"></script>',
      "<script src='/__wb/standins/zf_sdk.js'></script>",
      '<script src="/__wb/standins/sigma-sdk.min.js"></script>',
      '<script src="https://js.zohostatic.com/zohofinance/v2/other.js"></script>',
    ]);
  });

  it('knows every Sigma service by name, and no host it does not emulate', () => {
    expect(findHost('zoho-sigma:DESK')).toMatchObject({ protocol: 'zoho-sigma', service: 'DESK', eventName: 'SIGMA_DESK_EVENT' });
    expect(findHost('zoho-writer')).toMatchObject({ service: 'WRITER', eventName: 'SIGMA_WRITER_EVENT' });
    expect(findHost('zoho-invoice')).toMatchObject({ protocol: 'zoho-finance', eventName: 'ZF_EVENT' });
    expect(findHost('zoho-sheet')).toBeUndefined();
    expect(findHost('Zoho-Sigma:desk')).toMatchObject({ service: 'DESK' });
  });

  it('serves the page unchanged without --offline, and with the stand-ins in place of the vendor scripts with it', async () => {
    const page = async (offline: boolean) => {
      const dev = await startDev({ widget: join(ROOT, FIXTURES, 'bridge-writer.html'), host: 'zoho-writer', port: 0, widgetPort: 0, offline, root: ROOT, watch: false });
      try {
        return await (await fetch(dev.widgetUrl)).text();
      } finally {
        await dev.close();
      }
    };
    const original = await page(false);
    expect(original).toContain('<script src="https://static.zohocdn.com/sigma/client/sdk/v3/sigma-sdk.min.js"></script>');
    expect(await page(true)).toBe(original.replace('https://static.zohocdn.com/sigma/client/sdk/v3/sigma-sdk.min.js', '/__wb/standins/sigma-sdk.min.js'));
  });
});

describe('the dev server', () => {
  it('runs connection calls for its own host page only, not for another site', async () => {
    const dev = await startDev({ widget: join(ROOT, FIXTURES, 'vendor-books.html'), host: 'zoho-books', connections: CONNECTIONS, port: 0, widgetPort: 0, root: ROOT, watch: false });
    try {
      const call = JSON.stringify({ url: 'https://api.example.com/x', method: 'GET', connection_link_name: 'greetings' });
      const post = (headers: Record<string, string>) => fetch(`${dev.hostOrigin}/__wb/call`, { method: 'POST', headers, body: call });
      // What another site's page can send without a preflight: a simple request, with its own Origin.
      expect((await post({ 'content-type': 'text/plain', origin: 'https://evil.example' })).status).toBe(403);
      expect((await post({ 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
      const own = await post({ 'content-type': 'application/json', origin: dev.hostOrigin });
      expect(await own.json()).toMatchObject({ isSuccess: true, data: { data: { status_code: 200 } } });
    } finally {
      await dev.close();
    }
  });
});

describe('Zoho Books emulation (zf_sdk.js stand-in)', () => {
  it('runs a vendor-style widget: handshake with the Load payload, FETCH_DATA through a handler, context, RESIZE, event binding', async () => {
    const session = await run('vendor-books.html', 'zoho-books');
    try {
            const result = await output(await widgetFrame(session));
      expect(result.org).toEqual({ organization_id: '777', name: 'Test Org' });
      expect(result.theme.trim()).toBe('#408dfb');
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ method: 'GET', url: 'https://api.example.com/greetings/42?organization_id=777', body: null, authorization: null });
      expect(result.invoice).toEqual({ invoice: { invoice_id: 'inv-1', total: 99.5 } });
      const { page } = session;
      expect(await page.locator('iframe').evaluate((frame) => (frame as HTMLIFrameElement).style.height)).toBe('321px');
      await poll(() => page.locator('#wb-bindings').textContent()).toBe('ON_INVOICE_CHANGE ×1');
      expect(JSON.parse((await page.locator('#wb-context').textContent()) ?? '{}').context.invoice.reference_number).toBe('REF-7');
      expect(await page.locator('#wb-status').getAttribute('data-state')).toBe('registered');
      // As zf_sdk.js: an init() after the page's one Load waits for another, which never comes.
      const late = await (await widgetFrame(session)).evaluate(() =>
        Promise.race([(window as any).ZFAPPS.extension.init().then(() => 'resolved'), new Promise((resolve) => setTimeout(() => resolve('pending'), 300))]),
      );
      expect(late).toBe('pending');
      const src = await page.locator('iframe').getAttribute('src');
      expect(src).toBe(`${session.dev.widgetUrl}?serviceOrigin=${encodeURIComponent(session.dev.hostOrigin)}`);

      // The inspector: one row per call, the request and answer on click.
      const rows = await logRows(page);
      expect(rows.map((row) => `${row.method} ${row.what}`)).toEqual(['RESIZE ', 'SET_DATA invoice.reference_number', 'GET_DATA invoice', 'GET greetings https://api.example.com/greetings/42?organization_id=777']);
      const fetchRow = page.locator('#wb-log > li').last();
      await fetchRow.locator('button').click();
      await poll(() => fetchRow.getAttribute('aria-expanded')).toBe('true');
      expect(await fetchRow.locator('.wb-detail').textContent()).toContain('"connection_link_name": "greetings"');
      expect(await fetchRow.getAttribute('data-status')).toBe('200');

      // A host event, fired from the inspector at the handler the widget bound: its answer is logged.
      await page.locator('#wb-fire input[name=event]').fill('ON_INVOICE_CHANGE');
      await page.locator('#wb-fire input[name=data]').fill('{"invoice_id":"inv-1"}');
      await page.locator('#wb-fire button').click();
      const eventRow = page.locator('#wb-log > li', { has: page.locator('.wb-method', { hasText: 'EVENT' }) });
      await poll(() => eventRow.getAttribute('data-state')).toBe('resolved');
      expect(await eventRow.locator('.wb-detail').textContent()).toMatch(/"isSuccess": true,\s*"response": "seen"/);
      expect(session.problems).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('forwards a proxy connection from Node with its headers, and answers an unknown connection as the host does', async () => {
    const session = await run('vendor-books.html', 'zoho-books');
    try {
      const frame = await widgetFrame(session);
      await output(frame);
      const answers = await frame.evaluate(async () => {
        const { ZFAPPS } = window as any;
        const proxied = await ZFAPPS.request({ url: 'https://api.example.com/things/1?x=2', method: 'GET', connection_link_name: 'proxied' });
        const unknown = await ZFAPPS.request({ url: 'https://api.example.com/x', method: 'GET', connection_link_name: 'nope' }).catch((error: unknown) => ({ rejected: error }));
        const polluted = await ZFAPPS.set('__proto__.polluted', 'yes').catch((error: unknown) => ({ rejected: error }));
        return { proxied, unknown, polluted };
      });
      // The widget cannot reach the host page's Object.prototype through the context.
      expect(answers.polluted).toEqual({ rejected: { message: '"__proto__.polluted": "__proto__" is not a property the host keeps' } });
      expect(await session.page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('polluted');
      expect(await session.page.evaluate(() => (Object.prototype as Record<string, unknown>).polluted)).toBeUndefined();
      expect(JSON.parse(answers.proxied.data.body)).toEqual({ proxied: true, path: '/things/1?x=2', authorization: 'Bearer from-the-connection' });
      expect(answers.proxied.data.status_code).toBe(200);
      expect(answers.unknown).toEqual({ rejected: { message: 'Connection "nope" is not configured for this extension' } });
    } finally {
      await session.close();
    }
  });

  it('runs a widget-bridge widget on top of the stand-in', async () => {
    const session = await run('bridge-books.html', 'zoho-books');
    try {
      const result = await output(await widgetFrame(session));
      expect(result).toMatchObject({ vendor: 'zoho-finance', status: 201, data: { method: 'POST', url: 'https://api.example.com/greetings/abc-1', body: '{"text":"hello"}' } });
      expect(result.missing.code).toBe('CONNECTOR_ERROR');
      expect(result.missing.message).toContain('not configured');
      expect(session.problems).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('answers nothing to a message from another window or another origin', async () => {
    const session = await run('vendor-books.html', 'zoho-books');
    try {
      const { page, dev } = session;
      const frame = await widgetFrame(session);
      await output(frame);
      // A real call, captured as the widget sent it, and every answer the widget frame receives from now on.
      await page.evaluate(() => {
        (window as any).captured = [];
        window.addEventListener('message', (event) => (window as any).captured.push(event.data));
      });
      await frame.evaluate(() => {
        (window as any).answers = [];
        window.addEventListener('message', (event) => (window as any).answers.push(event.data));
        return (window as any).ZFAPPS.get('invoice');
      });
      const real = await page.evaluate(() => (window as any).captured.find((message: any) => message.data?.type === 'GET_DATA'));
      const before = (await logRows(page)).length;
      const forged = { ...real, promiseID: 'Promise900' };

      // Another window on the widget's own origin sends it with a fresh promiseID.
      await page.evaluate((url) => {
        const other = document.createElement('iframe');
        other.src = url;
        document.body.append(other);
      }, `${dev.widgetOrigin}/${FIXTURES}/gainsight/widget.css`);
      await poll(() => page.frames().some((candidate) => candidate.url().endsWith('widget.css'))).toBe(true);
      const other = page.frames().find((candidate) => candidate.url().endsWith('widget.css')) as Frame;
      await other.waitForLoadState();
      await other.evaluate((message) => parent.postMessage(message, '*'), forged);
      await poll(async () => (await logRows(page)).filter((row) => row.state === 'dropped').length).toBe(1);
      expect(await frame.evaluate(() => (window as any).answers.filter((answer: any) => answer.promiseID === 'Promise900'))).toEqual([]);

      // The widget's own frame, navigated to another origin, sends it too.
      await page.locator('iframe').first().evaluate((iframe, url) => ((iframe as HTMLIFrameElement).src = url), `${dev.hostOrigin}/__wb/host.css`);
      await poll(() => page.frames().some((candidate) => candidate.url().endsWith('/__wb/host.css'))).toBe(true);
      const moved = page.frames().find((candidate) => candidate.url().endsWith('/__wb/host.css')) as Frame;
      await moved.waitForLoadState();
      await moved.evaluate((message) => parent.postMessage({ ...message, promiseID: 'Promise901' }, '*'), forged);

      // (The old page's __DEREGISTER__, sent while it unloads, may arrive with no source and be dropped too.)
      await poll(async () => (await logRows(page)).filter((row) => row.state === 'dropped').map((row) => row.what)).toEqual(
        expect.arrayContaining(['wrong origin ' + dev.hostOrigin, 'not from the widget frame']),
      );
      // No call was answered or logged for either.
      expect((await logRows(page)).filter((row) => row.state !== 'dropped')).toHaveLength(before);
    } finally {
      await session.close();
    }
  });
});

describe('Zoho Writer emulation (Sigma v3 stand-in)', () => {
  it('runs a vendor-style extension: App not registered before Load, request and get after it', async () => {
    const session = await run('vendor-writer.html', 'zoho-writer');
    try {
      const result = await output(await widgetFrame(session));
      expect(result.beforeLoad).toBe('App not registered.');
      expect(result.answer).toEqual({ statusCode: 200, response: { method: 'GET', url: 'https://api.example.com/greetings/7', body: null, authorization: null } });
      expect(result.doc).toEqual({ document: { id: 'doc-1', name: 'Plan.docx' } });
      expect(session.problems).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('runs a widget-bridge widget on top of the stand-in', async () => {
    const session = await run('bridge-writer.html', 'zoho-writer');
    try {
      const result = await output(await widgetFrame(session));
      expect(result).toMatchObject({ vendor: 'zoho-sigma', status: 201, data: { method: 'POST', url: 'https://api.example.com/greetings/abc-1', body: '{"text":"hello"}' } });
      expect(result.missing.code).toBe('CONNECTOR_ERROR');
      expect(session.problems).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe('Gainsight emulation', () => {
  it("runs the widget's classic script in a shadow root under CSP default-src 'self', its connectors run in Node", async () => {
    const session = await run('gainsight', 'gainsight');
    try {
      const { page } = session;
      const csp = await page.evaluate(async () => (await fetch('/')).headers.get('content-security-policy'));
      expect(csp).toBe("default-src 'self'; frame-ancestors 'none'");
      const result = await output(page, '#gs-widget #out[data-done]');
      expect(result.inShadowRoot).toBe(true);
      expect(result.greeting).toEqual({ method: 'GET', url: 'https://api.example.com/greetings/42?lang=fr', body: null, authorization: 'Bearer stored-in-the-connector' });
      expect(result.invalid).toEqual({ name: 'ConnectorExecuteError', code: 'INVALID_PATH_PARAMETERS', status: 400, params: ['id'] });
      expect(result.unknown.name).toBe('Error');
      expect(result.unknown.message).toContain('404');
      // The two failures above, as the browser reports any failed fetch.
      expect(session.problems).toEqual([expect.stringContaining('status of 400'), expect.stringContaining('status of 404')]);
      expect(result.proxied).toEqual({ proxied: true, path: '/greetings/9', authorization: 'Bearer from-the-connection' });
      // The stylesheet the widget links is in its shadow root and applies there.
      expect(await page.locator('#gs-widget .greeting').evaluate((node) => getComputedStyle(node).borderTopStyle)).toBe('solid');
    } finally {
      await session.close();
    }
  });
});

describe('framing', () => {
  it('cannot be framed by a page of another origin, which so cannot drive or flood its inspector', async () => {
    const session = await run('vendor-books.html', 'zoho-books');
    try {
      const { page, dev } = session;
      // A page on another origin (the widget's) that frames the host page, as a hostile site would.
      await page.goto(`${dev.widgetOrigin}/${FIXTURES}/gainsight/widget.css`);
      await page.evaluate(
        (url) =>
          new Promise<void>((resolve) => {
            const frame = document.createElement('iframe');
            frame.addEventListener('load', () => resolve());
            frame.src = url;
            document.body.append(frame);
          }),
        dev.hostUrl,
      );
      const framed = page.frames().filter((frame) => frame !== page.mainFrame());
      expect(framed).toHaveLength(1);
      expect(framed[0]?.url()).not.toBe(dev.hostUrl);
    } finally {
      await session.close();
    }
  });
});

describe('several hosts from one process', () => {
  it('runs one widget on four hosts, with an index page at the first port linking each host page', async () => {
    const dev = await startDev({ widget: join(ROOT, FIXTURES, 'multi'), host: 'zoho-books,ZOHO-INVOICE,zoho-billing,gainsight', connections: CONNECTIONS, port: 0, widgetPort: 0, offline: true, root: ROOT, watch: false });
    const index = await open(dev);
    try {
      expect(dev.url).toBe(dev.indexUrl);
      expect(dev.hosts.map((host) => host.name)).toEqual(['zoho-books', 'zoho-invoice', 'zoho-billing', 'gainsight']);
      expect(new Set([dev.indexUrl, ...dev.hosts.map((host) => host.hostUrl)]).size).toBe(5);
      const links = await index.page.locator('#wb-hosts a').evaluateAll((anchors) => anchors.map((a) => ({ title: a.textContent, href: (a as HTMLAnchorElement).href })));
      expect(links).toEqual(dev.hosts.map((host) => ({ title: host.host.title, href: host.hostUrl })));
      for (const [i, host] of dev.hosts.entries()) {
        await index.page.goto(dev.indexUrl as string);
        await index.page.locator('#wb-hosts a').nth(i).click();
        await index.page.waitForURL(host.hostUrl);
        const scope = host.name === 'gainsight' ? index.page : await widgetFrame({ dev, ...index });
        const result = await output(scope, host.name === 'gainsight' ? '#gs-widget #out[data-done]' : '#out[data-done]');
        if (host.name === 'gainsight') {
          expect(result).toEqual({ vendor: 'gainsight', data: { method: 'GET', url: 'https://api.example.com/greetings/42?lang=en', body: null, authorization: 'Bearer stored-in-the-connector' } });
        } else {
          expect(result).toEqual({ vendor: 'zoho-finance', data: { method: 'GET', url: 'https://api.example.com/greetings/42', body: null, authorization: null } });
          expect(await index.page.locator('#wb-host-title').textContent()).toBe(host.host.title);
        }
      }
      expect(index.problems).toEqual([]);
    } finally {
      await index.close();
      await dev.close();
    }
  });
});

describe('--replay in the inspector', () => {
  it('answers a call with no fixture 502 naming what is missing, and marks its row', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'widget-bridge-replay-'));
    const session = await run('vendor-books.html', 'zoho-books', { replay: empty });
    try {
      const frame = await widgetFrame(session);
      await output(frame);
      const answer = await frame.evaluate(() => (window as any).ZFAPPS.request({ url: 'https://api.example.com/things/1', method: 'GET', connection_link_name: 'proxied' }));
      expect(answer.data.status_code).toBe(502);
      expect(JSON.parse(answer.data.body).error).toBe('no recorded fixture for GET /things/1 on connection "proxied"');
      const row = session.page.locator('#wb-log > li[data-replay="missing"]');
      await poll(() => row.count()).toBe(1);
      expect(await row.locator('.wb-what').textContent()).toContain('proxied');
    } finally {
      await session.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('live reload', () => {
  it('reloads the widget frame on a widget file change (the host page and its log stay) and picks up a changed connections module', async () => {
    const project = mkdtempSync(join(tmpdir(), 'widget-bridge-live-'));
    for (const file of ['vendor-books.html', 'vendor-books.js']) copyFileSync(join(ROOT, FIXTURES, file), join(project, file));
    const module = (version: number) => `export default { greetings: () => ({ body: { version: ${version} } }) };\n`;
    writeFileSync(join(project, 'connections.mjs'), module(1));
    const lines: string[] = [];
    const waiters: Array<{ text: string; done: () => void }> = [];
    const logged = (text: string) => new Promise<void>((done) => waiters.push({ text, done }));
    const log = (line: string) => {
      lines.push(line);
      for (const waiter of waiters) if (line.includes(waiter.text)) waiter.done();
    };
    const dev = await startDev({ widget: join(project, 'vendor-books.html'), host: 'zoho-books', connections: join(project, 'connections.mjs'), root: project, port: 0, widgetPort: 0, offline: true, log });
    const { page, problems, close } = await open(dev);
    try {
      expect((await output(await widgetFrame({ dev, page, problems, close }))).body).toEqual({ version: 1 });
      await page.evaluate(() => ((window as any).hostPageMarker = 'kept'));
      const rowsBefore = (await logRows(page)).length;

      const moduleChanged = logged('its connections are in use');
      writeFileSync(join(project, 'connections.mjs'), module(2));
      await moduleChanged;

      const widgetChanged = logged('vendor-books.js changed');
      writeFileSync(join(project, 'vendor-books.js'), readFileSync(join(project, 'vendor-books.js'), 'utf8').replace("out.dataset.done = 'true';", "out.dataset.done = 'true';\n  out.dataset.reloaded = 'true';"));
      await widgetChanged;
      const frame = page.frameLocator('#wb-frame-slot iframe');
      const text = await frame.locator('#out[data-reloaded]').textContent({ timeout: 15_000 });
      expect(JSON.parse(text ?? 'null').body).toEqual({ version: 2 });
      expect(await page.evaluate(() => (window as any).hostPageMarker)).toBe('kept');
      const rows = await logRows(page);
      expect(rows.some((row) => row.method === 'RELOAD' && row.what === 'vendor-books.js changed')).toBe(true);
      expect(rows.length).toBeGreaterThan(rowsBefore + 1);
      expect(lines.filter((line) => line.includes('cannot be loaded'))).toEqual([]);
    } finally {
      await close();
      await dev.close();
      rmSync(project, { recursive: true, force: true });
    }
  });
});

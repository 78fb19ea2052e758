// `widget-bridge dev --host zoho-crm` in real Chromium: the emulated CRM host frame on http://127.0.0.1, the
// widget on http://localhost, the CRM embedded-app SDK replaced by its offline stand-in (which speaks the
// SDK's SDK.EVENT / FRAMEWORK.EVENT transport). A widget written against the SDK alone, and a widget-bridge
// widget on top of it, run unchanged.
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDev, type DevServer } from '../../src/dev/server/index.js';
import { launchChromium, ROOT } from './harness.mjs';

/** expect.poll with a timeout a loaded machine meets (its default, 1 s, it does not). */
const poll = <T>(read: () => T) => expect.poll(read, { timeout: 15_000 });

const FIXTURES = 'test/browser/dev-fixtures';

let browser: Browser;

beforeAll(async () => {
  // The shared connections module also defines a proxy to dev.test.ts's own server; not called here.
  process.env.DEV_TEST_UPSTREAM ??= 'http://127.0.0.1:9';
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function run(widget: string): Promise<{ dev: DevServer; page: Page; problems: string[]; close(): Promise<void> }> {
  const dev = await startDev({ widget: join(ROOT, FIXTURES, widget), host: 'zoho-crm', connections: join(ROOT, FIXTURES, 'connections.mjs'), port: 0, widgetPort: 0, offline: true, root: ROOT });
  const context = await browser.newContext();
  // Nothing may leave the machine: a request to Zoho's CDN would mean the stand-in was not served.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(dev.hostUrl);
  return { dev, page, problems, close: () => context.close().then(() => dev.close()) };
}

async function output(page: Page, dev: DevServer): Promise<Record<string, any>> {
  const find = () => page.frames().find((candidate) => candidate.url().startsWith(dev.widgetOrigin));
  await poll(() => find() !== undefined).toBe(true);
  const text = await (find() as Frame).locator('#out[data-done]').textContent({ timeout: 15_000 });
  return JSON.parse(text ?? 'null');
}

describe('Zoho CRM emulation (embedded-app SDK stand-in)', () => {
  it('runs a vendor-style widget: REGISTER, SET_CONTEXT and PageLoad, CONNECTION.invoke answers as the SDK gives them', async () => {
    const session = await run('crm-vendor.html');
    try {
      const result = await output(session.page, session.dev);
      expect(result.page).toMatchObject({ Entity: 'Accounts', EntityId: ['5725767000000411001'] });
      expect(result.posted).toMatchObject({
        code: 'SUCCESS',
        status: 'success',
        details: { statusCode: 201, statusMessage: { method: 'POST', url: 'https://api.example.com/greetings/42', body: '{"text":"hello"}' } },
      });
      // The SDK forwards no `body`: the API gets none.
      expect(result.dropped.details.statusMessage).toMatchObject({ method: 'POST', body: null });
      expect(result.unknown).toMatchObject({ code: 'INVALID_CONNECTION', status: 'error' });
      expect(await session.page.locator('#wb-status').getAttribute('data-state')).toBe('registered');
      // The inspector logs each answer as the host frame handles it: wait for the third.
      await expect.poll(() => session.page.locator('#wb-log > li .wb-what').count(), { timeout: 15_000 }).toBe(3);
      const rows = await session.page.locator('#wb-log > li .wb-what').allTextContents();
      expect(rows.at(-1)).toContain('greetings https://api.example.com/greetings/42');
      expect(session.problems).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('runs a widget-bridge widget on top of the stand-in', async () => {
    const session = await run('crm-bridge.html');
    try {
      const result = await output(session.page, session.dev);
      expect(result.vendor).toBe('zoho-crm');
      expect(result.capabilities).toMatchObject({ textBody: false, formBody: false, multipartBody: false, responseStatus: false });
      expect(result.status).toBe(201);
      expect(result.data).toMatchObject({ method: 'POST', url: 'https://api.example.com/greetings/abc-1?lang=en&lang=pl', body: '{"text":"hello"}' });
      expect(result.missing).toMatchObject({ code: 'CONNECTOR_ERROR', vendorCode: 'INVALID_CONNECTION' });
      expect(result.text.code).toBe('UNSUPPORTED');
      // Two calls reached the host: the text body never left the widget.
      expect(await session.page.locator('#wb-log > li').count()).toBe(2);
      expect(session.problems).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

// The Zoho message guard in real Chromium across two origins: the widget on http://localhost, its host
// frame on http://127.0.0.1, and two sibling frames (one per origin) that forge the host's answer to the
// widget's call before the real one comes. The vendor scripts are the offline stand-ins (zf_sdk.js, the Sigma
// SDK, Zoho CRM's SDK), which, like Zoho's own, take every message from anyone once registered.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startServers, type Servers } from './harness.mjs';

let browser: Browser;
let servers: Servers;

beforeAll(async () => {
  [browser, servers] = await Promise.all([launchChromium(), startServers()]);
});

afterAll(async () => {
  await browser?.close();
  await servers?.close();
});

/** Loads the host page; resolves with what the widget's request got and the calls the host received. */
const PAGES = { finance: 'zoho-guard-books.html', sigma: 'zoho-guard-writer.html', crm: 'zoho-guard-crm.html' };

async function run(sdk: keyof typeof PAGES, mode: 'vendor' | 'bridge') {
  const page: Page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await page.goto(`${servers.hostOrigin}/test/browser/pages/zoho-guard-host.html?sdk=${sdk}&mode=${mode}&widgetOrigin=${encodeURIComponent(servers.widgetOrigin)}`);
    const frame = await waitForFrame(page, PAGES[sdk]);
    await frame.waitForFunction(() => 'outcome' in window);
    const outcome = await frame.evaluate(() => (window as unknown as { outcome: Promise<unknown> }).outcome);
    const heard = await frame.evaluate(() => (window as unknown as { heard: unknown[] }).heard);
    const calls = await page.evaluate(() => (window as unknown as { calls: unknown[] }).calls.length);
    return { outcome, heard, calls, problems };
  } finally {
    await page.close();
  }
}

async function waitForFrame(page: Page, name: string) {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((candidate) => candidate.url().includes(name));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(`no frame ${name}`);
}

describe.each(['finance', 'sigma', 'crm'] as const)('the Zoho message guard, %s', (sdk) => {
  it('without widget-bridge, the vendor script takes a sibling frame\'s forged answer (what the guard is for)', async () => {
    const { outcome, calls } = await run(sdk, 'vendor');
    expect(outcome).toEqual({ forged: true });
    expect(calls).toBe(1);
  });

  it('with the adapter, forged answers from a sibling at the host\'s origin and at another change nothing: the real answer arrives', async () => {
    const { outcome, heard, calls, problems } = await run(sdk, 'bridge');
    expect(outcome).toEqual({ real: true });
    expect(calls).toBe(1);
    expect(problems).toEqual([]);
    // A listener added after the guard never hears a forgery; the host's answer and others' messages reach it.
    const answers = heard.filter((data) => /__EVENT_RESPONSE__|"EVENT_RESPONSE"/.test(JSON.stringify(data)));
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers)).toContain('real');
    expect(heard).toContainEqual({ kind: 'sibling-hello' });
  });
});

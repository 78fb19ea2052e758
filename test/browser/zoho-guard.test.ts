// The Zoho message guard in real Chromium across two origins: the widget on http://localhost, its host
// frame on http://127.0.0.1, and two sibling frames (one per origin) that forge the host's answers to the
// widget's calls before the real ones come. The vendor scripts are the offline stand-ins (zf_sdk.js, the
// Sigma SDK, Zoho CRM's SDK), which, like Zoho's own, take every message from anyone once registered and
// read ids and event names by property lookup (an array reads as its string). The widget starts its SDK
// before the bridge exists, so the script listens ahead of the guard.
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

const PAGES = { finance: 'zoho-guard-books.html', sigma: 'zoho-guard-writer.html', crm: 'zoho-guard-crm.html', crm2018: 'zoho-guard-crm2018.html' };
type Sdk = keyof typeof PAGES;

interface Run {
  mode?: 'vendor' | 'bridge' | 'adopt';
  attack?: string;
  calls?: number;
}

/** Loads the host page; resolves with what the widget's requests got and what the host received. */
async function run(sdk: Sdk, { mode = 'bridge', attack = 'basic', calls = 1 }: Run = {}) {
  const page: Page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    const query = new URLSearchParams({ sdk, mode, attack, calls: String(calls), widgetOrigin: servers.widgetOrigin });
    // `load` waits for the frames the host page made while loading.
    await page.goto(`${servers.hostOrigin}/test/browser/pages/zoho-guard-host.html?${query}`);
    const frame = page.frames().find((candidate) => candidate.url().includes(PAGES[sdk]));
    if (!frame) throw new Error(`no frame ${PAGES[sdk]}`);
    await frame.waitForFunction(() => 'outcome' in window);
    const outcome = await frame.evaluate(() => (window as unknown as { outcome: Promise<unknown> }).outcome);
    const heard = await frame.evaluate(() => (window as unknown as { heard: unknown[] }).heard);
    const host = await page.evaluate(() => ({ calls: (window as unknown as { calls: unknown[] }).calls.length, registers: (window as unknown as { registers: number }).registers }));
    return { outcome, heard, calls: host.calls, registers: host.registers, problems };
  } finally {
    await page.close();
  }
}

const real = (n = 0) => ({ real: true, url: `https://api.example.com/items/${n}` });
const answersIn = (heard: unknown[]) => heard.filter((data) => /__EVENT_RESPONSE__|EVENT_RESPONSE/.test(JSON.stringify(data)));

describe.each(['finance', 'sigma', 'crm'] as const)('the Zoho message guard, %s', (sdk) => {
  it("without widget-bridge, the vendor script takes a sibling frame's forged answer (what the guard is for)", async () => {
    const { outcome, calls } = await run(sdk, { mode: 'vendor' });
    expect(outcome).toEqual({ forged: true });
    expect(calls).toBe(1);
  });

  it("the stand-in reads an array id as the vendor script does: without widget-bridge, ['Promise100'] answers the call", async () => {
    expect((await run(sdk, { mode: 'vendor', attack: 'array-id' })).outcome).toEqual({ forged: true });
  });

  it("forged answers from a sibling at the host's origin and at another change nothing; the page's own eventName message passes", async () => {
    const { outcome, heard, calls, problems } = await run(sdk);
    expect(outcome).toEqual(real());
    expect(calls).toBe(1);
    expect(problems).toEqual([]);
    // A listener added after the guard never hears a forgery; the host's answer and others' messages reach it.
    expect(answersIn(heard)).toEqual([expect.objectContaining({ data: expect.anything() })]);
    expect(JSON.stringify(answersIn(heard))).toContain('real');
    expect(heard).toContainEqual({ kind: 'sibling-hello' });
    expect(heard).toContainEqual({ eventName: 'cart-updated', items: 2 });
  });

  it('memory flush: one forgery for the call, then 40 junk answers: the real answer wins', async () => {
    const { outcome, problems } = await run(sdk, { attack: 'flush' });
    expect(outcome).toEqual(real());
    expect(problems).toEqual([]);
  });

  it('blind guessing: Promise100..105 every 20 ms, each with 40 junk answers: the real answer wins', async () => {
    expect((await run(sdk, { attack: 'blind' })).outcome).toEqual(real());
  });

  it("an array id (['Promise100'], read by the script as the string) does not hold back the real answer", async () => {
    expect((await run(sdk, { attack: 'array-id' })).outcome).toEqual(real());
  });

  it('forgeries equal as JSON to the real answer, under other ids, with the real answer sent as JSON text: the real answer wins, no TIMEOUT', async () => {
    expect((await run(sdk, { attack: 'equal-json' })).outcome).toEqual(real());
  });

  it("two calls in flight, equal forgeries for both: each call gets its own answer, never the other's", async () => {
    expect((await run(sdk, { attack: 'two-calls', calls: 2 })).outcome).toEqual([real(0), real(1)]);
  });

  it("adopts the SDK the widget initialised itself: the bridge made after the Load, with no option", async () => {
    const { outcome, calls, problems } = await run(sdk, { mode: 'adopt' });
    expect(outcome).toEqual(real());
    expect(calls).toBe(1);
    expect(problems).toEqual([]);
  });
});

describe('the Zoho message guard, crm only', () => {
  it("the stand-in reads an array eventName as the SDK does: without widget-bridge, ['EVENT_RESPONSE'] answers the call", async () => {
    expect((await run('crm', { mode: 'vendor', attack: 'array-event' })).outcome).toEqual({ forged: true });
  });

  it("an array eventName (['EVENT_RESPONSE'], read by the SDK as the string): one forgery is not enough", async () => {
    const { outcome, heard } = await run('crm', { attack: 'array-event' });
    expect(outcome).toEqual(real());
    expect(JSON.stringify(answersIn(heard))).not.toContain('forged');
  });

  it('the 2018 SDK build (a new SDK on every init()): the bridge made after the widget\'s init() works, with one init() of its own', async () => {
    const { outcome, registers, problems } = await run('crm2018', { mode: 'adopt' });
    expect(outcome).toEqual(real());
    expect(problems).toEqual([]);
    // The widget's init() and the adapter's one shared init: two REGISTERs at most, never one per request.
    expect(registers).toBeLessThanOrEqual(2);
  });
});

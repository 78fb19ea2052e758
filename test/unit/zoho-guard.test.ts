// The guard over Zoho's vendor scripts, and the Zoho adapters adopting an SDK the widget started itself.
// Each test is one page: a window of its own (an EventTarget with the page's URL and a parent), a
// stand-in of the vendor script that behaves as the real one does where it matters here (it processes every
// message from anyone; each zf_sdk.js init() waits for the next Load, and the host sends one), and the host.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { zohoCrm } from '../../adapters/zoho-crm.js';
import { zohoFinance, type Zfapps } from '../../adapters/zoho-finance.js';
import { guardZohoMessages } from '../../adapters/zoho-guard.js';
import { zohoSigma } from '../../adapters/zoho-sigma.js';
import { createBridge, type BridgeRequest } from '../../src/index.js';
import { failure } from '../support/failure.js';

const HOST = 'https://books.zoho.com';
const request: BridgeRequest = { connection: 'booksconn', url: 'https://api.example.com/items' };

type Message = Record<string, unknown>;

/** A widget page framed by the host at HOST; `post` delivers a message as the browser would. */
function page(query = `?serviceOrigin=${encodeURIComponent(HOST)}&isDevMode=true`) {
  const parent = { name: 'host frame' };
  const sibling = { name: 'another frame' };
  const win = Object.assign(new EventTarget(), { location: { href: `https://widgets.example.com/widget.html${query}` }, parent });
  vi.stubGlobal('window', win);
  // As a browser does: `window.event` is the message while its listeners (and the microtasks they queue) run.
  const post = (data: unknown, { source = parent as object, origin = HOST } = {}) => {
    const event = new MessageEvent('message', { data, origin });
    Object.defineProperty(event, 'source', { value: source });
    Object.assign(win, { event });
    win.dispatchEvent(event);
    Object.assign(win, { event: undefined });
  };
  return { win: win as unknown as Window, parent, sibling, post };
}

/** What a vendor script's own `message` listener (added before any adapter exists) gets to see. */
function vendorListener(win: Window): unknown[] {
  const seen: unknown[] = [];
  win.addEventListener('message', (event) => seen.push(event.data));
  return seen;
}

/**
 * zf_sdk.js where it matters: every `init()` waits for the next `__REGISTER__`, taken from any sender; a
 * request before `init()` throws; answers are matched by `promiseID` alone, from any sender.
 */
function zfScript(win: Window) {
  const waiting: Array<(data: Message) => void> = [];
  const pending = new Map<string, { resolve(value: unknown): void; reject(reason: unknown): void }>();
  const sent: Array<{ promiseID: string; options: unknown }> = [];
  let started = false;
  let next = 100;
  win.addEventListener('message', (event) => {
    const message = (typeof event.data === 'string' ? JSON.parse(event.data) : event.data) as Message;
    if (message.type === '__REGISTER__') for (const resolve of waiting.splice(0)) resolve({ ...(message.data as Message), instance: {} });
    const call = message.type === '__EVENT_RESPONSE__' ? pending.get(String(message.promiseID)) : undefined;
    if (!call) return;
    pending.delete(String(message.promiseID));
    if (message.isSuccess) call.resolve(message.data);
    else call.reject(message.data);
  });
  const init = vi.fn(() => {
    started = true;
    return new Promise<Message>((resolve) => waiting.push(resolve));
  });
  const zfapps: Zfapps = {
    extension: { init },
    request(options) {
      if (!started) throw new TypeError("Cannot read properties of undefined (reading 'postMessage')");
      const promiseID = `Promise${next++}`;
      sent.push({ promiseID, options });
      return new Promise((resolve, reject) => pending.set(promiseID, { resolve, reject }));
    },
  };
  return { zfapps, init, sent };
}

const load = { type: '__REGISTER__', uniqueID: 'u-1', widgetID: 'w-1', data: { organization: { organization_id: '1' } } };
const answer = (promiseID: string, body: unknown) => ({ type: '__EVENT_RESPONSE__', promiseID, isSuccess: true, data: { data: { body: JSON.stringify(body), status_code: 200 } } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the Zoho message guard', () => {
  it("lets the host's messages through: from window.parent at serviceOrigin, as objects or JSON text", () => {
    const { win, post } = page();
    const seen = vendorListener(win);
    zohoFinance();
    post(load);
    post(JSON.stringify(answer('Promise100', { ok: true })));
    post({ type: 'FRAMEWORK.EVENT', eventName: 'EVENT_RESPONSE', promiseid: 'Promise100', data: {} });
    post({ widgetID: 'w-1', eventName: 'ON_CHANGE', data: {} });
    expect(seen).toHaveLength(4);
  });

  it('stops every Zoho-shaped message from anyone else before the vendor script sees it', () => {
    const { win, post, sibling, parent } = page();
    // Added after the guard, as CRM's SDK adds its listener in init() (Chromium runs a window's listeners in
    // the order they were added; a script listening earlier is the judge's case, below).
    zohoSigma({ service: 'WRITER' });
    const seen = vendorListener(win);
    const forged = [
      { ...answer('Promise100', { forged: true }), type: ['__EVENT_RESPONSE__'], promiseID: ['Promise100'] },
      { type: 'FRAMEWORK.EVENT', eventName: ['EVENT_RESPONSE'], promiseid: ['Promise100'], data: {} },
      answer('Promise100', { forged: true }),
      JSON.stringify(answer('Promise101', { forged: true })),
      load,
      { type: 'FRAMEWORK.EVENT', eventName: 'SET_CONTEXT', data: { uniqueID: 'x' } },
      { type: 'FRAMEWORK.EVENT', eventName: 'EVENT_RESPONSE_FAILURE', promiseid: 'Promise100', data: {} },
      { widgetID: 'w-1', eventName: 'ON_CHANGE', data: {} },
    ];
    for (const data of forged) {
      post(data, { source: sibling }); // a sibling frame, even at the host's origin
      post(data, { source: parent, origin: 'https://evil.example' }); // the parent's window, another origin (navigated)
      post(data, { source: win, origin: 'https://widgets.example.com' }); // the page itself
    }
    expect(seen).toEqual([]);
  });

  it('leaves every other message alone, from anyone: penpal, the app, plain text', () => {
    const { win, post, sibling } = page();
    const seen = vendorListener(win);
    zohoCrm();
    const others = [{ namespace: 'penpal', channel: 'c', type: 'SYN', participantId: 'p' }, { kind: 'app-message' }, 'hello', '{not json', null, 42];
    for (const data of others) post(data, { source: sibling, origin: 'https://elsewhere.example' });
    // The app's own event, posted by the page to itself, carries an eventName but is not the hosts' traffic.
    post({ eventName: 'cart-updated', items: 2 }, { source: win, origin: 'https://widgets.example.com' });
    expect(seen).toEqual([...others, { eventName: 'cart-updated', items: 2 }]);
  });

  it('is installed once per window, whichever adapters are made, and not at all on a page no Zoho host framed', () => {
    const { win } = page();
    const add = vi.spyOn(win, 'addEventListener');
    const guard = guardZohoMessages();
    zohoFinance();
    zohoSigma({ service: 'WRITER' });
    zohoCrm();
    expect(guardZohoMessages()).toBe(guard);
    expect(add).toHaveBeenCalledTimes(1);
    const unframed = page('?lang=en');
    const unframedAdd = vi.spyOn(unframed.win, 'addEventListener');
    expect(guardZohoMessages()).toBeUndefined();
    zohoFinance();
    expect(unframedAdd).not.toHaveBeenCalled();
    expect(guardZohoMessages(undefined)).toBeUndefined();
  });

  it("notes the host's Load only when the host sent it", () => {
    const { post, sibling } = page();
    const guard = guardZohoMessages();
    post(load, { source: sibling });
    post({ type: 'FRAMEWORK.EVENT', eventName: 'SET_CONTEXT', data: {} }, { origin: 'https://evil.example' });
    expect(guard?.hostLoaded).toBe(false);
    post({ type: 'FRAMEWORK.EVENT', eventName: 'SET_CONTEXT', data: {} });
    expect(guard?.hostLoaded).toBe(true);
  });

  it('a forged answer changes nothing: the request gets the real one', async () => {
    const { win, post, sibling } = page();
    const script = zfScript(win);
    const bridge = createBridge({ adapter: zohoFinance({ zfapps: script.zfapps }), timeout: 1_000 });
    const pending = bridge.request(request);
    post(load);
    await vi.waitFor(() => expect(script.sent).toHaveLength(1));
    post(answer('Promise100', { forged: 'sibling' }), { source: sibling });
    post(answer('Promise100', { forged: 'origin' }), { origin: 'https://evil.example' });
    post(answer('Promise100', { real: true }));
    expect((await pending).data).toEqual({ real: true });
  });
});

describe('judge: where a script that listened first settled a call', () => {
  /** A script listening before the guard: it settles the call inside the dispatch, and the adapter judges there. */
  function settleOn(win: Window, key: 'promiseID' | 'promiseid') {
    const judged: unknown[] = [];
    // Capture, as the guard's: jsdom runs capture listeners at the target first, Chromium in the order added.
    win.addEventListener('message', (event) => {
      const message = (typeof event.data === 'string' ? JSON.parse(event.data) : event.data) as Message;
      if (message[key] !== undefined) judged.push(guardZohoMessages()?.judge({ ok: true, value: message.data }, key));
    }, true);
    guardZohoMessages();
    return judged;
  }

  it("a call settled by another window's answer (an array id included) waits for the host's own answer to that id", async () => {
    const { win, post, sibling } = page();
    const judged = settleOn(win, 'promiseID');
    post({ ...answer('Promise100', { forged: true }), promiseID: ['Promise100'] }, { source: sibling });
    post(answer('Promise101', { other: 'call' }));
    post(JSON.stringify({ ...answer('Promise100', {}), isSuccess: false, data: { message: 'real failure' } }));
    expect(judged[0]).toBeInstanceOf(Promise);
    await expect(judged[0]).resolves.toEqual({ ok: false, value: { message: 'real failure' } });
    expect(judged[1]).toEqual({ ok: true, value: answer('Promise101', { other: 'call' }).data });
  });

  it("CRM: by promiseid; the host's own answers, and calls settled outside any message, are kept as they are", async () => {
    const { win, post } = page();
    const judged = settleOn(win, 'promiseid');
    const crm = (eventName: unknown, data: unknown) => ({ type: 'FRAMEWORK.EVENT', eventName, promiseid: 'Promise102', data });
    post(crm(['EVENT_RESPONSE'], { code: 'FORGED' }), { source: win, origin: 'https://widgets.example.com' });
    post(crm('EVENT_RESPONSE', { code: 'SUCCESS' }));
    expect(judged[0]).toBeInstanceOf(Promise);
    await expect(judged[0]).resolves.toEqual({ ok: true, value: { code: 'SUCCESS' } });
    expect(judged[1]).toEqual({ ok: true, value: { code: 'SUCCESS' } });
    expect(guardZohoMessages()?.judge({ ok: true, value: 'no message' }, 'promiseid')).toEqual({ ok: true, value: 'no message' });
  });
});

describe('zohoFinance adopts the SDK a widget initialised itself (each zf_sdk.js init() waits for a new Load)', () => {
  it('widget init() after the bridge was made: one shared init, and a later init() resolves at once', async () => {
    const { win, post } = page();
    const script = zfScript(win);
    const bridge = createBridge({ adapter: zohoFinance({ zfapps: script.zfapps }), timeout: 1_000 });
    const first = bridge.request(request);
    const widgetInit = script.zfapps.extension.init();
    post(load);
    await expect(widgetInit).resolves.toMatchObject({ organization: { organization_id: '1' } });
    await vi.waitFor(() => expect(script.sent).toHaveLength(1));
    post(answer('Promise100', { n: 1 }));
    expect((await first).data).toEqual({ n: 1 });
    await expect(script.zfapps.extension.init()).resolves.toMatchObject({ organization: { organization_id: '1' } });
    expect(script.init).toHaveBeenCalledTimes(1);
  });

  it('widget init() before the bridge was made, Load after: both inits hear it', async () => {
    const { win, post } = page();
    const script = zfScript(win);
    const widgetInit = script.zfapps.extension.init();
    const bridge = createBridge({ adapter: zohoFinance({ zfapps: script.zfapps }), timeout: 1_000 });
    post(load);
    await widgetInit;
    const pending = bridge.request(request);
    await vi.waitFor(() => expect(script.sent).toHaveLength(1));
    post(answer('Promise100', { n: 2 }));
    expect((await pending).data).toEqual({ n: 2 });
  });

  it("bridge made before the Load, its first request long after: the adapter's init() started when it was made", async () => {
    const { win, post } = page();
    const script = zfScript(win);
    const bridge = createBridge({ adapter: zohoFinance({ zfapps: script.zfapps }), timeout: 1_000 });
    expect(script.init).toHaveBeenCalledTimes(1);
    post(load);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const pending = bridge.request(request);
    await vi.waitFor(() => expect(script.sent).toHaveLength(1));
    post(answer('Promise100', { n: 3 }));
    expect((await pending).data).toEqual({ n: 3 });
    expect(script.init).toHaveBeenCalledTimes(1);
  });

  it('the Load the guard saw is enough when no init() went through the shared one (the SDK came after the bridge)', async () => {
    const { win, post } = page();
    const script = zfScript(win);
    const late: { zfapps?: Zfapps } = {};
    const widgetInit = script.zfapps.extension.init();
    // The adapter finds the SDK only at its first use.
    const bridge = createBridge({ adapter: zohoFinance({ get zfapps() { return late.zfapps; } } as never), timeout: 1_000 });
    late.zfapps = script.zfapps;
    post(load);
    await widgetInit;
    const pending = bridge.request(request);
    await vi.waitFor(() => expect(script.sent).toHaveLength(1));
    post(answer('Promise100', { n: 4 }));
    expect((await pending).data).toEqual({ n: 4 });
    expect(script.init).toHaveBeenCalledTimes(1);
  });

  it('widget init() and Load both before the bridge: zohoFinance({ loaded }) takes what init() gave, with no second init()', async () => {
    const { win, post } = page();
    const script = zfScript(win);
    const widgetInit = script.zfapps.extension.init();
    post(load);
    const app = await widgetInit;
    for (const loaded of [widgetInit, app]) {
      const bridge = createBridge({ adapter: zohoFinance({ zfapps: script.zfapps, loaded }), timeout: 1_000 });
      const pending = bridge.request(request);
      await vi.waitFor(() => expect(script.sent.length).toBeGreaterThan(0));
      post(answer(script.sent.at(-1)?.promiseID ?? '', { adopted: true }));
      expect((await pending).data).toEqual({ adopted: true });
      script.sent.length = 0;
    }
    expect(script.init).toHaveBeenCalledTimes(1);
    // Without it the adapter cannot know, and says what to do.
    const unaware = createBridge({ adapter: zohoFinance({ zfapps: script.zfapps }) });
    const error = await failure(unaware.request({ ...request, timeout: 30 }));
    expect(error.code).toBe('CONNECTOR_ERROR');
    expect(error.message).toContain('passes what it gave as zohoFinance({ loaded })');
    expect(script.sent).toHaveLength(0);
  });

  it('a loaded promise that rejected is CONNECTOR_ERROR, nothing sent', async () => {
    page();
    const script = zfScript(window);
    const loaded = Promise.reject({ message: 'registration failed' });
    loaded.catch(() => {});
    const error = await failure(createBridge({ adapter: zohoFinance({ zfapps: script.zfapps, loaded }) }).request(request));
    expect(error.message).toContain('ZFAPPS.extension.init() failed: registration failed');
    expect(script.sent).toHaveLength(0);
  });
});

describe('zohoSigma adopts an SDK the widget initialised without passing `instance`', () => {
  /** The v3 script where it matters: init(handler) returns an instance at once; handlers run on a Load that comes after them. */
  function sigmaScript(win: Window) {
    const handlers: Array<() => void> = [];
    let registered = false;
    win.addEventListener('message', (event) => {
      if ((event.data as Message).type !== '__REGISTER__') return;
      registered = true;
      for (const handler of handlers.splice(0)) handler();
    });
    const request = vi.fn(async (options: unknown) => {
      if (!registered) throw new Error('App not registered.');
      return { response: { echoed: options }, statusCode: 200 };
    });
    const init = vi.fn((handler?: () => void) => {
      if (handler) handlers.push(handler);
      return { request };
    });
    return { sdk: { WRITER: { init } }, init, request };
  }

  it('widget init() before the bridge, Load after it: requests go through without waiting for a handler that will not run', async () => {
    const { win, post } = page();
    const script = sigmaScript(win);
    script.sdk.WRITER.init(() => {});
    const bridge = createBridge({ adapter: zohoSigma({ service: 'WRITER', sdk: script.sdk }), timeout: 200 });
    post(load);
    const response = await bridge.request({ ...request, connection: 'writerconn' });
    expect(response.data).toMatchObject({ echoed: { connectionLinkName: 'writerconn' } });
  });

  it('no Load seen: it waits for the handler, bounded by the timeout, sending nothing', async () => {
    const { win } = page();
    const script = sigmaScript(win);
    const bridge = createBridge({ adapter: zohoSigma({ service: 'WRITER', sdk: script.sdk }) });
    const error = await failure(bridge.request({ ...request, timeout: 30 }));
    expect(error.message).toContain('the host never registered the app (no Load for SigmaSDK.WRITER) within 30 ms');
    expect(script.request).not.toHaveBeenCalled();
  });
});

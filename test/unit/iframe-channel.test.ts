// The channel's lifecycle without a browser: the widget side (hostChannel) over an in-process fake link that
// records what crosses it (penpal's MockMessenger is the model), and the host side's session called as penpal
// would call it. A dropped cancel, a disabled liveness check or a leaked request fails here in milliseconds.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../src/bridge.js';
import { BridgeError } from '../../src/errors.js';
import { openSession } from '../../src/iframe/expose.js';
import { hostChannel } from '../../src/iframe/host-channel.js';
import { frameMessenger } from '../../src/iframe/messenger.js';
import { LinkError } from '../../src/iframe/penpal-link.js';
import type { HostLink } from '../../src/iframe/penpal-link.js';
import type { WireAnswer, WireRequest } from '../../src/iframe/protocol.js';
import type { Adapter, AdapterResponse, Bridge, Capabilities, ResolvedRequest } from '../../src/types.js';

const CAPABILITIES: Capabilities = {
  composite: false,
  url: true,
  textBody: true,
  formBody: true,
  multipartBody: true,
  repeatedQuery: true,
  responseStatus: true,
  responseHeaders: true,
};
const HOST = { vendor: 'zoho-finance', capabilities: CAPABILITIES };
const OK: WireAnswer = { ok: true, response: { data: 1, status: 200, headers: {}, vendor: 'zoho-finance' } };
const WIRE: WireRequest = { connection: 'echo', url: 'https://api.example.com/x' };

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** The host frame as the widget's channel sees it: every call recorded, every answer in the test's hands. */
function fakeHost() {
  const links: Array<HostLink & { requests: Map<number, Deferred<WireAnswer>>; cancels: number[]; pings: number; closed: boolean }> = [];
  const host = {
    links,
    /** How the next request is received: `answer` (kept pending for the test), or a LinkError thrown at once. */
    refuseNext: undefined as LinkError | undefined,
    pingAnswers: true,
    open: () => {
      const link = {
        requests: new Map<number, Deferred<WireAnswer>>(),
        cancels: [] as number[],
        pings: 0,
        closed: false,
        hello: async () => ({ ok: true as const, protocol: 1, host: HOST }),
        request(id: number) {
          if (link.closed) return Promise.reject(new LinkError('unsent', 'closed'));
          const refused = host.refuseNext;
          host.refuseNext = undefined;
          if (refused) return Promise.reject(refused);
          const answer = deferred<WireAnswer>();
          link.requests.set(id, answer);
          return answer.promise;
        },
        cancel: (id: number) => void link.cancels.push(id),
        // As penpal's call timeout does: an unanswered ping rejects after `timeout`.
        ping: (timeout: number) => {
          link.pings++;
          if (host.pingAnswers) return Promise.resolve(true);
          return new Promise((_, reject) => setTimeout(() => reject(new LinkError('timeout', 'no reply')), timeout));
        },
        close() {
          link.closed = true;
          for (const answer of link.requests.values()) answer.reject(new LinkError('closed', 'the connection was destroyed'));
        },
      };
      links.push(link);
      return { connected: Promise.resolve(link as HostLink), close: link.close };
    },
  };
  return host;
}

function channelOn(host: ReturnType<typeof fakeHost>, heartbeat = 100) {
  return hostChannel({ target: () => window, allowedOrigins: ['https://host.example'], timeout: 1_000, heartbeat, open: host.open });
}

async function settled<T>(promise: Promise<T>) {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: error as BridgeError }),
  );
}

describe('the widget side of the channel (in-process link)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('an abort rejects at once and tells the host to drop that request, and only that one', async () => {
    const host = fakeHost();
    const channel = channelOn(host);
    const first = new AbortController();
    const aborted = settled(channel.request(WIRE, first.signal));
    const other = channel.request(WIRE, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    first.abort();
    expect(await aborted).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    expect(host.links[0]!.cancels).toEqual([1]);
    host.links[0]!.requests.get(2)!.resolve(OK);
    expect(await other).toEqual(OK);
  });

  it('a host that stops answering fails every pending request within two heartbeats, through a ping', async () => {
    const host = fakeHost();
    host.pingAnswers = false;
    const channel = channelOn(host, 100);
    const pending = [settled(channel.request(WIRE, new AbortController().signal)), settled(channel.request(WIRE, new AbortController().signal))];
    await vi.advanceTimersByTimeAsync(350);
    for (const outcome of await Promise.all(pending)) {
      expect(outcome).toMatchObject({ ok: false, error: { code: 'CHANNEL_ERROR', message: expect.stringContaining('stopped answering') } });
    }
    expect(host.links[0]!.pings).toBeGreaterThan(0);
    expect(host.links[0]!.closed).toBe(true);
  });

  it('a busy host is alive: while answers keep coming it is not pinged, and the heartbeat stops with nothing pending', async () => {
    const host = fakeHost();
    const channel = channelOn(host, 100);
    const slow = channel.request(WIRE, new AbortController().signal);
    for (let i = 0; i < 10; i++) {
      const quick = channel.request(WIRE, new AbortController().signal);
      await vi.advanceTimersByTimeAsync(50);
      host.links[0]!.requests.get(i + 2)!.resolve(OK);
      await quick;
    }
    expect(host.links[0]!.pings).toBe(0);
    host.links[0]!.requests.get(1)!.resolve(OK);
    await slow;
    await vi.advanceTimersByTimeAsync(200);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an answer after the ping keeps the host alive, even when the ping times out late (this frame was busy)', async () => {
    const host = fakeHost();
    const channel = channelOn(host, 100);
    const answered = channel.request(WIRE, new AbortController().signal);
    const pending = settled(channel.request(WIRE, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(0);
    // The ping's reply queues behind the burst in the host; its timeout is this test's to fire.
    const pingTimeout = deferred<never>();
    let pings = 0;
    host.links[0]!.ping = () => (pings++, pingTimeout.promise);
    await vi.advanceTimersByTimeAsync(100);
    expect(pings).toBe(1);
    // The host answers 10 ms after the ping; the ping's timeout is handled 150 ms after the ping, not 100.
    await vi.advanceTimersByTimeAsync(10);
    host.links[0]!.requests.get(1)!.resolve(OK);
    expect(await answered).toEqual(OK);
    await vi.advanceTimersByTimeAsync(140);
    pingTimeout.reject(new LinkError('timeout', 'no reply'));
    await vi.advanceTimersByTimeAsync(0);
    host.links[0]!.requests.get(2)!.resolve(OK);
    expect(await pending).toEqual({ ok: true, value: OK });
    expect(host.links[0]!.closed).toBe(false);
    channel.destroy();
  });

  it('the host going away fails what is pending with CHANNEL_ERROR, and the next request shakes hands again', async () => {
    const host = fakeHost();
    const channel = channelOn(host);
    const pending = settled(channel.request(WIRE, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(0);
    host.links[0]!.close();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CHANNEL_ERROR', message: expect.stringContaining('went away') } });
    const next = channel.request(WIRE, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(host.links).toHaveLength(2);
    host.links[1]!.requests.get(2)!.resolve(OK);
    expect(await next).toEqual(OK);
  });

  it('a request postMessage refused fails alone with INVALID_REQUEST at its path; the link stays up for the others', async () => {
    const host = fakeHost();
    const channel = channelOn(host);
    const other = channel.request(WIRE, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    host.refuseNext = new LinkError('uncloneable', 'could not be cloned');
    const wire: WireRequest = { ...WIRE, body: { kind: 'json', value: { items: [1, (() => 1) as never] } } };
    const refused = await settled(channel.request(wire, new AbortController().signal));
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', issues: [{ path: ['body', 'items', 1] }] } });
    expect(host.links[0]!.closed).toBe(false);
    host.links[0]!.requests.get(1)!.resolve(OK);
    expect(await other).toEqual(OK);
  });

  it('destroy rejects what is pending with ABORTED, closes the link, leaves no timer, and refuses what comes after', async () => {
    const host = fakeHost();
    const channel = channelOn(host);
    const pending = settled(channel.request(WIRE, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(0);
    channel.destroy();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    expect(host.links[0]!.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(await settled(channel.request(WIRE, new AbortController().signal))).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
  });

  it('says goodbye on pagehide (the host aborts this document’s requests at once), not when the page is cached', async () => {
    const host = fakeHost();
    const channel = channelOn(host);
    await channel.connect();
    window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
    expect(host.links[0]!.closed).toBe(false);
    window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: false }));
    expect(host.links[0]!.closed).toBe(true);
    channel.destroy();
  });
});

/** An adapter that records what it was sent and keeps each answer pending until the test gives it. */
function recordingAdapter() {
  const sent: Array<{ request: ResolvedRequest; signal: AbortSignal; answer: Deferred<AdapterResponse> }> = [];
  const adapter: Adapter = {
    vendor: 'zoho-finance',
    capabilities: CAPABILITIES,
    detect: () => true,
    send(request, signal) {
      const answer = deferred<AdapterResponse>();
      sent.push({ request, signal, answer });
      return answer.promise;
    },
  };
  return { adapter, sent };
}

describe('the host side: one widget document’s session', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const target = (closed = false) => ({ closed }) as Window;
  const options = (bridge: Bridge, allow?: Parameters<typeof openSession>[0]['allow']) => ({ bridge, allowedOrigins: ['*'], allow });

  it('a cancel aborts the SDK call of that request only', async () => {
    const { adapter, sent } = recordingAdapter();
    const session = openSession(options(createBridge({ adapter })), target(), { origin: 'https://w.example' });
    const first = session.methods.request(1, { connection: 'echo', url: 'https://api.example.com/1' });
    const second = session.methods.request(2, { connection: 'echo', url: 'https://api.example.com/2' });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
    session.methods.cancel(1);
    expect(await first).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    expect(sent.map((s) => s.signal.aborted)).toEqual([true, false]);
    sent[1]!.answer.resolve({ status: 200, body: '2' });
    expect(await second).toMatchObject({ ok: true, response: { data: 2 } });
  });

  it('the widget window closing (an iframe removed) aborts its requests within a second', async () => {
    const { adapter, sent } = recordingAdapter();
    const window = target();
    const session = openSession(options(createBridge({ adapter })), window, { origin: 'https://w.example' });
    const pending = session.methods.request(1, { connection: 'echo', url: 'https://api.example.com/1' });
    await vi.advanceTimersByTimeAsync(0);
    (window as { closed: boolean }).closed = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent[0]!.signal.aborted).toBe(true);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    // Nothing of the session keeps running (the bridge's deadline timer stops when it next fires).
    await vi.advanceTimersByTimeAsync(30_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('end() (a goodbye, a new document) aborts every request in flight', async () => {
    const { adapter, sent } = recordingAdapter();
    const session = openSession(options(createBridge({ adapter })), target(), { origin: 'https://w.example' });
    const pending = [1, 2].map((id) => session.methods.request(id, { connection: 'echo', url: 'https://api.example.com/x' }));
    await vi.advanceTimersByTimeAsync(0);
    session.end();
    expect(sent.every((s) => s.signal.aborted)).toBe(true);
    for (const answer of await Promise.all(pending)) expect(answer).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
  });

  it('the policy refuses before the adapter is called, and the adapter receives the judged URL', async () => {
    const { adapter, sent } = recordingAdapter();
    const session = openSession(options(createBridge({ adapter }), { urls: [/^https:\/\/api\.example\.com\/v1\//] }), target(), { origin: 'https://w.example' });
    const refused = await session.methods.request(1, { connection: 'echo', url: 'https://api.example.com/v1/%2e%2e/admin' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(sent).toHaveLength(0);
    const allowed = session.methods.request(2, { connection: 'echo', url: 'HTTPS://API.EXAMPLE.COM/v1/./a/{{pathParams.id}}', pathParams: { id: 7 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent[0]!.request.url).toBe('https://api.example.com/v1/a/7');
    sent[0]!.answer.resolve({ status: 200, body: '{}' });
    expect(await allowed).toMatchObject({ ok: true });
  });

  it('headers sent as pairs cannot slip past the policy: the envelope takes a record only, and nothing is sent', async () => {
    const { adapter, sent } = recordingAdapter();
    const session = openSession(options(createBridge({ adapter })), target(), { origin: 'https://w.example' });
    const answer = await session.methods.request(1, { connection: 'echo', url: 'https://api.example.com/1', headers: [['Authorization', 'Bearer stolen']] as never });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', issues: [{ path: ['headers'] }] } });
    expect(sent).toHaveLength(0);
  });

  it('a bridge of the user’s own is judged on the request as written, and sent the judged URL', async () => {
    const requests: unknown[] = [];
    const own: Bridge = {
      ready: async () => HOST,
      request: async <T>(request: unknown) => (requests.push(request), { data: null as T, status: 200, headers: {}, vendor: 'own', attempts: 1, elapsed: 0 }),
      destroy: () => undefined,
    };
    const session = openSession(options(own, { methods: ['GET'] }), target(), { origin: 'https://w.example' });
    expect(await session.methods.request(1, { connection: 'c', composite: true })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/^FORBIDDEN: POST c via zoho-finance: method POST/) },
    });
    expect(await session.methods.request(2, { connection: 'c', url: 'https://a.example/x/../y' })).toMatchObject({ ok: true });
    expect(requests).toEqual([expect.objectContaining({ url: 'https://a.example/y' })]);
  });

  it('an answer postMessage refuses becomes INVALID_RESPONSE for the widget', () => {
    const session = openSession(options(createBridge({ adapter: recordingAdapter().adapter })), target(), { origin: '' });
    expect(session.unpostable(new DOMException('could not be cloned', 'DataCloneError'))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_RESPONSE', message: expect.stringContaining('could not be cloned') },
    });
  });
});

describe('the messenger under penpal', () => {
  const CHANNEL = 'widget-bridge/1';
  // penpal's own check of a received message: its namespace and this connection's channel.
  const validateReceivedMessage = ((data: unknown) =>
    (data as { namespace?: string } | null)?.namespace === 'penpal' && (data as { channel?: string }).channel === CHANNEL) as unknown as Parameters<
    ReturnType<typeof frameMessenger>['initialize']
  >[0]['validateReceivedMessage'];
  const message = (type: string, fields: Record<string, unknown> = {}) => ({ namespace: 'penpal', channel: CHANNEL, type, ...fields }) as never;
  // The widget's window as the messenger sees it: what it posts there is recorded (jsdom's own postMessage
  // knows no options object), and its messages arrive as window message events with it as their source.
  const posted: unknown[] = [];
  const widgetWindow = { postMessage: (data: unknown) => void posted.push(data) } as unknown as Window;
  const fromWidget = (data: unknown, origin = 'https://w.example') =>
    window.dispatchEvent(Object.assign(new Event('message'), { data, origin, source: widgetWindow, ports: [] }));

  function connected(options: Partial<Parameters<typeof frameMessenger>[0]> = {}) {
    const messenger = frameMessenger({ remoteWindow: widgetWindow, allowedOrigins: ['https://w.example'], ...options });
    const received: unknown[] = [];
    messenger.initialize({ validateReceivedMessage });
    messenger.addMessageHandler((m) => received.push(m));
    fromWidget(message('SYN', { participantId: 'p' }));
    messenger.sendMessage(message('ACK2'));
    expect(posted.at(-1)).toMatchObject({ type: 'ACK2' });
    return { messenger, received };
  }

  it('reads only its own channel from the allowed origins: penpal 6 and other libraries are not even looked at', () => {
    const { messenger, received } = connected();
    fromWidget({ penpal: 'syn' });
    fromWidget({ penpal: 'reply', id: 1, resolution: 'fulfilled', returnValue: 1 });
    fromWidget({ namespace: 'penpal', channel: 'other', type: 'SYN', participantId: 'x' });
    fromWidget(message('SYN', { participantId: 'q' }), 'https://evil.example');
    expect(received).toEqual([expect.objectContaining({ type: 'SYN', participantId: 'p' })]);
    expect(messenger.origin).toBe('https://w.example');
    messenger.destroy();
  });

  it('replaces a reply postMessage refuses, and throws nothing (no unhandled rejection in penpal)', () => {
    const instead: unknown[] = [];
    const { messenger } = connected({ replyInstead: (error) => (instead.push(error), { ok: false }) });
    expect(() => messenger.sendMessage(message('REPLY', { callId: '1', value: { f: () => 1 } }))).not.toThrow();
    expect(instead).toEqual([expect.objectContaining({ name: 'DataCloneError' })]);
    messenger.destroy();
  });

  it('reports a call postMessage refuses, for that call alone', () => {
    const unsent: unknown[] = [];
    const { messenger } = connected({ onUnsent: (error) => unsent.push(error) });
    expect(() => messenger.sendMessage(message('CALL', { id: '1', methodPath: ['request'], args: [() => 1] }))).toThrow();
    expect(unsent).toHaveLength(1);
    expect(() => messenger.sendMessage(message('CALL', { id: '2', methodPath: ['request'], args: [1] }))).not.toThrow();
    messenger.destroy();
  });

  it('tells its owner when the other window says goodbye', () => {
    let goodbyes = 0;
    const messenger = frameMessenger({ remoteWindow: widgetWindow, allowedOrigins: ['*'], onGoodbye: () => goodbyes++ });
    messenger.initialize({ validateReceivedMessage });
    fromWidget(message('DESTROY'));
    expect(goodbyes).toBe(1);
    messenger.destroy();
    fromWidget(message('DESTROY'));
    expect(goodbyes).toBe(1);
  });
});

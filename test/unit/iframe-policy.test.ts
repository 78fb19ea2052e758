// The host frame's policy and the origin lists of both frames, checked without a browser.
import { describe, expect, it } from 'vitest';
import { exposeBridge, parentFrame } from '../../src/iframe/index.js';
import { checkAllowedOrigins, isAllowedOrigin } from '../../src/iframe/origins.js';
import { refusal } from '../../src/iframe/policy.js';
import type { Bridge, BridgeRequest } from '../../src/types.js';

const ORIGIN = 'https://widgets.example.com';
const get: BridgeRequest = { connection: 'weather-api', url: 'https://api.example.com/weather?q=1' };

describe('allow lists', () => {
  const allow = { connections: ['weather-api'], methods: ['GET' as const], urls: [/^https:\/\/api\.example\.com\//] };

  it('allows a request that passes every list, GET by default', async () => {
    expect(await refusal(allow, get, ORIGIN)).toBeUndefined();
    expect(await refusal(undefined, { connection: 'anything', method: 'DELETE' }, ORIGIN)).toBeUndefined();
  });

  it.each([
    ['a connection not listed', { ...get, connection: 'billing' }, 'connection billing is not in'],
    ['a method not listed', { ...get, method: 'POST' as const }, 'method POST is not in'],
    ['a url matching no pattern', { ...get, url: 'https://api.example.com.evil.net/' }, 'matches none'],
  ])('refuses %s, saying which rule', async (_label, request, reason) => {
    expect(await refusal(allow, request, ORIGIN)).toContain(reason);
  });

  it('lets a request without url through the url rule (a Gainsight connector holds its url)', async () => {
    expect(await refusal({ urls: [/^https:\/\/api\.example\.com\//] }, { connection: 'idea-endorsements' }, ORIGIN)).toBeUndefined();
  });

  it('does not let a global RegExp skip every other match', async () => {
    const policy = { urls: [/^https:\/\/api\.example\.com\//g] };
    for (let i = 0; i < 3; i++) expect(await refusal(policy, get, ORIGIN)).toBeUndefined();
  });
});

describe('allow functions', () => {
  it('are given the request and the widget origin, sync or async', async () => {
    const seen: unknown[] = [];
    const policy = async (request: BridgeRequest, { origin }: { origin: string }) => (seen.push([request.connection, origin]), true);
    expect(await refusal(policy, get, ORIGIN)).toBeUndefined();
    expect(seen).toEqual([['weather-api', ORIGIN]]);
    expect(await refusal(() => false, get, ORIGIN)).toContain(`refused this request from ${ORIGIN}`);
  });

  it('allow only on a literal true, and fail closed when they throw', async () => {
    expect(await refusal(() => 'yes' as unknown as boolean, get, ORIGIN)).toBeDefined();
    expect(await refusal(() => Promise.reject(new Error('db down')), get, ORIGIN)).toContain('policy failed (db down)');
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

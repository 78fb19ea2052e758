// @vitest-environment node
// `--record` and `--replay`, and replay() in widget-bridge/testing: a real API on 127.0.0.1 answers proxied
// calls while they are recorded; the fixtures hold no secret; with the API stopped, the dev tool and a simulator
// answer the same calls from the fixtures.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDev, type DevServer } from '../../src/dev/server/server.js';
import { replay, type Fixture } from '../../src/testing/replay.js';
import { simulateZohoFinance } from '../../src/testing/zoho-finance.js';

const SECRETS = ['SECRET-TOKEN', 'SECRET-KEY', 'SECRET-COOKIE', 'SECRET-SET-COOKIE', 'SECRET-WIDGET-AUTH'];

let dir: string;
let api: Server;
let apiOrigin: string;
let received: Array<Record<string, unknown>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'widget-bridge-record-'));
  received = [];
  api = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      received.push({ url: request.url, authorization: request.headers.authorization, key: request.headers['x-api-key'], cookie: request.headers.cookie });
      response.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'set-cookie': 'sid=SECRET-SET-COOKIE', 'x-request-id': `r${received.length}` });
      response.end(JSON.stringify({ method: request.method, path: request.url, body: body || null, n: received.length }));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiOrigin = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  writeFileSync(join(dir, 'widget.html'), '<!doctype html><p>widget</p>');
  writeFileSync(
    join(dir, 'connections.mjs'),
    `export default { proxied: { target: ${JSON.stringify(apiOrigin)}, headers: { Authorization: 'Bearer SECRET-TOKEN', 'X-Api-Key': 'SECRET-KEY' } } };\n`,
  );
});

afterAll(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function start(mode: { record: string } | { replay: string }): Promise<DevServer> {
  return startDev({ widget: join(dir, 'widget.html'), host: 'zoho-books', connections: join(dir, 'connections.mjs'), root: dir, port: 0, widgetPort: 0, watch: false, log: () => {}, ...mode });
}

/** A FETCH_DATA call as the host page hands it to the dev server, and the dev server's answer. */
async function call(dev: DevServer, options: Record<string, unknown>): Promise<{ isSuccess: boolean; data: any; upstream: any[] }> {
  const response = await fetch(`${dev.hostOrigin}/__wb/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
  return response.json() as Promise<{ isSuccess: boolean; data: any; upstream: any[] }>;
}

const CALLS = [
  { url: 'https://api.example.com/things/1?b=2&a=1', method: 'GET', connection_link_name: 'proxied', header: [{ key: 'Cookie', value: 'session=SECRET-COOKIE' }] },
  { url: 'https://api.example.com/things', method: 'POST', connection_link_name: 'proxied', body: { mode: 'raw', raw: '{"text":"one"}' }, header: [{ key: 'Content-Type', value: 'application/json' }] },
  { url: 'https://api.example.com/things', method: 'POST', connection_link_name: 'proxied', body: { mode: 'raw', raw: '{"text":"two"}' }, header: [{ key: 'Content-Type', value: 'application/json' }] },
  { url: 'https://api.example.com/things/1?b=2&a=1', method: 'GET', connection_link_name: 'proxied', header: [{ key: 'Authorization', value: 'Basic SECRET-WIDGET-AUTH' }] },
];

describe('--record, then --replay and replay()', () => {
  const recordDir = () => join(dir, 'fixtures');
  const recorded: Array<{ data: any }> = [];

  it('records each proxied exchange as a readable fixture without a secret header, the upstream origin kept', async () => {
    const dev = await start({ record: recordDir() });
    try {
      for (const options of CALLS) recorded.push(await call(dev, options));
    } finally {
      await dev.close();
    }
    // The API got the connection's credentials: the proxy worked.
    expect(received[0]).toMatchObject({ url: '/things/1?b=2&a=1', authorization: 'Bearer SECRET-TOKEN', key: 'SECRET-KEY', cookie: 'session=SECRET-COOKIE' });
    expect(recorded.map(({ data }) => data.data.status_code)).toEqual([200, 201, 201, 200]);

    const files = readdirSync(recordDir()).sort();
    expect(files).toEqual(['proxied.GET.things-1.001.json', 'proxied.GET.things-1.002.json', 'proxied.POST.things.001.json', 'proxied.POST.things.002.json']);
    for (const file of files) {
      const text = readFileSync(join(recordDir(), file), 'utf8');
      for (const secret of SECRETS) expect(text, `${file} holds ${secret}`).not.toContain(secret);
    }
    const first = JSON.parse(readFileSync(join(recordDir(), files[0] as string), 'utf8')) as Fixture;
    expect(first).toMatchObject({
      connection: 'proxied',
      request: { method: 'GET', url: `${apiOrigin}/things/1?b=2&a=1` },
      response: { status: 200, headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, body: { method: 'GET', path: '/things/1?b=2&a=1', body: null, n: 1 } },
    });
    expect(Object.keys(first.request.headers ?? {}).map((name) => name.toLowerCase())).not.toContain('authorization');
    const post = JSON.parse(readFileSync(join(recordDir(), 'proxied.POST.things.002.json'), 'utf8')) as Fixture;
    expect(post.request.body).toEqual({ text: 'two' });
  });

  it('answers the same calls from the fixtures with the API stopped, and a call with none 502 naming what is missing', async () => {
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
    const before = received.length;
    const dev = await start({ replay: recordDir() });
    try {
      for (const [i, options] of CALLS.entries()) {
        const answer = await call(dev, options);
        expect(answer.data.data.status_code).toBe(recorded[i]?.data.data.status_code);
        expect(JSON.parse(answer.data.data.body)).toEqual(JSON.parse(recorded[i]?.data.data.body));
      }
      // The query in another order is the same call; another path is not.
      expect(JSON.parse((await call(dev, { ...CALLS[0], url: 'https://api.example.com/things/1?a=1&b=2' })).data.data.body).path).toBe('/things/1?b=2&a=1');
      const missing = await call(dev, { url: 'https://api.example.com/things/2', method: 'DELETE', connection_link_name: 'proxied' });
      expect(missing.data.data.status_code).toBe(502);
      expect(JSON.parse(missing.data.data.body)).toMatchObject({
        error: 'no recorded fixture for DELETE /things/2 on connection "proxied"',
        connection: 'proxied',
        method: 'DELETE',
        path: '/things/2',
      });
      expect(missing.upstream).toEqual([expect.objectContaining({ status: 502, replay: 'missing' })]);
    } finally {
      await dev.close();
    }
    expect(received.length).toBe(before);
  });

  it('answers the same calls through replay() as a simulator connection handler', async () => {
    const fixtures = readdirSync(recordDir())
      .sort()
      .map((file) => JSON.parse(readFileSync(join(recordDir(), file), 'utf8')) as Fixture);
    const { zfapps } = simulateZohoFinance({}, { connections: { proxied: replay(fixtures) } });
    for (const [i, options] of CALLS.entries()) {
      const answer = (await zfapps.request(options)) as { data: { body: string; status_code: number } };
      expect(answer.data.status_code).toBe(recorded[i]?.data.data.status_code);
      expect(JSON.parse(answer.data.body)).toEqual(JSON.parse(recorded[i]?.data.data.body));
    }
  });
});

describe('replay(fixtures)', () => {
  const fixture = (url: string, body: unknown, answer: unknown, method = 'GET', connection = 'api'): Fixture => ({
    connection,
    request: { method, url, ...(body === undefined ? {} : { body }) },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: answer },
  });
  const request = (url: string, body?: string, method = 'GET', connection = 'api') => ({ connection, method, url, headers: {}, ...(body === undefined ? {} : { body }) });

  it('matches by connection, method in any case, path and query in any order, never by origin', async () => {
    const handler = replay([fixture('https://real.example/items?a=1&b=2', undefined, 'items'), fixture('https://real.example/items', undefined, 'other', 'GET', 'other')]);
    expect(await handler(request('http://127.0.0.1:9/items?b=2&a=1', undefined, 'get'))).toMatchObject({ status: 200, body: 'items' });
    expect((await handler(request('https://real.example/items?a=1'))).status).toBe(502);
    expect((await handler(request('https://real.example/items?a=1&b=2', undefined, 'POST'))).status).toBe(502);
    expect((await handler(request('https://real.example/items', undefined, 'GET', 'third'))).status).toBe(502);
  });

  it('tells apart by body only fixtures that differ by it (JSON compared as values), and answers repeats in order', async () => {
    const handler = replay([fixture('/items', { a: 1, b: 2 }, 'first'), fixture('/items', '{"a":2}', 'second'), fixture('/list', undefined, 'one'), fixture('/list', undefined, 'two')]);
    expect((await handler(request('/items', '{"b":2,"a":1}'))).body).toBe('first');
    expect((await handler(request('/items', '{"a":2}'))).body).toBe('second');
    expect((await handler(request('/items', '{"a":3}'))).status).toBe(502);
    expect([(await handler(request('/list'))).body, (await handler(request('/list'))).body, (await handler(request('/list'))).body]).toEqual(['one', 'two', 'two']);
    // A fixture alone for its request answers whatever the body.
    expect((await replay([fixture('/x', 'recorded', 'ok', 'POST')])(request('/x', 'other', 'POST'))).body).toBe('ok');
  });

  it('refuses what is not a fixture, naming which', () => {
    expect(() => replay([fixture('/x', undefined, 1), { connection: 'api', request: { url: '/x' } } as unknown as Fixture])).toThrow(
      'replay(): fixture 1 is not { connection, request: { method, url }, response: { status } }',
    );
  });
});

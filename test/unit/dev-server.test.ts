// @vitest-environment node
// `widget-bridge dev` on a developer's machine, over HTTP as a browser or another process reaches it: it
// answers only the Host names it was started for, serves only the widget's own files, keeps its config to its
// host page, cannot be framed, and reads bounded JSON bodies.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES } from '../../src/dev/server/guard.js';
import { portPlan, startDev, type DevServer } from '../../src/dev/server/server.js';
import { containedPath } from '../../src/dev/server/static.js';

let project: string;
let dev: DevServer;
let gainsight: DevServer;
const calls: unknown[] = [];

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'widget-bridge-dev-'));
  const files: Record<string, string> = {
    'widget/index.html': '<!doctype html><p>widget</p>',
    'widget/app.js': 'console.log(1)',
    'widget/.env': 'TOKEN=secret-env',
    'widget/.git/config': '[remote "origin"]',
    'widget/lib/.cache/x.js': 'hidden',
    'widget/connections.mjs': "export default { greetings: (request) => (globalThis.devCalls.push(request.url), { body: { ok: true } }) };\n",
    'secret.txt': 'outside the served folder',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(project, file, '..'), { recursive: true });
    writeFileSync(join(project, file), text);
  }
  (globalThis as Record<string, unknown>).devCalls = calls;
  const common = { widget: join(project, 'widget'), connections: join(project, 'widget/connections.mjs'), root: join(project, 'widget'), port: 0, widgetPort: 0, watch: false, log: () => {} };
  dev = await startDev({ ...common, host: 'zoho-books', allowedHosts: ['dev.example'] });
  gainsight = await startDev({ ...common, host: 'gainsight' });
});

afterAll(async () => {
  await dev?.close();
  await gainsight?.close();
  rmSync(project, { recursive: true, force: true });
});

/** A raw request: any Host, any path (no URL normalisation on the way), any headers. */
function raw(origin: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer, method = body === undefined ? 'GET' : 'POST') {
  const { port } = new URL(origin);
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const CALL = JSON.stringify({ url: 'https://api.example.com/x', method: 'GET', connection_link_name: 'greetings' });

describe('Host', () => {
  it('answers a foreign Host (a rebound DNS name) with 403 on the host page, the widget files and the call endpoint', async () => {
    for (const origin of [dev.hostOrigin, dev.widgetOrigin]) {
      const answer = await raw(origin, '/', { host: 'evil.example' });
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('--allowed-host');
    }
    expect((await raw(dev.widgetOrigin, '/.env', { host: `evil.example:${new URL(dev.widgetOrigin).port}` })).status).toBe(403);
    const before = calls.length;
    expect((await raw(dev.hostOrigin, '/__wb/call', { host: 'evil.example', 'content-type': 'application/json' }, CALL)).status).toBe(403);
    expect(calls.length).toBe(before);
  });

  it('answers 127.0.0.1 and localhost on its own port only, and the names added with allowedHosts on any', async () => {
    const port = new URL(dev.hostOrigin).port;
    expect((await raw(dev.hostOrigin, '/', { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await raw(dev.hostOrigin, '/', { host: `LOCALHOST:${port}` })).status).toBe(200);
    expect((await raw(dev.hostOrigin, '/', { host: `localhost:${Number(port) + 1}` })).status).toBe(403);
    expect((await raw(dev.hostOrigin, '/', { host: 'localhost' })).status).toBe(403);
    expect((await raw(dev.hostOrigin, '/', { host: 'dev.example:443' })).status).toBe(200);
    expect((await raw(gainsight.hostOrigin, '/', { host: 'dev.example' })).status).toBe(403);
  });
});

describe('the files it serves', () => {
  it("serves the widget's files, never a dotfile or a file in a dot-folder", async () => {
    expect((await raw(dev.widgetOrigin, '/app.js')).status).toBe(200);
    for (const path of ['/.env', '/.git/config', '/lib/.cache/x.js', '/%2eenv', '/.git/', '/lib/%2Ecache/x.js']) {
      const answer = await raw(dev.widgetOrigin, path);
      expect(answer.status, path).toBe(404);
      expect(answer.text).not.toMatch(/secret-env|remote|hidden/);
    }
    // Gainsight serves the widget's files from the host's own origin: the same rule there.
    expect((await raw(gainsight.hostOrigin, '/app.js')).status).toBe(200);
    expect((await raw(gainsight.hostOrigin, '/.env')).status).toBe(404);
  });

  it('never serves the connections module, though it lies in the served folder', async () => {
    expect((await raw(dev.widgetOrigin, '/connections.mjs')).status).toBe(404);
    expect((await raw(gainsight.hostOrigin, '/connections.mjs')).status).toBe(404);
    expect((await raw(gainsight.hostOrigin, '/./connections.mjs')).status).toBe(404);
  });

  it('serves nothing outside the served folder, however the path is spelt', async () => {
    for (const path of ['/..%2fsecret.txt', '/..%2F..%2Fetc%2Fpasswd', '/lib/..%2f..%2fsecret.txt']) {
      expect((await raw(dev.widgetOrigin, path)).status, path).toBe(404);
    }
  });

  it('finds a decoded path inside the root, and refuses every one that leaves it (the containment check)', () => {
    const root = '/srv/widget';
    expect(containedPath(root, '/app.js')).toBe('/srv/widget/app.js');
    expect(containedPath(root, '/lib/../app.js')).toBe('/srv/widget/app.js');
    expect(containedPath(root, '/')).toBe('/srv/widget/');
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/lib/..%2F..%2Fsecret.txt', '/../widget-other/x', '/%2e%2e/x', '/a%00b', '/%E0%A4%A']) {
      expect(containedPath(root, path), path).toBeUndefined();
    }
  });
});

describe('the host page', () => {
  it('cannot be framed by another page (X-Frame-Options and CSP frame-ancestors), Gainsight keeping its default-src', async () => {
    const zoho = await raw(dev.hostOrigin, '/');
    expect(zoho.headers['x-frame-options']).toBe('DENY');
    expect(zoho.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    const community = await raw(gainsight.hostOrigin, '/');
    expect(community.headers['x-frame-options']).toBe('DENY');
    expect(community.headers['content-security-policy']).toBe("default-src 'self'; frame-ancestors 'none'");
  });

  it('gives its config to its own page only, not to the widget origin or another site', async () => {
    const config = (headers: Record<string, string>) => raw(dev.hostOrigin, '/__wb/config', headers);
    expect((await config({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await config({ 'sec-fetch-site': 'same-site', origin: dev.widgetOrigin })).status).toBe(403);
    expect((await config({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await config({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await raw(dev.widgetOrigin, '/__wb/config')).status).toBe(404);
  });
});

describe('JSON bodies', () => {
  const json = { 'content-type': 'application/json' };

  it('answers a malformed body 400 with a plain message, and runs nothing', async () => {
    const before = calls.length;
    const answer = await raw(dev.hostOrigin, '/__wb/call', json, '{"url": ');
    expect(answer.status).toBe(400);
    expect(answer.text).toBe('widget-bridge dev: the body is not JSON');
    expect(calls.length).toBe(before);
    expect((await raw(dev.hostOrigin, '/__wb/call', json, CALL)).status).toBe(200);
    expect(calls.length).toBe(before + 1);
  });

  it(`answers a body over ${MAX_JSON_BYTES} bytes 400, on the Zoho call and the Gainsight connector endpoint`, async () => {
    const before = calls.length;
    const big = Buffer.alloc(MAX_JSON_BYTES + 1, 0x20);
    const zoho = await raw(dev.hostOrigin, '/__wb/call', json, big);
    expect(zoho.status).toBe(400);
    expect(zoho.text).toBe(`widget-bridge dev: the body is larger than ${MAX_JSON_BYTES} bytes`);
    expect((await raw(gainsight.hostOrigin, '/widget-service/connectors/execute', json, big)).status).toBe(400);
    expect(calls.length).toBe(before);
  });
});

describe('Gainsight connector server status', () => {
  it("answers with the error's own status (405 for a method the connector does not take) and 404 for an unknown permalink", async () => {
    const writeFile = join(project, 'widget/gs-connections.mjs');
    writeFileSync(writeFile, "export default { items: { method: 'GET', url: 'https://api.example.com/items', upstream: () => ({ body: [] }) } };\n");
    const server = await startDev({ widget: join(project, 'widget'), host: 'gainsight', connections: writeFile, root: join(project, 'widget'), port: 0, widgetPort: 0, watch: false, log: () => {} });
    try {
      const execute = (options: unknown) => raw(server.hostOrigin, '/widget-service/connectors/execute', { 'content-type': 'application/json' }, JSON.stringify({ api: 'execute', options }));
      expect((await execute({ permalink: 'items', method: 'GET' })).status).toBe(200);
      expect((await execute({ permalink: 'items', method: 'POST' })).status).toBe(405);
      expect((await execute({ permalink: 'nope', method: 'GET' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('ports', () => {
  it('puts the widget on --port + 1 by default, and several hosts after an index page', () => {
    expect(portPlan({ port: 5273 }, 1)).toEqual({ index: 5273, widget: 5274, hosts: [5273] });
    expect(portPlan({}, 1)).toEqual({ index: 5173, widget: 5174, hosts: [5173] });
    expect(portPlan({ port: 6000, widgetPort: 7000 }, 1)).toEqual({ index: 6000, widget: 7000, hosts: [6000] });
    expect(portPlan({ port: 6000 }, 3)).toEqual({ index: 6000, widget: 6001, hosts: [6002, 6003, 6004] });
    expect(portPlan({ port: 0 }, 2)).toEqual({ index: 0, widget: 0, hosts: [0, 0] });
  });
});

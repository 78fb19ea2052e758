// Shared by every browser test (iframe channel, demo) and the benchmark: two static servers on two origins
// that differ by host name (127.0.0.1 vs localhost, so the browser treats them as two sites), and Debian's
// Chromium. Plain ESM (types in harness.d.mts), so `node test/bench/run.mjs` needs no TypeScript loader.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import sirv from 'sirv';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `hostOrigin` (http://127.0.0.1:<port>) and `widgetOrigin` (http://localhost:<port2>), both serving the repository root. */
export async function startServers(root = ROOT) {
  // dev: no caching, so a rebuilt bundle is what the next page load gets.
  const serve = sirv(root, { dev: true, dotfiles: false });
  const servers = [createServer((req, res) => serve(req, res)), createServer((req, res) => serve(req, res))];
  const ports = await Promise.all(servers.map(listen));
  return {
    hostOrigin: `http://127.0.0.1:${ports[0]}`,
    widgetOrigin: `http://localhost:${ports[1]}`,
    close: () => Promise.all(servers.map(close)).then(() => undefined),
  };
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function close(server) {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// The two-origin servers and Chromium of test/browser/harness.ts, in plain ESM so `node test/bench/run.mjs`
// needs no TypeScript loader. Keep the two in step: same origins (127.0.0.1 vs localhost), same flags.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import sirv from 'sirv';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `hostOrigin` (http://127.0.0.1:<port>) and `widgetOrigin` (http://localhost:<port2>), both serving the repository root. */
export async function startServers(root = ROOT) {
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

// Shared by every browser test (iframe channel, demo, benchmarks): two static servers on two origins that
// differ by host name (127.0.0.1 vs localhost, so the browser treats them as two sites), and Chromium.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import sirv from 'sirv';

/** The repository root: pages load /dist/… bundles and /test/browser/pages/… files from it. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Servers {
  /** `http://127.0.0.1:<port>`: where host pages are served. */
  hostOrigin: string;
  /** `http://localhost:<port2>`: where widget pages are served. */
  widgetOrigin: string;
  close(): Promise<void>;
}

export async function startServers(root: string = ROOT): Promise<Servers> {
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

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
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

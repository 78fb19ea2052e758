// The `widget-bridge` bin as a user runs it: installed in a project's node_modules (linked to this checkout's
// built package, as npm links a bin), started with npx, its printed URLs opened in Chromium, then Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, ROOT } from './harness.mjs';

let project: string;
let browser: Browser;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'widget-bridge-cli-'));
  const bin = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin['widget-bridge'] as string;
  mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
  symlinkSync(ROOT, join(project, 'node_modules/widget-bridge'));
  symlinkSync(join('../widget-bridge', bin), join(project, 'node_modules/.bin/widget-bridge'));
  for (const file of ['vendor-books.html', 'vendor-books.js']) copyFileSync(join(ROOT, 'test/browser/dev-fixtures', file), join(project, file));
  writeFileSync(join(project, 'connections.mjs'), "export default { greetings: (request) => ({ body: { url: request.url } }) };\n");
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(project, { recursive: true, force: true });
});

/** `npx widget-bridge …` in the project, in its own process group, as a terminal runs it. */
function run(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | string | null> } {
  const child = spawn('npx', ['--offline', 'widget-bridge', ...args], { cwd: project, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  child.stderr?.on('data', (chunk) => (err += chunk));
  // npx re-raises a signal its command stopped on, so a Ctrl-C'd npx ends by SIGINT, not with a code.
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The stderr lines that are the tool's own (npm may warn about its own configuration). */
const ownLines = (text: string) => text.split('\n').filter((line) => line.startsWith('widget-bridge'));

describe('widget-bridge dev (the bin)', () => {
  it('prints the host page and widget URLs, serves them, and stops cleanly on Ctrl-C', async () => {
    const cli = run(['dev', 'vendor-books.html', '--host', 'zoho-books', '--offline', '--connections', 'connections.mjs', '--port', '0', '--widget-port', '0']);
    let hostUrl = '';
    try {
      await expect.poll(cli.stdout, { timeout: 20_000 }).toContain('Ctrl-C to stop.');
      hostUrl = /Host page\s+(\S+)/.exec(cli.stdout())?.[1] as string;
      const widgetUrl = /Widget\s+(\S+)/.exec(cli.stdout())?.[1] as string;
      expect(hostUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(widgetUrl).toMatch(/^http:\/\/localhost:\d+\/vendor-books\.html$/);

      const page = await browser.newPage();
      // With --offline the widget's page names the stand-in, not Zoho's CDN.
      const html = await (await page.request.get(widgetUrl)).text();
      expect(html).toContain('<script src="/__wb/standins/zf_sdk.js"></script>');
      expect(html).not.toContain('zohostatic');
      await page.goto(hostUrl);
      const frame = page.frameLocator('iframe');
      const result = JSON.parse((await frame.locator('#out[data-done]').textContent({ timeout: 15_000 })) ?? 'null');
      expect(result.body).toEqual({ url: 'https://api.example.com/greetings/42?organization_id=60000000001' });
      await page.close();
    } finally {
      process.kill(-(cli.child.pid as number), 'SIGINT');
    }
    expect([0, 'SIGINT']).toContain(await cli.exited);
    expect(ownLines(cli.stderr())).toEqual([]);
    // Stopped, not orphaned: nothing answers on the host port any more.
    await expect(fetch(hostUrl)).rejects.toThrow();
  });

  it('says in one line that a port is in use', async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)));
    try {
      const cli = run(['dev', 'vendor-books.html', '--host', 'zoho-books', '--port', String(port), '--widget-port', '0']);
      expect(await cli.exited).toBe(1);
      expect(ownLines(cli.stderr())).toEqual([`widget-bridge dev: port ${port} on 127.0.0.1 is already in use: pick another with --port N`]);
      expect(cli.stdout()).toBe('');
    } finally {
      taken.close();
    }
  });

  it('names the hosts when the host is unknown', async () => {
    const cli = run(['dev', 'vendor-books.html', '--host', 'zoho-sheet']);
    expect(await cli.exited).toBe(1);
    expect(ownLines(cli.stderr())).toEqual([expect.stringMatching(/^widget-bridge dev: unknown host "zoho-sheet"; one of: gainsight, zoho-books, .*zoho-sigma:<SERVICE>$/)]);
  });

  it('loads a connections.ts where Node strips types, and otherwise says in one line which Node does', async () => {
    writeFileSync(join(project, 'connections.ts'), "const answer: number = 1;\nexport default { typed: () => ({ body: { answer } }) };\n");
    const cli = run(['dev', 'vendor-books.html', '--host', 'zoho-books', '--connections', 'connections.ts', '--port', '0']);
    if ((process.features as { typescript?: unknown }).typescript) {
      await expect.poll(cli.stdout, { timeout: 20_000 }).toContain('Ctrl-C to stop.');
      process.kill(-(cli.child.pid as number), 'SIGINT');
      await cli.exited;
      return;
    }
    expect(await cli.exited).toBe(1);
    expect(ownLines(cli.stderr())).toEqual([
      `widget-bridge dev: cannot load --connections connections.ts: Node ${process.version} cannot load TypeScript; run Node 22.18 or later (22.6+ with --experimental-strip-types), or write the module as .mjs with defineConnections() from widget-bridge/dev`,
    ]);
  });

  it('takes a host in any case and says "did you mean" for a near miss', async () => {
    const cli = run(['dev', 'vendor-books.html', '--host', 'zoho-book']);
    expect(await cli.exited).toBe(1);
    expect(ownLines(cli.stderr())).toEqual([expect.stringMatching(/^widget-bridge dev: unknown host "zoho-book" \(did you mean "zoho-books"\?\); one of: /)]);
  });

  it('prints which port is which for several hosts, and says in one line where the vendor script comes from without --offline', async () => {
    const cli = run(['dev', 'vendor-books.html', '--host', 'zoho-books,Zoho-Writer', '--port', '0']);
    try {
      await expect.poll(cli.stdout, { timeout: 20_000 }).toContain('Ctrl-C to stop.');
      const out = cli.stdout();
      expect(out).toContain('widget-bridge dev: 2 hosts, emulated');
      expect(out).toMatch(/^  Index +http:\/\/127\.0\.0\.1:\d+\/$/m);
      expect(out).toMatch(/^  Zoho Books +http:\/\/127\.0\.0\.1:\d+\/  \(zoho-books\)$/m);
      expect(out).toMatch(/^  Zoho Writer +http:\/\/127\.0\.0\.1:\d+\/  \(zoho-writer\)$/m);
      expect(out.split('\n').filter((line) => line.includes('https://js.zohostatic.com/zohofinance/v1/zf_sdk.js'))).toEqual([
        '  The widget page loads https://js.zohostatic.com/zohofinance/v1/zf_sdk.js: the browser fetches it from Zoho (offline? --offline serves a stand-in).',
      ]);
    } finally {
      process.kill(-(cli.child.pid as number), 'SIGINT');
    }
    expect([0, 'SIGINT']).toContain(await cli.exited);
  });
});

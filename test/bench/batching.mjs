// What batching would save the channel: 10 000 payloads echoed by the host frame over a raw MessagePort
// (the floor the channel runs on), sent as 10 000 messages or as fewer messages carrying several payloads
// each, rounds interleaved. µs per payload at each batch size separates what a message costs from what a
// payload costs. `node test/bench/batching.mjs` (after `npm run build`).
import { launchChromium, startServers } from '../browser/harness.mjs';
import { rotate, summary } from './stats.mjs';

const N = 10_000;
const SIZES = [1, 10, 100, 1000];
const ROUNDS = 5;

const servers = await startServers();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${servers.hostOrigin}/test/bench/pages/channel-host.html?widget=${encodeURIComponent(servers.widgetOrigin)}`);
  let frame;
  while (!(frame = page.frames().find((f) => f.url().startsWith(servers.widgetOrigin) && !f.url().endsWith('&portable')))) await page.waitForTimeout(50);
  await frame.waitForFunction(() => window.benchKit !== undefined);
  // A port of its own: the host frame echoes whatever arrives on it.
  await frame.evaluate(() => {
    window.batchPort = new Promise((resolve) => addEventListener('message', (event) => event.data === 'batch-port' && resolve(event.ports[0])));
  });
  await page.evaluate((widgetOrigin) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = (event) => port1.postMessage(event.data);
    document.querySelector('iframe').contentWindow.postMessage('batch-port', widgetOrigin, [port2]);
  }, servers.widgetOrigin);
  const run = (size) =>
    frame.evaluate(
      async ([n, batch]) => {
        const port = await window.batchPort;
        const started = performance.now();
        await new Promise((resolve) => {
          let answered = 0;
          port.onmessage = (event) => {
            answered += event.data.length;
            if (answered === n) resolve();
          };
          for (let i = 0; i < n; i += batch) port.postMessage(Array.from({ length: batch }, (_, j) => window.benchKit.payload(i + j)));
        });
        return ((performance.now() - started) * 1000) / n;
      },
      [N, size],
    );
  for (const size of SIZES) await run(size);
  const us = Object.fromEntries(SIZES.map((size) => [size, []]));
  for (let r = 0; r < ROUNDS; r++) for (const size of rotate(SIZES, r)) us[size].push(await run(size));
  console.log(`${N} payloads echoed over a MessagePort, µs per payload, median of ${ROUNDS} rounds (min–max)`);
  for (const size of SIZES) {
    const s = summary(us[size]);
    console.log(`  ${String(size).padStart(4)} per message: ${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`);
  }
} finally {
  await browser.close();
  await servers.close();
}

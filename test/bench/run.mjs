// `npm run bench` (after the build): widget-bridge against the floor it cannot go under, in one run, in
// real Chromium: the iframe channel (two origins) against a raw MessageChannel and raw penpal, the direct
// path against calling each simulated SDK by hand, and the bundle sizes. Prints one table and writes
// bench-results.json. `--profile` adds CPU profiles of the bridge paths (self time per script/function).
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { measureAll, report } from '../../scripts/size.mjs';
import { launchChromium, ROOT, startServers } from '../browser/harness.mjs';
import { profile } from './profile.mjs';
import { batches, ratio, rotate } from './stats.mjs';

const ROUNDS = 5;
const SEQUENTIAL = 2_000;
const CONCURRENT = 10_000;
const DIRECT = 2_000;
const KINDS = ['messageChannel', 'penpal', 'bridge', 'portable'];
const ADAPTERS = ['gainsight', 'zohoFinance', 'zohoSigma'];
// The widgets' size targets are the budgets' (test/size/budgets.json); an adapter's own code, about 2 KB.
const TARGETS = { sequential: 1.15, concurrent: 1.2, directUs: 15, adapterGz: 2 * 1024 };
const { widgets: WIDGET_BUDGETS } = JSON.parse(readFileSync(new URL('../size/budgets.json', import.meta.url), 'utf8'));
const withProfile = process.argv.includes('--profile');
// `--only=channel,direct,sizes` runs a part of the bench, for working on one figure.
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice(7).split(',');
const part = (name) => only === undefined || only.includes(name);

async function main() {
  const servers = await startServers();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const channel = part('channel') ? await benchChannel(context, servers) : undefined;
    const direct = part('direct') ? await benchDirect(context, servers) : undefined;
    const sizes = part('sizes') ? await measureAll() : undefined;
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      chromium: browser.version(),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, platform: `${os.platform()} ${os.arch()}` },
      settings: { rounds: ROUNDS, sequential: SEQUENTIAL, concurrent: CONCURRENT, direct: DIRECT, payloadBytes: channel?.payloadBytes },
      targets: { ...TARGETS, widgetsGz: Object.fromEntries(Object.entries(WIDGET_BUDGETS).map(([name, budget]) => [name, budget.target])) },
      channel: channel?.figures,
      direct: direct?.figures,
      sizes,
      ...(withProfile && { profiles: { channel: channel?.profiles, direct: direct?.profiles } }),
    };
    print(results);
    await writeFile(`${ROOT}bench-results.json`, `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nfigures written to bench-results.json');
    const failures = unaccounted(results);
    if (failures.length > 0) {
      console.error(`\nrequests lost or mismatched:\n  ${failures.join('\n  ')}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await servers.close();
  }
}

/** Every batch whose requests were not all answered, each with its own answer. */
function unaccounted(results) {
  const groups = [...Object.entries(results.channel ?? {}), ...Object.entries(results.direct ?? {})];
  return groups.flatMap(([group, kinds]) =>
    Object.entries(kinds)
      .filter(([, k]) => k.lost + k.mismatched > 0)
      .map(([kind, k]) => `${group} ${kind}: ${k.lost} lost, ${k.mismatched} mismatched ${k.errors.join('; ')}`),
  );
}

/** The widget iframe (localhost) -> host frame (127.0.0.1), the three channels interleaved round by round. */
async function benchChannel(context, { hostOrigin, widgetOrigin }) {
  const page = await context.newPage();
  await page.goto(`${hostOrigin}/test/bench/pages/channel-host.html?widget=${encodeURIComponent(widgetOrigin)}`);
  const frame = await widgetFrame(page, widgetOrigin, false);
  const portableFrame = await widgetFrame(page, widgetOrigin, true);
  for (const f of [frame, portableFrame]) {
    await f.waitForFunction(() => window.bench !== undefined);
    await f.evaluate(() => window.bench.ready());
  }
  const run = (mode, kind, n) => (kind === 'portable' ? portableFrame : frame).evaluate(([m, k, count]) => window.bench[m](k, count), [mode, kind, n]);
  for (const kind of KINDS) {
    await run('sequential', kind, 300);
    await run('concurrent', kind, 1_000);
  }
  const raw = { sequential: {}, concurrent: {} };
  for (const [mode, n] of [['sequential', SEQUENTIAL], ['concurrent', CONCURRENT]]) {
    for (const kind of KINDS) raw[mode][kind] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const kind of rotate(KINDS, r)) raw[mode][kind].push(await run(mode, kind, n));
    }
  }
  const figures = {};
  for (const mode of ['sequential', 'concurrent']) {
    const [a, b, c, d] = KINDS.map((kind) => batches(raw[mode][kind]));
    figures[mode] = {
      messageChannel: a,
      penpal: b,
      bridge: c,
      portable: d,
      bridgeOverPenpal: ratio(c, b),
      bridgeOverFloor: ratio(c, a),
      portableOverPenpal: ratio(d, b),
    };
  }
  // Both frames, each path, sequential and concurrent: where the time of a round trip goes on each side.
  const profiles = withProfile && {};
  for (const [mode, n] of withProfile ? [['sequential', SEQUENTIAL], ['concurrent', CONCURRENT]] : []) {
    for (const kind of ['bridge', 'penpal']) {
      for (const [side, target] of [['widget', frame], ['host', page]]) {
        profiles[`${side} ${kind} ${mode}`] = await profile(context, target, () => run(mode, kind, n));
      }
    }
  }
  const payloadBytes = await frame.evaluate(() => JSON.stringify(window.benchKit.payload(1234)).length);
  await page.close();
  return { figures, payloadBytes, profiles };
}

async function widgetFrame(page, widgetOrigin, portable) {
  for (let tries = 0; tries < 100; tries++) {
    const frame = page.frames().find((f) => f.url().startsWith(widgetOrigin) && f.url().endsWith('&portable') === portable);
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error('the widget frame never loaded');
}

/** bridge.request() per adapter against the same SDK call made by hand, interleaved. */
async function benchDirect(context, { hostOrigin }) {
  const page = await context.newPage();
  await page.goto(`${hostOrigin}/test/bench/pages/direct.html`);
  await page.evaluate(() => window.direct.ready());
  const run = (adapter, path, n) => page.evaluate(([a, p, count]) => window.direct.run(a, p, count), [adapter, path, n]);
  for (const adapter of ADAPTERS) for (const path of ['bridge', 'sdk']) await run(adapter, path, 500);
  const raw = Object.fromEntries(ADAPTERS.map((adapter) => [adapter, { bridge: [], sdk: [] }]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const adapter of ADAPTERS) {
      for (const path of rotate(['bridge', 'sdk'], r)) raw[adapter][path].push(await run(adapter, path, DIRECT));
    }
  }
  const figures = {};
  for (const adapter of ADAPTERS) {
    const bridge = batches(raw[adapter].bridge);
    const sdk = batches(raw[adapter].sdk);
    const overhead = bridge.us.rounds.map((us, i) => us - sdk.us.rounds[i]);
    figures[adapter] = { bridge, sdk, overheadUs: summaryOf(overhead) };
  }
  const profiles = withProfile && Object.fromEntries(await sequentialMap(ADAPTERS, async (adapter) => [adapter, await profile(context, page, () => run(adapter, 'bridge', 10_000))]));
  await page.close();
  return { figures, profiles };
}

function summaryOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[sorted.length >> 1], min: sorted[0], max: sorted.at(-1), rounds: values };
}

async function sequentialMap(items, fn) {
  const out = [];
  for (const item of items) out.push(await fn(item));
  return out;
}

// ---- the table ----

const f1 = (n) => n.toFixed(1);
const f2 = (n) => n.toFixed(2);
const spread = (s, fmt) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
const kRps = (s) => `${Math.round(s.median / 1000)}k`;
const mark = (ok) => (ok ? 'ok' : 'MISSED');

function print(r) {
  console.log(`\nwidget-bridge bench, ${r.date.slice(0, 10)}: Chromium ${r.chromium}, Node ${r.node}, ${r.machine.cores} cores (${r.machine.cpu})`);
  console.log(`median of ${ROUNDS} interleaved rounds (min–max); payload ${r.settings.payloadBytes} bytes of JSON`);
  if (r.channel) printChannel(r);
  if (r.direct) printDirect(r);
  if (r.sizes) printSizes(r);
  if (r.profiles) printProfiles(r.profiles);
}

function printChannel(r) {
  console.log('');
  const rows = [['channel: widget iframe -> host frame', 'µs / round trip', 'req/s', 'lost', 'vs penpal (/b)', 'c/a']];
  for (const mode of ['sequential', 'concurrent']) {
    const m = r.channel[mode];
    const n = mode === 'sequential' ? `${SEQUENTIAL} sequential` : `${CONCURRENT} concurrent`;
    const target = mode === 'sequential' ? TARGETS.sequential : TARGETS.concurrent;
    const kinds = [
      ['messageChannel', '(a) MessageChannel echo'],
      ['penpal', '(b) penpal call'],
      ['bridge', '(c) parentBridge request()'],
      ['portable', '(d) createBridge + parentFrame'],
    ];
    for (const [kind, label] of kinds) {
      const k = m[kind];
      const overPenpal = kind === 'bridge' ? `${spread(m.bridgeOverPenpal, f2)} ≤${target} ${mark(m.bridgeOverPenpal.median <= target)}` : kind === 'portable' ? spread(m.portableOverPenpal, f2) : '';
      rows.push([`${n}: ${label}`, spread(k.us, f1), kRps(k.rps), String(k.lost + k.mismatched), overPenpal, kind === 'bridge' ? spread(m.bridgeOverFloor, f2) : '']);
    }
  }
  table(rows);
}

function printDirect(r) {
  console.log('');
  const direct = [['direct path (µs / request)', 'bridge.request()', 'SDK by hand', 'overhead']];
  for (const adapter of ADAPTERS) {
    const d = r.direct[adapter];
    direct.push([adapter, spread(d.bridge.us, f1), spread(d.sdk.us, f1), `${spread(d.overheadUs, f1)} ≤${TARGETS.directUs} ${mark(d.overheadUs.median <= TARGETS.directUs)}`]);
  }
  table(direct);
}

function printSizes(r) {
  console.log('');
  const sizes = [['bundle', 'minified', 'gzipped', 'target']];
  for (const row of r.sizes) {
    const target = WIDGET_BUDGETS[row.name]?.target ?? (/, own code$/.test(row.name) ? TARGETS.adapterGz : undefined);
    sizes.push([row.name, `${row.min} B`, `${row.gzip} B`, target === undefined ? '' : `≤${target} ${mark(row.gzip <= target)}`]);
  }
  table(sizes);
  // Each budgeted widget's modules: the table `npm run size` prints after its totals.
  console.log(report(r.sizes).split('\n').slice(r.sizes.length + 1).join('\n'));
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  rows.forEach((row, index) => {
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

function printProfiles(profiles) {
  const show = (name, p) => {
    console.log(`\nprofile ${name}: ${f1(p.totalMs)} ms sampled`);
    for (const s of p.bySource) console.log(`  ${f1(s.ms).padStart(8)} ms  ${s.name}`);
    console.log('  top functions (self time):');
    for (const s of p.byFunction.slice(0, 20)) console.log(`  ${f1(s.ms).padStart(8)} ms  ${s.name}`);
  };
  for (const [name, p] of Object.entries(profiles.channel ?? {})) show(`channel, ${name}`, p);
  for (const [name, p] of Object.entries(profiles.direct ?? {})) show(`direct, ${name}`, p);
}

await main();

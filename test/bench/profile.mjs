// Where the microseconds go: a CPU profile (Chrome DevTools Protocol Profiler) of a page or an
// out-of-process frame while `work` runs, as self time per source module (through the bundles' source
// maps, so the UMD bundle splits into src/…, adapters/… and node_modules/…) and per function.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { ROOT } from '../browser/harness.mjs';

export async function profile(context, target, work) {
  const cdp = await context.newCDPSession(target);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await work();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  return selfTimes(profile);
}

const maps = new Map();

/** `src/resolve.ts`, `node_modules/zod/…`, a page script, or `(native: name)`. */
function sourceOf({ url, lineNumber, columnNumber, functionName }) {
  if (!url) return `(native: ${functionName || 'program'})`;
  const path = url.replace(/^https?:\/\/[^/]+\//, '');
  if (!path.startsWith('dist/')) return path;
  if (!maps.has(path)) maps.set(path, new SourceMap(JSON.parse(readFileSync(`${ROOT}${path}.map`, 'utf8'))));
  const entry = maps.get(path).findEntry(lineNumber, columnNumber);
  return entry?.originalSource?.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/') ?? path;
}

/** Self time (ms) by source module and by function, from the samples and their time deltas. */
function selfTimes(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byNode = new Map();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const bySource = {};
  const byFunction = {};
  let total = 0;
  for (const [id, ms] of byNode) {
    const frame = nodes.get(id).callFrame;
    const source = sourceOf(frame);
    const fn = frame.url ? `${frame.functionName || '(anonymous)'} (${source})` : source;
    bySource[source] = (bySource[source] ?? 0) + ms;
    byFunction[fn] = (byFunction[fn] ?? 0) + ms;
    total += ms;
  }
  return { totalMs: total, bySource: top(bySource, 20), byFunction: top(byFunction, 30) };
}

function top(record, n) {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10 }));
}

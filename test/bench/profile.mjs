// Where the microseconds go: a CPU profile (Chrome DevTools Protocol Profiler) of a page or an
// out-of-process frame while `work` runs, as self time per script and per function.

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

/** Self time (ms) by script file and by function, from the samples and their time deltas. */
function selfTimes(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byNode = new Map();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byScript = {};
  const byFunction = {};
  let total = 0;
  for (const [id, ms] of byNode) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const script = url ? url.replace(/^https?:\/\/[^/]+/, '') : functionName ? `(native: ${functionName})` : '(native)';
    const fn = `${functionName || '(anonymous)'} ${url ? `${script.split('/').at(-1)}:${lineNumber + 1}` : ''}`.trim();
    byScript[script] = (byScript[script] ?? 0) + ms;
    byFunction[fn] = (byFunction[fn] ?? 0) + ms;
    total += ms;
  }
  return { totalMs: total, byScript: top(byScript, 12), byFunction: top(byFunction, 25) };
}

function top(record, n) {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10 }));
}

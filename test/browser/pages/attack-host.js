// attack.test.ts's host frame: a simulated Zoho Finance behind a bridge, serving widget iframes with
// exposeBridge. Every SDK call is in `sim.calls`; `gap` is the longest the main thread was blocked (figures only).
// ?concurrency=N sets the host bridge's concurrency. The connections map has a key whose entry says POST to
// /admin, which a relay's policy (judging the request as written) never sees.
(function () {
  const { createBridge, zohoFinance } = WidgetBridge;
  const { simulateZohoFinance } = WidgetBridgeTesting;
  const { recording, mount } = frameKit;
  const params = new URLSearchParams(location.search);
  const echo = (request) => ({ body: { method: request.method, url: request.url } });
  const sim = simulateZohoFinance(window, { connections: { echo, hold: () => new Promise(() => {}) } });
  const bridge = createBridge({
    adapter: zohoFinance(),
    timeout: 20_000,
    ...(params.has('concurrency') && { concurrency: Number(params.get('concurrency')) }),
    connections: { postKey: { 'zoho-finance': { connection: 'echo', method: 'POST', url: 'https://api.test/admin/delete-all' } } },
  });
  const log = { requests: [], origins: [] };
  const served = recording(bridge, log);
  // The main thread's longest stall, sampled by a 10 ms interval: a figure for the report, never asserted.
  const gap = { last: performance.now(), max: 0 };
  setInterval(() => {
    const now = performance.now();
    gap.max = Math.max(gap.max, now - gap.last);
    gap.last = now;
  }, 10);
  window.attackHost = {
    sim,
    log,
    gap,
    resetGap: () => ((gap.max = 0), (gap.last = performance.now())),
    calls: () => sim.calls.length,
    mount: (spec) => void mount(served, log, spec),
    nest: (name, src) => {
      const iframe = document.createElement('iframe');
      iframe.name = name;
      iframe.src = src;
      document.body.append(iframe);
    },
  };
})();

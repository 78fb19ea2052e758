// The host frame: a simulated Zoho Finance (ZFAPPS) behind a bridge, served to widgets with exposeBridge.
(function () {
  const { createBridge, zohoFinance, exposeBridge } = WidgetBridge;
  const { simulateZohoFinance, delay } = WidgetBridgeTesting;
  const { recording, mount, origins, policy, outcome, buildRequest } = frameKit;

  const param = (request, name) => new URL(request.url).searchParams.get(name);
  // The third-party APIs behind the host; each connection link name is one behaviour.
  const connections = {
    echo: (request) => ({ body: { method: request.method, url: request.url, headers: request.headers, body: request.body ?? null } }),
    slow: async (request) => {
      await delay(Number(param(request, 'ms') ?? 2000));
      return { body: { url: request.url } };
    },
    status: (request) => ({
      status: Number(param(request, 'status')),
      headers: { 'x-request-id': 'req-42' },
      body: { error: 'upstream refused', detail: { field: 'name' } },
    }),
  };

  const log = { requests: [], origins: [] };
  const sim = simulateZohoFinance(window, { connections });
  const bridge = createBridge({ adapter: zohoFinance(), timeout: 10_000 });
  const served = recording(bridge, log);
  const handles = {};

  window.host = {
    sim,
    log,
    /** Mounts a widget iframe; `spec`: { name, src, allowedOrigins, allow?, sandbox?, stall? }. */
    mount: (spec) => void (handles[spec.name] = mount(served, log, spec)),
    /** Opens the widget in a window of its own (window.open); after a reload, finds it again by name. */
    open(spec) {
      const widget = window.open(spec.src ?? '', spec.name);
      handles[spec.name] = exposeBridge({ bridge: served, window: widget, allowedOrigins: origins(spec.allowedOrigins), allow: policy(spec.allow, log) });
    },
    destroy: (name) => handles[name].destroy(),
    /** The same request, straight on the host bridge: what the widget should see, field for field. */
    direct: (spec) => outcome(() => bridge.request(buildRequest(spec))),
    /** Stops this frame from answering anything for `ms` (a hung host). */
    hang(ms) {
      const until = Date.now() + ms;
      while (Date.now() < until);
    },
    /** Median and mean round trip, in ms, of `rounds` sequential requests on the host bridge itself (no channel). */
    async roundTrip(rounds) {
      const times = [];
      for (let i = 0; i < rounds + 20; i++) {
        const t = performance.now();
        await bridge.request({ connection: 'echo', url: 'https://api.test/echo', query: { n: i } });
        if (i >= 20) times.push(performance.now() - t);
      }
      const mean = times.reduce((sum, time) => sum + time, 0) / rounds;
      return { median: times.sort((a, b) => a - b)[Math.floor(rounds / 2)], mean };
    },
    /** A raw penpal connection beside the bridge's, on another channel, for the round-trip comparison. */
    rawPenpal(name) {
      const messenger = new Penpal.WindowMessenger({ remoteWindow: document.querySelector(`iframe[name="${name}"]`).contentWindow, allowedOrigins: ['*'] });
      Penpal.connect({ messenger, channel: 'raw-bench', methods: { echo: (value) => value } });
    },
  };
})();

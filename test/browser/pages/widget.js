// The widget frame: a bridge over parentFrame, configured from the query string:
// ?origins=<JSON list of the host's origins>&timeout=<handshake ms>&heartbeat=<ms>&opener (talk to window.opener).
(function () {
  const { createBridge, parentFrame } = WidgetBridge;
  const { buildRequest, outcome, origins } = frameKit;
  const params = new URLSearchParams(location.search);
  const number = (name, fallback) => (params.has(name) ? Number(params.get(name)) : fallback);

  const newBridge = () =>
    createBridge({
      adapter: parentFrame({
        allowedOrigins: origins(JSON.parse(params.get('origins') ?? '[]')),
        timeout: number('timeout', 5_000),
        heartbeat: number('heartbeat', 500),
        targetWindow: params.has('opener') ? window.opener : undefined,
      }),
      timeout: 10_000,
    });
  let bridge = newBridge();
  const started = {};

  window.widget = {
    get bridge() {
      return bridge;
    },
    /** Destroys the bridge and makes another in this same document (as a remounted component would). */
    replaceBridge() {
      bridge.destroy();
      bridge = newBridge();
    },
    ready: () => outcome(() => bridge.ready().then((info) => ({ data: info, status: 0, headers: {}, vendor: info.vendor }))),
    /** One request; `abortAfter` (ms) aborts it through its signal. */
    call(spec, { abortAfter } = {}) {
      const request = buildRequest(spec);
      if (abortAfter !== undefined) request.signal = AbortSignal.timeout(abortAfter);
      return outcome(() => bridge.request(request));
    },
    /** Starts a request and keeps its outcome for `settled(key)`: it may outlive a reload of the other frame. */
    start: (key, spec) => void (started[key] = window.widget.call(spec)),
    settled: (key) => started[key],
    /** Many requests at once, each tagged with its index; answers whether each came back to its own caller. */
    async concurrent(count) {
      const outcomes = await Promise.all(
        Array.from({ length: count }, (_, n) => outcome(() => bridge.request({ connection: 'echo', url: 'https://api.test/echo', query: { n } }))),
      );
      return outcomes.map((result, n) => result.ok && new URL(result.response.data.url).searchParams.get('n') === String(n));
    },
    /** Median and mean round trip, in ms, of `rounds` sequential requests through the channel and of raw penpal calls. */
    async roundTrips(rounds) {
      const messenger = new Penpal.WindowMessenger({ remoteWindow: window.parent, allowedOrigins: ['*'] });
      const raw = await Penpal.connect({ messenger, channel: 'raw-bench' }).promise;
      // performance.now() is coarsened to 100 µs here (no cross-origin isolation): report the mean as well.
      const measure = async (once) => {
        for (let i = 0; i < 20; i++) await once(i);
        const times = [];
        for (let i = 0; i < rounds; i++) {
          const t = performance.now();
          await once(i);
          times.push(performance.now() - t);
        }
        const mean = times.reduce((sum, time) => sum + time, 0) / rounds;
        return { median: times.sort((a, b) => a - b)[Math.floor(rounds / 2)], mean };
      };
      return {
        channel: await measure((n) => bridge.request({ connection: 'echo', url: 'https://api.test/echo', query: { n } })),
        rawPenpal: await measure((n) => raw.echo({ n })),
      };
    },
  };
})();

// The widget frame, configured from the query string: ?origins=<JSON list of the host's origins>
// &timeout=<ms>&heartbeat=<ms>&opener (talk to window.opener)&client=parentBridge|parentFrame.
// parentBridge is the nested-only client; parentFrame runs inside the widget's own createBridge().
(function () {
  const { createBridge, parentFrame, parentBridge } = WidgetBridge;
  const { buildRequest, outcome, origins } = frameKit;
  const params = new URLSearchParams(location.search);
  const number = (name, fallback) => (params.has(name) ? Number(params.get(name)) : fallback);
  const client = params.get('client') ?? 'parentFrame';

  const newBridge = (extra = {}) => {
    const channel = {
      allowedOrigins: origins(JSON.parse(params.get('origins') ?? '[]')),
      heartbeat: number('heartbeat', 500),
      targetWindow: params.has('opener') ? window.opener : undefined,
    };
    // The handshake deadline of parentFrame; parentBridge's timeout bounds each request, handshake included.
    if (client === 'parentBridge') return parentBridge({ ...channel, timeout: number('timeout', 10_000), ...extra });
    return createBridge({ adapter: parentFrame({ ...channel, timeout: number('timeout', 5_000) }), timeout: 10_000, ...extra });
  };
  let bridge = newBridge();
  const started = {};

  /** What postMessage cannot clone, as a widget framework makes it: a Vue reactive() object is a Proxy. */
  const uncloneable = () => ({ items: [1, new Proxy({ a: 1 }, {})] });

  window.widget = {
    client,
    get bridge() {
      return bridge;
    },
    /** Destroys the bridge and makes another in this same document (as a remounted component would). */
    replaceBridge() {
      bridge.destroy();
      bridge = newBridge();
    },
    ready: () => outcome(() => bridge.ready().then((info) => ({ data: info, status: 0, headers: {}, vendor: info.vendor }))),
    /** One request; `abortAfter` (ms) aborts it through its signal; `uncloneable` sets a body postMessage refuses. */
    call(spec, { abortAfter, uncloneable: refused, retry } = {}) {
      const request = buildRequest(spec);
      // A quick backoff where the widget's own bridge retries (a function cannot cross page.evaluate).
      if (retry !== undefined) request.retry = client === 'parentFrame' ? { limit: retry, backoff: () => 10 } : retry;
      // A caller's abort (AbortSignal.timeout would be the caller's TIMEOUT, as fetch reports it).
      if (abortAfter !== undefined) {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), abortAfter);
        request.signal = controller.signal;
      }
      if (refused) request.body = uncloneable();
      return outcome(() => bridge.request(request));
    },
    /** One request through a bridge of this frame with hooks: what each hook saw, in order, and the outcome. */
    async hooked(spec) {
      const seen = [];
      const hooks = {
        beforeRequest: [(request, { vendor, attempt }) => (seen.push(`beforeRequest ${vendor} ${attempt}`), { ...request, headers: { ...request.headers, 'X-Widget-Hook': 'yes' } })],
        afterResponse: [(response) => (seen.push(`afterResponse ${response.status} attempts=${response.attempts}`), { ...response, data: { wrapped: response.data } })],
        beforeError: [(error) => void seen.push(`beforeError ${error.code} attempts=${error.attempts}`)],
      };
      const hooked = newBridge({ hooks });
      const result = await outcome(() => hooked.request(buildRequest(spec)));
      hooked.destroy();
      return { seen, result };
    },
    /** Starts a request and keeps its outcome for `settled(key)`: it may outlive a reload of the other frame. */
    start: (key, spec) => void (started[key] = window.widget.call(spec)),
    settled: (key) => started[key],
    /**
     * Many requests at once, each tagged with its index; answers whether each came back to its own caller.
     * `foreign`: messages of other postMessage libraries (penpal 6 among them) sent to the host mid-burst.
     */
    async concurrent(count, { foreign = false } = {}) {
      const pending = Array.from({ length: count }, (_, n) => outcome(() => bridge.request({ connection: 'echo', url: 'https://api.test/echo', query: { n } })));
      if (foreign) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        for (const message of FOREIGN) window.parent.postMessage(message, '*');
      }
      const outcomes = await Promise.all(pending);
      return outcomes.map((result, n) => result.ok && new URL(result.response.data.url).searchParams.get('n') === String(n));
    },
  };

  // As the host page's: penpal 6's messages (a `penpal` key, no namespace or channel), and others.
  const FOREIGN = [
    { penpal: 'syn' },
    { penpal: 'ack' },
    { penpal: 'call', id: 1, methodName: 'request', args: [1, {}] },
    { penpal: 'reply', id: 1, resolution: 'fulfilled', returnValue: { ok: true } },
    { namespace: 'penpal', channel: undefined, type: 'SYN', participantId: 'x' },
    { type: 'webpackOk' },
  ];
})();

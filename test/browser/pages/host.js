// The host frame: a simulated Zoho Finance (ZFAPPS) behind a bridge, served to widgets with exposeBridge.
// ?vendor=gainsight: a simulated Gainsight instead, with one connector and one composite, both named `conn`.
(function () {
  const { createBridge, zohoFinance, gainsight, exposeBridge } = WidgetBridge;
  const { simulateZohoFinance, simulateGainsight, delay } = WidgetBridgeTesting;
  const { recording, mount, origins, policy, outcome, buildRequest } = frameKit;

  const param = (request, name) => new URL(request.url).searchParams.get(name);
  /** A JSON array nested `depth` levels deep: more than postMessage can carry. */
  const nested = (depth) => '['.repeat(depth) + ']'.repeat(depth);
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
    deep: (request) => ({ body: nested(Number(param(request, 'depth') ?? 20_000)) }),
  };

  const log = { requests: [], origins: [], rejections: [] };
  window.addEventListener('unhandledrejection', (event) => log.rejections.push(String(event.reason?.message ?? event.reason)));
  const vendor = new URLSearchParams(location.search).get('vendor');
  const echo = (request) => ({ body: { method: request.method, url: request.url } });
  const sim =
    vendor === 'gainsight'
      ? simulateGainsight(window, {
          connectors: { conn: { method: 'GET', url: 'https://api.test/conn', overrideAny: true, upstream: echo } },
          composites: { conn: { steps: [{ name: 'one', method: 'POST', url: 'https://api.test/composite', upstream: echo }] } },
        })
      : simulateZohoFinance(window, { connections });
  const retries = new URLSearchParams(location.search).get('retry');
  const bridge = createBridge({
    adapter: vendor === 'gainsight' ? gainsight() : zohoFinance(),
    timeout: 10_000,
    // ?retry=N: the host bridge's own default, which a widget's own createBridge() must not see multiplied.
    ...(retries && { retry: { limit: Number(retries), backoff: () => 10 } }),
    // A portable name that this host maps to its own connection: the policy must judge `status`, not `portable`.
    connections: { portable: { 'zoho-finance': { connection: 'status' } } },
    // ?hooks: the host frame's own hook, which runs here, on every widget's request.
    ...(new URLSearchParams(location.search).has('hooks') && {
      hooks: { beforeRequest: [(request, { attempt }) => ({ ...request, headers: { ...request.headers, 'X-Host-Hook': `attempt ${attempt}` } })] },
    }),
  });
  const served = recording(bridge, log);
  const handles = {};

  window.host = {
    sim,
    log,
    /** Mounts a widget iframe; `spec`: { name, src, allowedOrigins, allow?, sandbox?, stall? }. */
    mount: (spec) => void (handles[spec.name] = mount(served, log, spec)),
    /** Takes a widget's iframe out of the document. */
    remove: (name) => document.querySelector(`iframe[name="${name}"]`).remove(),
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
    /** Messages of another postMessage library (penpal 6 among them) to a widget frame, as a foreign script would send. */
    foreign(name) {
      const target = document.querySelector(`iframe[name="${name}"]`).contentWindow;
      for (const message of FOREIGN) target.postMessage(message, '*');
    },
  };

  // penpal 6's messages (a `penpal` key, no namespace or channel), and some of other libraries.
  const FOREIGN = [
    { penpal: 'syn' },
    { penpal: 'synAck', methodNames: ['request'] },
    { penpal: 'ack' },
    { penpal: 'call', id: 1, methodName: 'request', args: [1, {}] },
    { penpal: 'reply', id: 1, resolution: 'fulfilled', returnValue: { ok: true } },
    { namespace: 'penpal', channel: undefined, type: 'SYN', participantId: 'x' },
    { type: 'webpackOk' },
    'a string',
  ];
  window.FOREIGN = FOREIGN;
})();

// Helpers shared by the test pages (plain script, loaded after the UMD bundles): a request description
// from the test -> a BridgeRequest, an outcome -> plain data the test can read, and mounting a widget.
(function () {
  const { exposeBridge, isBridgeError, BridgeError } = WidgetBridge;

  /** Test-side descriptions of bodies that cannot cross page.evaluate: { $form: 'a=1' }, { $multipart: [[name, value | {file, name, type}]] }. */
  function buildRequest(spec) {
    const request = { ...spec };
    const body = spec.body;
    if (body && typeof body === 'object' && '$form' in body) request.body = new URLSearchParams(body.$form);
    if (body && typeof body === 'object' && '$multipart' in body) {
      const form = new FormData();
      for (const [name, value] of body.$multipart) {
        if (typeof value === 'string') form.append(name, value);
        else form.append(name, new File([value.file], value.name, { type: value.type }));
      }
      request.body = form;
    }
    return request;
  }

  /** Runs a request and describes how it ended, with its duration in ms. */
  async function outcome(run) {
    const started = performance.now();
    try {
      const response = await run();
      const { data, status, headers, vendor, raw } = response;
      const { attempts, elapsed } = response;
      return { ok: true, ms: performance.now() - started, response: { data, status, headers, vendor, hasRaw: raw !== undefined, attempts, elapsed } };
    } catch (error) {
      return {
        ok: false,
        ms: performance.now() - started,
        isBridgeError: isBridgeError(error),
        instanceOfBridgeError: error instanceof BridgeError,
        name: error && error.name,
        error: isBridgeError(error) ? error.toJSON() : { message: String(error && error.message) },
      };
    }
  }

  // bridge.ts's RUN_GATED: how exposeBridge runs a request through a createBridge() bridge with its policy.
  const RUN_GATED = Symbol.for('widget-bridge.run-gated');

  /**
   * Records what the widget asked of a bridge and whether each request's signal fired (the host dropped it).
   * Passes the policy gate on to a createBridge() bridge, so the host's policy judges the resolved request.
   */
  function recording(bridge, log) {
    const record = (request) => {
      const entry = { connection: request.connection, method: request.method, aborted: false };
      describeBody(request.body).then((body) => (entry.body = body));
      log.requests.push(entry);
      request.signal?.addEventListener('abort', () => (entry.aborted = true));
    };
    const recorded = {
      ready: () => bridge.ready(),
      destroy: () => bridge.destroy(),
      request(request) {
        record(request);
        return bridge.request(request);
      },
    };
    if (bridge[RUN_GATED]) {
      recorded[RUN_GATED] = (request, gate) => {
        record(request);
        return bridge[RUN_GATED](request, gate);
      };
    }
    return recorded;
  }

  /** A body as the host's bridge received it: which class, and for FormData each entry (files by name, type, text). */
  async function describeBody(body) {
    if (body instanceof URLSearchParams) return { type: 'URLSearchParams', value: body.toString() };
    if (!(body instanceof FormData)) return { type: typeof body, value: body };
    const entries = [];
    for (const [name, value] of body) {
      entries.push(typeof value === 'string' ? [name, value] : [name, { file: value instanceof File, name: value.name, type: value.type, text: await value.text() }]);
    }
    return { type: 'FormData', entries };
  }

  /** A bridge that never answers: for the widget's own deadline. */
  const stalled = (bridge) => ({ ready: () => bridge.ready(), destroy() {}, request: () => new Promise(() => {}) });

  function origins(list) {
    return list.map((entry) => (typeof entry === 'string' ? entry : new RegExp(entry.regexp)));
  }

  /** The policies a test can ask for by description (functions cannot cross page.evaluate). */
  function policy(spec, log) {
    if (spec === undefined) return undefined;
    if (spec === 'record-origin') return (request, { origin }) => (log.origins.push(origin), true);
    if (spec === 'deny-all') return () => false;
    // A string is a RegExp source; { prefix } a string prefix.
    return { ...spec, urls: spec.urls && spec.urls.map((url) => (typeof url === 'string' ? new RegExp(url) : url.prefix)) };
  }

  /** An <iframe> for a widget, served through exposeBridge. */
  function mount(bridge, log, spec) {
    const iframe = document.createElement('iframe');
    iframe.name = spec.name;
    if (spec.sandbox !== undefined) iframe.setAttribute('sandbox', spec.sandbox);
    document.body.append(iframe);
    const served = spec.stall ? stalled(bridge) : bridge;
    const handle = exposeBridge({ bridge: served, iframe, allowedOrigins: origins(spec.allowedOrigins), allow: policy(spec.allow, log) });
    iframe.src = spec.src;
    return handle;
  }

  window.frameKit = { buildRequest, outcome, recording, mount, origins, policy };
})();

// The direct path: bridge.request() with each adapter against its simulator, beside the simulated SDK
// method called with the options a widget author would write by hand, checked equal to those the adapter
// passed (the simulator's call log), so the difference is what the bridge adds: validation, mapping,
// reading the answer.
(function () {
  const { createBridge, gainsight, zohoFinance, zohoSigma } = WidgetBridge;
  const { simulateGainsight, simulateZohoFinance, simulateZohoSigma } = WidgetBridgeTesting;
  const { payload, sequential } = benchKit;

  // The third-party API behind every host: answers at once with ~200 bytes of JSON.
  const upstream = () => ({ body: payload(0) });
  const URL_ = 'https://api.example.com/items';
  const request = (fields, id) => ({ ...fields, method: 'POST', query: { page: '1' }, body: payload(id) });
  // The widget reads the same id back from either path: the request's own payload is not echoed by the
  // simulated SDKs, so the calls below return { id } once the answer is in.
  const done = (id) => () => ({ id });
  // By hand, a widget still reads the answer as each vendor's documents show (the bridge does the same):
  // Gainsight's SDK hands back parsed JSON; ZFAPPS `JSON.parse(value.data.body)`; Sigma's envelope body
  // arrives parsed in this simulator's default shape.
  const readZohoFinance = (value) => JSON.parse(value.data.body);

  function setups() {
    const gs = simulateGainsight({}, { connectors: { items: { method: 'POST', url: URL_, overrideAny: true, upstream } } });
    const zf = simulateZohoFinance({}, { connections: { crm: upstream } });
    const zs = simulateZohoSigma({}, { service: 'WRITER', connections: { crm: upstream } });
    return {
      gainsight: {
        sim: gs,
        bridge: createBridge({ adapter: gainsight({ sdk: gs.sdk }) }),
        fields: { connection: 'items' },
        options: (id) => ({ permalink: 'items', payload: payload(id), queryParams: { page: '1' }, method: 'POST' }),
        sdkCall: async () => (options) => gs.sdk.connectors.execute(options),
      },
      zohoFinance: {
        sim: zf,
        bridge: createBridge({ adapter: zohoFinance({ zfapps: zf.zfapps }) }),
        fields: { connection: 'crm', url: URL_ },
        options: (id) => ({
          connection_link_name: 'crm',
          url: URL_,
          method: 'POST',
          url_query: [{ key: 'page', value: '1' }],
          header: [{ key: 'Content-Type', value: 'application/json' }],
          body: { mode: 'raw', raw: JSON.stringify(payload(id)) },
        }),
        sdkCall: async () => (options) => zf.zfapps.request(options).then(readZohoFinance),
      },
      zohoSigma: {
        sim: zs,
        bridge: createBridge({ adapter: zohoSigma({ service: 'WRITER', sdk: zs.sdk }) }),
        fields: { connection: 'crm', url: URL_ },
        options: (id) => ({
          connectionLinkName: 'crm',
          type: 'POST',
          method: 'POST',
          url: `${URL_}?page=1`,
          headers: { 'Content-Type': 'application/json' },
          postBody: JSON.stringify(payload(id)),
        }),
        // A widget's own init(): the instance answers once the host's Load arrived.
        sdkCall: async () => {
          const instance = await new Promise((loaded) => {
            const created = zs.sdk.WRITER.init(() => loaded(created));
          });
          return (options) => instance.request(options);
        },
      },
    };
  }

  const paths = {};
  window.direct = {
    async ready() {
      for (const [name, setup] of Object.entries(setups())) {
        await setup.bridge.request(request(setup.fields, 0));
        // The hand-written options must be the ones the adapter gave the SDK for the same request.
        const logged = setup.sim.calls.at(-1);
        const given = JSON.stringify(logged.options ?? logged);
        if (given !== JSON.stringify(setup.options(0))) throw new Error(`${name}: the direct options differ from the adapter's: ${given}`);
        const sdk = await setup.sdkCall();
        paths[name] = {
          sim: setup.sim,
          bridge: (id) => setup.bridge.request(request(setup.fields, id)).then(done(id)),
          sdk: (id) => sdk(setup.options(id)).then(done(id)),
        };
      }
      return Object.keys(paths);
    },
    /** `n` sequential requests of one adapter through one path; the simulators' logs are emptied first. */
    run(adapter, path, n) {
      const { sim } = paths[adapter];
      sim.calls.length = 0;
      sim.outbound.length = 0;
      return sequential(paths[adapter][path], n);
    },
  };
})();

// What every bench page shares (plain script): the payload, and timing a batch of calls.
// performance.now() is coarsened to 100 µs outside cross-origin isolation, so a batch is timed as a whole
// and reported as its mean, never call by call.
(function () {
  /** A JSON object of about 200 bytes that carries its request's id. */
  function payload(id) {
    return {
      id,
      account: { id: 'acc-20931', name: 'Northwind Traders', tier: 'enterprise' },
      fields: ['name', 'owner', 'renewalDate', 'arr', 'healthScore'],
      filter: { status: 'active', updatedSince: '2024-01-01T00:00:00Z' },
      page: 1,
    };
  }

  /** `n` calls one after the other; every answer must echo its request's id. */
  async function sequential(call, n) {
    let mismatched = 0;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const answer = await call(i);
      if (answer?.id !== i) mismatched++;
    }
    return { n, ms: performance.now() - started, mismatched, lost: 0 };
  }

  /** `n` calls at once (Promise.all); a call that rejects counts as lost, and the first error is kept. */
  async function concurrent(call, n) {
    let mismatched = 0;
    let lost = 0;
    let error;
    const fail = (reason) => {
      lost++;
      error ??= String(reason?.message ?? reason);
    };
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => call(i).catch(fail)));
    const ms = performance.now() - started;
    answers.forEach((answer, i) => {
      if (answer !== undefined && answer.id !== i) mismatched++;
    });
    return { n, ms, mismatched, lost, ...(error !== undefined && { error }) };
  }

  /** The host's in-memory adapter below takes any request that names a connection (no url, as on Gainsight). */
  const CAPABILITIES = { composite: true, url: false, textBody: true, formBody: true, multipartBody: true, repeatedQuery: true, responseStatus: true, responseHeaders: true };

  /** The host's "vendor": answers at once with the request's JSON body, already parsed. */
  const echoAdapter = () => ({
    vendor: 'memory',
    capabilities: CAPABILITIES,
    detect: () => true,
    send: (request) => Promise.resolve({ status: 200, headers: {}, body: request.body.value, parsed: true }),
  });

  window.benchKit = { payload, sequential, concurrent, echoAdapter };
})();

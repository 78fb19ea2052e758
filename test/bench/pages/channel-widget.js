// The widget frame (localhost): the same echo round trip to the host frame through each channel. One bridge
// per widget document (a second handshake replaces the first), so ?portable makes the frame of (d) alone.
(function () {
  const { createBridge, parentBridge, parentFrame } = WidgetBridge;
  const { payload, sequential, concurrent } = benchKit;
  const params = new URLSearchParams(location.search);
  const hostOrigin = params.get('host');

  if (params.has('portable')) {
    // (d) a widget that runs directly or nested: its own createBridge() over parentFrame -> exposeBridge.
    const portable = createBridge({ adapter: parentFrame({ allowedOrigins: [hostOrigin] }), timeout: 60_000 });
    const call = (id) => portable.request({ connection: 'echo', method: 'POST', body: payload(id) }).then((response) => response.data);
    window.bench = {
      ready: () => portable.ready().then(() => true),
      sequential: (_kind, n) => sequential(call, n),
      concurrent: (_kind, n) => concurrent(call, n),
    };
    return;
  }

  // (a) The floor: a raw MessageChannel port; answers are matched to their callers by id.
  const port = new Promise((resolve) => {
    addEventListener('message', function onPort(event) {
      if (event.origin !== hostOrigin || event.data !== 'bench-port') return;
      removeEventListener('message', onPort);
      resolve(event.ports[0]);
    });
  });
  const waiting = new Map();
  const portCall = (port) => (id) =>
    new Promise((resolve) => {
      waiting.set(id, resolve);
      port.postMessage(payload(id));
    });

  // (b) penpal 7.
  const messenger = new Penpal.WindowMessenger({ remoteWindow: parent, allowedOrigins: [hostOrigin] });
  const penpal = Penpal.connect({ messenger, channel: 'bench-raw', methods: {} }).promise;

  // (c) widget-bridge, nested only: parentBridge -> exposeBridge -> the host's in-memory adapter.
  const bridge = parentBridge({ allowedOrigins: [hostOrigin], timeout: 60_000 });

  let calls;
  window.bench = {
    async ready() {
      const [messagePort, remote] = await Promise.all([port, penpal, bridge.ready()]);
      messagePort.onmessage = (event) => {
        const resolve = waiting.get(event.data.id);
        waiting.delete(event.data.id);
        resolve(event.data);
      };
      calls = {
        messageChannel: portCall(messagePort),
        penpal: (id) => remote.echo(payload(id)),
        bridge: (id) => bridge.request({ connection: 'echo', method: 'POST', body: payload(id) }).then((response) => response.data),
      };
      return true;
    },
    sequential: (kind, n) => sequential(calls[kind], n),
    concurrent: (kind, n) => concurrent(calls[kind], n),
  };
})();

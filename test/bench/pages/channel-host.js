// The host frame (127.0.0.1): serves the widget iframe (localhost) three ways, each echoing what it gets:
// a raw MessageChannel port (the floor), a raw penpal connection, and exposeBridge over an in-memory adapter.
(function () {
  const { createBridge, exposeBridge } = WidgetBridge;
  const widgetOrigin = new URLSearchParams(location.search).get('widget');
  const hostOrigin = location.origin;

  const iframe = document.createElement('iframe');
  document.body.append(iframe);
  const remote = iframe.contentWindow;

  // (a) The floor: one port, echoing every message.
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = (event) => port1.postMessage(event.data);
  iframe.addEventListener('load', () => remote.postMessage('bench-port', widgetOrigin, [port2]), { once: true });

  // (b) penpal 7, as the bridge uses it: WindowMessenger on both sides, one method.
  const messenger = new Penpal.WindowMessenger({ remoteWindow: remote, allowedOrigins: [widgetOrigin] });
  Penpal.connect({ messenger, channel: 'bench-raw', methods: { echo: (message) => message } });

  // (c) widget-bridge: the host's bridge, served to the widget.
  const bridge = createBridge({ adapter: benchKit.echoAdapter(), timeout: 60_000 });
  exposeBridge({ bridge, iframe, allowedOrigins: [widgetOrigin] });

  iframe.src = `${widgetOrigin}/test/bench/pages/channel-widget.html?host=${encodeURIComponent(hostOrigin)}`;

  // (d) in a frame of its own: a widget's own createBridge() over parentFrame, served the same way.
  const portable = document.createElement('iframe');
  document.body.append(portable);
  exposeBridge({ bridge, iframe: portable, allowedOrigins: [widgetOrigin] });
  portable.src = `${iframe.src}&portable`;
})();

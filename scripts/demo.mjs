// `npm run demo`: the Account health widget (demo/widget/) on four hosts emulated by `widget-bridge dev`,
// offline: each host page on http://127.0.0.1:<port>, the widget's files on http://localhost:<port + 1>.
// What the demo shows is what a user gets from the tool: the same dev server, stand-ins and inspector.
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The demo's hosts: the widget page each one runs, as `widget-bridge dev <widget> --host <host>` would. */
export const DEMO_HOSTS = [
  { name: 'gainsight', label: 'Gainsight', host: 'gainsight', widget: 'demo/widget/gainsight.html' },
  { name: 'zoho-books', label: 'Zoho Books', host: 'zoho-books', widget: 'demo/widget/zoho-books.html' },
  { name: 'zoho-writer', label: 'Zoho Writer', host: 'zoho-writer', widget: 'demo/widget/zoho-writer.html' },
  { name: 'zoho-crm', label: 'Zoho CRM', host: 'zoho-crm', widget: 'demo/widget/zoho-crm.html' },
  // A Books widget that frames the widget on another origin and lends it its bridge (exposeBridge).
  { name: 'nested', label: 'Nested', host: 'zoho-books', widget: 'demo/nested.html' },
];

/** Starts every host; `port` is the first port (0: any free ports). Resolves with each host's URLs. */
export async function startDemo({ port = 5173 } = {}) {
  const { startDev } = await import(pathToFileURL(`${root}dist/dev/index.js`).href);
  const servers = [];
  try {
    for (const [index, demo] of DEMO_HOSTS.entries()) {
      const ports = port === 0 ? { port: 0, widgetPort: 0 } : { port: port + 2 * index, widgetPort: port + 2 * index + 1 };
      const server = await startDev({ widget: `${root}${demo.widget}`, host: demo.host, connections: `${root}demo/connections.mjs`, offline: true, root, ...ports });
      servers.push({ ...demo, server });
    }
  } catch (error) {
    await Promise.all(servers.map(({ server }) => server.close()));
    throw error;
  }
  return { hosts: servers, close: () => Promise.all(servers.map(({ server }) => server.close())).then(() => undefined) };
}

async function main() {
  const port = Number(process.env.DEMO_PORT ?? 5173);
  let demo;
  try {
    demo = await startDemo({ port });
  } catch (error) {
    // A port in use, most likely: one line, and what to do.
    const hint = error.name === 'DevError' ? ': move every port with DEMO_PORT=<first port> npm run demo' : '';
    console.error(`npm run demo: ${error.message}${hint}`);
    process.exit(1);
  }
  const rows = demo.hosts.map(({ label, server }) => `  ${label.padEnd(13)}  ${server.hostUrl}\n  ${''.padEnd(13)}  (widget ${server.widgetUrl})`);
  console.log(`
  widget-bridge demo: one widget source, running unchanged on hosts emulated by widget-bridge dev (offline)

${rows.join('\n')}

  Each page shows the widget beside the inspector: every call it made through the host.
  Ctrl-C to stop.
`);
  const stop = () => void demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

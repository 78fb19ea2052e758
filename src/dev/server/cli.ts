// The `widget-bridge` bin: `widget-bridge dev <widget> --host <host> [--connections <module>] [--port N]
// [--widget-port N] [--offline]`.
import { parseArgs } from 'node:util';
import { HOST_NAMES } from './hosts.js';
import { DevError, startDev } from './server.js';

const USAGE = `usage: widget-bridge dev <widget> --host <host> [--connections <module>] [--port N] [--widget-port N] [--offline]
  <widget>   the widget's HTML page (Zoho hosts) or its folder with an index.html (Gainsight)
  --host     ${HOST_NAMES.join(', ')}
  --offline  serve offline stand-ins in place of the vendors' CDN scripts`;

function fail(message: string): never {
  console.error(`widget-bridge dev: ${message}`);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  if (command !== 'dev') fail(`unknown command "${command}"\n${USAGE}`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        host: { type: 'string' },
        connections: { type: 'string' },
        port: { type: 'string' },
        'widget-port': { type: 'string' },
        offline: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) fail(`name one widget\n${USAGE}`);
  if (!values.host) fail(`--host is required: one of ${HOST_NAMES.join(', ')}`);
  const port = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65_535) fail(`${flag} takes a port number, not "${value}"`);
    return n;
  };

  const server = await startDev({
    widget: positionals[0] as string,
    host: values.host,
    connections: values.connections,
    port: port('--port', values.port),
    widgetPort: port('--widget-port', values['widget-port']),
    offline: values.offline,
  }).catch((error: unknown) => fail(error instanceof DevError ? [error.message, error.hint].filter(Boolean).join(': ') : String(error)));

  console.log(`
  widget-bridge dev: ${server.host.title}, emulated${values.offline ? ', offline (vendor scripts replaced by stand-ins)' : ''}

  Host page      ${server.hostUrl}
  Widget         ${server.widgetUrl}
                 (host frame on ${server.hostOrigin}, widget files on ${server.widgetOrigin})

  Ctrl-C to stop.
`);

  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main(process.argv.slice(2));

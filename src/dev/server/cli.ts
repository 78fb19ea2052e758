// The `widget-bridge` bin: `widget-bridge dev <widget> --host <host>[,<host>…|all] [--connections <module>]
// [--port N] [--widget-port N] [--offline] [--record <dir> | --replay <dir>] [--allowed-host <name>]`.
import { parseArgs } from 'node:util';
import { HOST_NAMES } from './hosts.js';
import { DevError, startDev, type DevServer } from './server.js';

const USAGE = `usage: widget-bridge dev <widget> --host <host>[,<host>…|all] [--connections <module>] [--port N] [--widget-port N]
                        [--offline] [--record <dir> | --replay <dir>] [--allowed-host <name>]
  <widget>         the widget's HTML page (Zoho hosts) or its folder with an index.html (Gainsight)
  --host           ${HOST_NAMES.join(', ')}; a comma list, or all
  --connections    the module mapping each connection to a handler, a proxy or a Gainsight connector
  --port           the host page (several hosts: the index page); default 5173
  --widget-port    the widget's files; default --port + 1
  --offline        serve offline stand-ins in place of the vendors' CDN scripts
  --record <dir>   write each proxied exchange to <dir> as a JSON fixture (never a secret header)
  --replay <dir>   answer proxy connections from the fixtures in <dir>, offline
  --allowed-host   a name the servers answer besides 127.0.0.1 and localhost (repeat for more)`;

function fail(message: string): never {
  console.error(`widget-bridge dev: ${message}`);
  process.exit(1);
}

function parse(rest: string[]) {
  try {
    return parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        host: { type: 'string' },
        connections: { type: 'string' },
        port: { type: 'string' },
        'widget-port': { type: 'string' },
        offline: { type: 'boolean', default: false },
        record: { type: 'string' },
        replay: { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
}

function port(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) fail(`${flag} takes a port number, not "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  if (command !== 'dev') fail(`unknown command "${command}"\n${USAGE}`);
  const { values, positionals } = parse(rest);
  if (positionals.length !== 1) fail(`name one widget\n${USAGE}`);
  if (!values.host) fail(`--host is required: one of ${HOST_NAMES.join(', ')}, a comma list, or all`);

  const server = await startDev({
    widget: positionals[0] as string,
    host: values.host,
    connections: values.connections,
    port: port('--port', values.port),
    widgetPort: port('--widget-port', values['widget-port']),
    offline: values.offline,
    record: values.record,
    replay: values.replay,
    allowedHosts: values['allowed-host']?.flatMap((name) => name.split(',')),
  }).catch((error: unknown) => fail(error instanceof DevError ? [error.message, error.hint].filter(Boolean).join(': ') : String(error)));

  console.log(banner(server, values));
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function banner(server: DevServer, values: { offline?: boolean; record?: string; replay?: string }): string {
  const modes = [values.offline && 'offline (vendor scripts replaced by stand-ins)', values.record && `recording to ${values.record}`, values.replay && `replaying ${values.replay}`];
  const what = server.hosts.length === 1 ? server.host.title : `${server.hosts.length} hosts`;
  const lines = [`  widget-bridge dev: ${what}, emulated${modes.filter(Boolean).map((mode) => `, ${mode}`).join('')}`, ''];
  if (server.indexUrl) {
    const rows: Array<[string, string]> = [['Index', server.indexUrl], ...server.hosts.map((host): [string, string] => [host.host.title, `${host.hostUrl}  (${host.name})`]), ['Widget', server.widgetUrl]];
    const width = Math.max(...rows.map(([label]) => label.length));
    lines.push(...rows.map(([label, url]) => `  ${label.padEnd(width)}  ${url}`), `  ${''.padEnd(width)}  (host frames on 127.0.0.1, widget files on ${server.widgetOrigin})`);
  } else {
    lines.push(`  Host page      ${server.hostUrl}`, `  Widget         ${server.widgetUrl}`, `                 (host frame on ${server.hostOrigin}, widget files on ${server.widgetOrigin})`);
  }
  if (!values.offline && server.vendorScripts.length > 0) {
    lines.push('', `  The widget page loads ${server.vendorScripts.join(', ')}: the browser fetches it from Zoho (offline? --offline serves a stand-in).`);
  }
  lines.push('', '  Ctrl-C to stop.', '');
  return `\n${lines.join('\n')}`;
}

await main(process.argv.slice(2));

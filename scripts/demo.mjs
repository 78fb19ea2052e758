// `npm run demo`: serves the repository (demo pages and the built bundles) on two local origins with
// sirv-cli: host pages on http://127.0.0.1:HOST_PORT, the nested widget's frame on http://localhost:WIDGET_PORT.
// Two host names make two sites for the browser, so the nested page crosses a real origin boundary.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const sirvBin = fileURLToPath(new URL('../node_modules/.bin/sirv', import.meta.url));
const hostPort = Number(process.env.DEMO_HOST_PORT ?? 5173);
const widgetPort = Number(process.env.DEMO_WIDGET_PORT ?? 5174);
const origins = { host: `http://127.0.0.1:${hostPort}`, widget: `http://localhost:${widgetPort}` };

// sirv-cli moves to another port when one is taken; the nested page's links name both ports, so a moved
// server would break them. Check first and say what to do.
async function ensureFree(port, host, variable) {
  const error = await new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', resolve);
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
  if (!error) return;
  const why = error.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : `cannot listen on ${host}:${port} (${error.code ?? error.message})`;
  console.error(`npm run demo: ${why}. Stop what uses it, or pick another port: ${variable}=<port> npm run demo`);
  process.exit(1);
}

function serve(host, port) {
  // HOST and PORT would override sirv-cli's flags: leave them out.
  const { HOST: _host, PORT: _port, ...env } = process.env;
  const child = spawn(sirvBin, [root, '--dev', '--quiet', '--host', host, '--port', String(port)], { env, stdio: 'inherit' });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`npm run demo: the server on ${host}:${port} stopped (${signal ?? `exit code ${code}`})`);
      stop(1);
    }
  });
  return child;
}

async function waitUntilServing(origin) {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(`${origin}/demo/index.html`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.error(`npm run demo: ${origin} did not answer within 10 s`);
  stop(1);
}

let stopping = false;
const children = [];
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

await ensureFree(hostPort, '127.0.0.1', 'DEMO_HOST_PORT');
await ensureFree(widgetPort, 'localhost', 'DEMO_WIDGET_PORT');
children.push(serve('127.0.0.1', hostPort), serve('localhost', widgetPort));
await Promise.all([waitUntilServing(origins.host), waitUntilServing(origins.widget)]);

const query = `?widget=${origins.widget}`;
console.log(`
  widget-bridge demo: one widget source, running unchanged on every simulated host

  Index          ${origins.host}/demo/${query}
  Gainsight      ${origins.host}/demo/gainsight.html
  Zoho Finance   ${origins.host}/demo/zoho-finance.html
  Zoho Writer    ${origins.host}/demo/zoho-writer.html
  Nested         ${origins.host}/demo/nested.html${query}
                 (host frame on ${origins.host}, widget iframe on ${origins.widget})

  Ctrl-C to stop.
`);

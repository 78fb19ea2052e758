// The host page: the emulated host frame (a script from src/dev/host/) beside the inspector.
import type { HostDefinition } from './hosts.js';

export function hostPage(host: HostDefinition): string {
  const slot = host.page === 'gainsight' ? '<div id="gs-widget" class="wb-gainsight-slot"></div>' : '<div id="wb-frame-slot" class="wb-frame-slot"></div>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(host.title)} · widget-bridge dev</title>
<link rel="icon" href="/__wb/favicon.svg">
<link rel="stylesheet" href="/__wb/host.css">
<script type="module" src="/__wb/host/${host.page}.js"></script>
</head>
<body>
<header class="wb-bar"><b>widget-bridge dev</b><span>emulated host: <b id="wb-host-title">${escapeHtml(host.title)}</b></span><span id="wb-status" class="wb-status">starting</span></header>
<main class="wb-main">
  <section class="wb-stage"><div class="wb-label" id="wb-frame-label"></div>${slot}</section>
  <aside class="wb-inspector" id="wb-inspector" aria-label="Inspector"></aside>
</main>
</body>
</html>
`;
}

/** `--host a,b,c`: the page at the first port, a link to each host page. */
export function indexPage(hosts: ReadonlyArray<{ name: string; title: string; url: string }>, widgetUrl: string): string {
  const rows = hosts.map(({ name, title, url }) => `<li><a href="${escapeHtml(url)}">${escapeHtml(title)}</a> <code>${escapeHtml(name)}</code> <span class="wb-muted">${escapeHtml(url)}</span></li>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>widget-bridge dev</title>
<link rel="icon" href="/__wb/favicon.svg">
<link rel="stylesheet" href="/__wb/host.css">
</head>
<body>
<header class="wb-bar"><b>widget-bridge dev</b><span>${hosts.length} emulated hosts</span></header>
<main class="wb-index">
<p>The widget <code>${escapeHtml(widgetUrl)}</code> on each host:</p>
<ul id="wb-hosts">
${rows.join('\n')}
</ul>
</main>
</body>
</html>
`;
}

/** The Load payload (`__REGISTER__` data) before the connections module's `load` is merged over it. */
export function defaultLoad(host: HostDefinition): Record<string, unknown> {
  const user = { zuid: '700000001', name: 'Dev User', email: 'dev.user@example.com' };
  if (host.protocol === 'zoho-finance') {
    return {
      organization: { organization_id: '60000000001', name: 'Widget Dev Org', currency_code: 'USD' },
      user,
      // Applied by zf_sdk.js: inherited styles, the theme as --zf-* variables.
      meta: { inheritStyles: false, themeInfo: { theme: 'light', primaryColor: '#408dfb', fontSize: '13px' } },
    };
  }
  // Zoho CRM: the PageLoad event's data, the record the widget was opened on.
  if (host.protocol === 'zoho-crm') return { Entity: 'Accounts', EntityId: ['5725767000000411001'], user };
  if (host.protocol === 'zoho-sigma') return { service: host.service, user, org: { id: '80000000001', name: 'Widget Dev Org' } };
  return {};
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

export const HOST_CSS = `
:root { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; background: #eef1f5; }
body { margin: 0; }
.wb-bar { display: flex; gap: 16px; align-items: center; padding: 8px 16px; background: #1f2a44; color: #fff; }
.wb-status { margin-left: auto; padding: 2px 8px; border-radius: 10px; background: #4b5563; font-size: 12px; }
.wb-status[data-state="registered"] { background: #15803d; }
.wb-status[data-state="dropped"] { background: #b91c1c; }
.wb-main { display: grid; grid-template-columns: minmax(0, 1fr) 420px; gap: 12px; padding: 12px; align-items: start; }
.wb-stage { background: #fff; border: 1px solid #d1d5db; border-radius: 6px; padding: 8px; min-height: 200px; }
.wb-label { font: 12px ui-monospace, monospace; color: #6b7280; margin-bottom: 6px; word-break: break-all; }
.wb-frame-slot iframe { display: block; width: 100%; height: max(480px, calc(100vh - 110px)); border: 1px dashed #9ca3af; box-sizing: border-box; }
.wb-inspector { background: #fff; border: 1px solid #d1d5db; border-radius: 6px; padding: 8px 10px; max-height: calc(100vh - 70px); overflow: auto; }
.wb-inspector h2 { font-size: 13px; margin: 8px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #374151; }
.wb-log { list-style: none; margin: 0; padding: 0; }
.wb-call { border-top: 1px solid #e5e7eb; padding: 4px 0; }
.wb-call > button { all: unset; cursor: pointer; display: grid; grid-template-columns: 64px minmax(0, 1fr) auto auto; gap: 8px; width: 100%; font: 12px ui-monospace, monospace; }
.wb-call > button:focus-visible { outline: 2px solid #408dfb; }
.wb-method { font-weight: 600; }
.wb-what { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.wb-ok { color: #15803d; } .wb-fail { color: #b91c1c; } .wb-pending { color: #6b7280; } .wb-muted { color: #6b7280; }
.wb-detail { display: none; margin: 4px 0 2px; }
.wb-call[aria-expanded="true"] .wb-detail { display: block; }
.wb-detail pre, .wb-context { font: 11px/1.4 ui-monospace, monospace; background: #f3f4f6; border-radius: 4px; padding: 6px; margin: 2px 0 6px; white-space: pre-wrap; word-break: break-all; max-height: 260px; overflow: auto; }
.wb-index { padding: 12px 16px; } .wb-index li { margin: 6px 0; }
.wb-dropped-count { font: 12px ui-monospace, monospace; color: #b45309; margin: 4px 0; }
.wb-call[data-replay="missing"] .wb-what::before { content: "no fixture · "; color: #b91c1c; }
.wb-binds { font: 12px ui-monospace, monospace; }
.wb-fire { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.wb-fire input { flex: 1 1 120px; min-width: 0; font: 12px ui-monospace, monospace; padding: 4px 6px; }
@media (max-width: 900px) {
  .wb-bar { flex-wrap: wrap; gap: 4px 12px; }
  .wb-main { grid-template-columns: minmax(0, 1fr); }
  .wb-inspector { max-height: none; }
}
`;

export const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f2a44"/><path d="M4 5h8v6H4z" fill="none" stroke="#fff" stroke-width="1.5"/></svg>';

// What the dev server tells its host page (GET /__wb/config).
export interface HostConfig {
  host: string;
  title: string;
  protocol: 'zoho-finance' | 'zoho-sigma' | 'zoho-crm' | 'gainsight';
  eventName?: string;
  /** The widget page's path on the widget origin. */
  widgetPage: string;
  widgetOrigin: string;
  /** The Load payload (`__REGISTER__` data). */
  load: Record<string, unknown>;
  context: Record<string, unknown>;
  offline: boolean;
}

export interface CallAnswer {
  isSuccess: boolean;
  data: unknown;
  status?: number;
  upstream: Array<{ method: string; url: string; status?: number; error?: string; replay?: 'missing' }>;
}

export async function loadConfig(): Promise<HostConfig> {
  const response = await fetch('/__wb/config');
  return (await response.json()) as HostConfig;
}

/** Runs a connection call on the dev server, as the host frame hands it to the host's server. */
export async function callServer(path: string, call: unknown, headers: Record<string, string> = {}): Promise<CallAnswer> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(call) });
  // The dev server refused the call itself (a body too large): its text, not an answer of the host's.
  if (!response.headers.get('content-type')?.startsWith('application/json')) throw new Error(await response.text());
  return (await response.json()) as CallAnswer;
}

export function setStatus(text: string, state: string): void {
  const status = document.getElementById('wb-status');
  if (!status) return;
  status.textContent = text;
  status.dataset.state = state;
}

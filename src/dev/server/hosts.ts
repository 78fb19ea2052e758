// The hosts `widget-bridge dev --host <name>` emulates: one entry each. A host names the page script that
// plays its host frame (src/dev/host/), the vendor scripts `--offline` replaces with stand-ins, and the
// protocol the dev server answers its calls with (calls.ts).
import { didYouMean } from '../../issues.js';
import { DevError } from './dev-error.js';

/** A vendor `<script src>` and the stand-in served in its place with `--offline` (dist/standins/). */
export interface Standin {
  vendorUrl: string;
  file: string;
}

export interface HostDefinition {
  /** As shown on the host page and in the terminal. */
  title: string;
  /** The host page's script, from dist/dev/host/. */
  page: 'zoho' | 'zoho-crm' | 'gainsight';
  /** How the host frame's calls are answered (calls.ts). */
  protocol: 'zoho-finance' | 'zoho-sigma' | 'zoho-crm' | 'gainsight';
  /** The `eventName` of the host's `__EVENT__` calls. */
  eventName?: string;
  /** Sigma: the `SigmaSDK` service. */
  service?: string;
  standins: Standin[];
}

const ZF_SDK: Standin = { vendorUrl: 'https://js.zohostatic.com/zohofinance/v1/zf_sdk.js', file: 'zf_sdk.js' };
const SIGMA_SDK: Standin = { vendorUrl: 'https://static.zohocdn.com/sigma/client/sdk/v3/sigma-sdk.min.js', file: 'sigma-sdk.min.js' };

// Zoho CRM's embedded-app SDK, every published version (1.0-1.5) of its CDN path.
const CRM_SDK: Standin[] = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'].map((version) => ({
  vendorUrl: `https://live.zwidgets.com/js-sdk/${version}/ZohoEmbededAppSDK.min.js`,
  file: 'ZohoEmbededAppSDK.min.js',
}));

const finance = (title: string): HostDefinition => ({ title, page: 'zoho', protocol: 'zoho-finance', eventName: 'ZF_EVENT', standins: [ZF_SDK] });
const sigma = (title: string, service: string): HostDefinition => ({
  title,
  page: 'zoho',
  protocol: 'zoho-sigma',
  eventName: `SIGMA_${service}_EVENT`,
  service,
  standins: [SIGMA_SDK],
});

export const HOSTS: Record<string, HostDefinition> = {
  gainsight: { title: 'Gainsight Customer Community', page: 'gainsight', protocol: 'gainsight', standins: [] },
  'zoho-books': finance('Zoho Books'),
  'zoho-invoice': finance('Zoho Invoice'),
  'zoho-billing': finance('Zoho Billing'),
  'zoho-inventory': finance('Zoho Inventory'),
  'zoho-expense': finance('Zoho Expense'),
  'zoho-writer': sigma('Zoho Writer', 'WRITER'),
  'zoho-crm': { title: 'Zoho CRM', page: 'zoho-crm', protocol: 'zoho-crm', standins: CRM_SDK },
};

/** A name from HOSTS, or `zoho-sigma:<SERVICE>` for any Sigma service; in any case. */
export function findHost(name: string): HostDefinition | undefined {
  const lower = name.trim().toLowerCase();
  if (Object.hasOwn(HOSTS, lower)) return HOSTS[lower];
  const service = /^zoho-sigma:([a-z0-9]+)$/.exec(lower)?.[1]?.toUpperCase();
  return service ? sigma(`Zoho ${service[0]}${service.slice(1).toLowerCase()} (Sigma)`, service) : undefined;
}

export const HOST_NAMES = [...Object.keys(HOSTS), 'zoho-sigma:<SERVICE>'];

/** A host `--host` named: its canonical name (`zoho-books`, `zoho-sigma:DESK`) and its definition. */
export interface NamedHost {
  name: string;
  host: HostDefinition;
}

/** `--host`: one name, a comma list, or `all` (every host of HOSTS); an unknown name is a DevError with a did-you-mean. */
export function parseHosts(spec: string | readonly string[]): NamedHost[] {
  const names = (typeof spec === 'string' ? spec.split(',') : spec).map((name) => name.trim()).filter(Boolean);
  if (names.length === 1 && names[0]?.toLowerCase() === 'all') return Object.keys(HOSTS).map((name) => ({ name, host: HOSTS[name] as HostDefinition }));
  if (names.length === 0) throw new DevError(`name a host: one of ${HOST_NAMES.join(', ')}, a comma list, or all`);
  const found = new Map<string, HostDefinition>();
  for (const name of names) {
    const host = findHost(name);
    if (!host) throw new DevError(`unknown host "${name}"${didYouMean(name, Object.keys(HOSTS))}; one of: ${HOST_NAMES.join(', ')}`);
    found.set(host.service && host.protocol === 'zoho-sigma' && !Object.hasOwn(HOSTS, name.toLowerCase()) ? `zoho-sigma:${host.service}` : name.toLowerCase(), host);
  }
  return [...found].map(([name, host]) => ({ name, host }));
}

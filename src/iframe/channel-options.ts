// The options of the two widget-side clients (parentBridge, parentFrame), checked by the rules createBridge
// applies to its own (limits.ts, controls.ts, header-names.ts): a mistake is thrown at the call that made it,
// never a timer armed with NaN or 0.
import { hookIssues } from '../controls.js';
import { BridgeError, type BridgeIssue } from '../errors.js';
import { headerIssues } from '../header-names.js';
import { formatIssues } from '../issues.js';
import { isTimeout, TIMEOUT_RULE } from '../limits.js';
import { checkAllowedOrigins, type AllowedOrigins } from './origins.js';

export interface ChannelSettings {
  allowedOrigins: AllowedOrigins;
  timeout: number;
  heartbeat: number;
}

const KNOWN = ['allowedOrigins', 'timeout', 'heartbeat', 'targetWindow', 'hooks', 'headers'];

/** `hookStages`: the hook lists this client runs (none for parentFrame, whose bridge has its own). */
export function channelOptions(options: unknown, where: string, defaultTimeout: number, hookStages: readonly string[]): ChannelSettings {
  const given = (typeof options === 'object' && options !== null ? options : {}) as Record<string, unknown>;
  const allowedOrigins = checkAllowedOrigins(given.allowedOrigins, where);
  const issues: BridgeIssue[] = [];
  for (const key of Object.keys(given)) {
    const allowed = KNOWN.slice(0, hookStages.length > 0 ? KNOWN.length : 4);
    if (!allowed.includes(key)) issues.push({ path: [key], message: `unknown option "${key}"` });
  }
  for (const key of ['timeout', 'heartbeat']) {
    if (given[key] !== undefined && !isTimeout(given[key])) issues.push({ path: [key], message: TIMEOUT_RULE });
  }
  const target = given.targetWindow as { postMessage?: unknown } | undefined;
  if (target !== undefined && typeof target?.postMessage !== 'function') issues.push({ path: ['targetWindow'], message: 'must be a Window' });
  if (hookStages.length > 0) issues.push(...hookIssues(given.hooks, ['hooks'], hookStages), ...headerIssues(given.headers, ['headers']));
  if (issues.length > 0) throw new BridgeError('INVALID_REQUEST', `INVALID_REQUEST: ${where} options: ${formatIssues(issues)}`, { issues });
  return { allowedOrigins, timeout: (given.timeout as number | undefined) ?? defaultTimeout, heartbeat: (given.heartbeat as number | undefined) ?? 2_000 };
}

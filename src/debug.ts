// createBridge's `debug`: one line per request event, never a body or a header value. A bridge without it ships none of it.
import type { DebugEvent } from './types.js';

/** `true` prints with console.debug; a function gets the events; false gives nothing to call. */
export function logger(debug: boolean | ((event: DebugEvent) => void)): ((event: DebugEvent) => void) | undefined {
  if (typeof debug === 'function') return debug;
  if (!debug) return undefined;
  return (event) => {
    const { id, type, method, connection, vendor, elapsed, ...rest } = event;
    const details = Object.entries(rest).map(([key, value]) => `${key}=${String(value)}`);
    console.debug(`[widget-bridge] #${id} ${method} ${connection}${vendor ? ` via ${vendor}` : ''} ${type} ${[...details, `${elapsed}ms`].join(' ')}`);
  };
}

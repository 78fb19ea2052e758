// Which origins a frame talks to. Checked once, when a channel is set up, so a mistake fails at the call
// that made it rather than as a handshake that silently never completes.

export type AllowedOrigins = ReadonlyArray<string | RegExp>;

/**
 * Throws a TypeError naming the problem: an empty or missing list (there is no '*' default), an origin
 * string that is not `scheme://host[:port]`, 'null' (a sandboxed frame: penpal can only admit it through
 * '*', since postMessage has no way to target the origin 'null'), or an unanchored RegExp
 * (`/example\.com/` also matches `https://example.com.evil.net`).
 */
export function checkAllowedOrigins(origins: unknown, where: string): AllowedOrigins {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new TypeError(`${where}: allowedOrigins is required: list the origins to talk to (there is no '*' default)`);
  }
  for (const origin of origins) {
    if (origin instanceof RegExp) {
      if (!origin.source.startsWith('^') || !origin.source.endsWith('$')) {
        throw new TypeError(`${where}: allowedOrigins RegExp ${origin} must be anchored with ^ and $, or it matches origins it should not`);
      }
    } else if (origin === 'null') {
      throw new TypeError(`${where}: a sandboxed frame has origin 'null', which can only be admitted with '*'`);
    } else if (typeof origin !== 'string' || (origin !== '*' && !isOrigin(origin))) {
      throw new TypeError(`${where}: allowedOrigins entry ${String(origin)} is not an origin such as 'https://app.example.com'`);
    }
  }
  return origins;
}

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/** The same test penpal applies to the origin of each message. */
export function isAllowedOrigin(origins: AllowedOrigins, origin: string): boolean {
  return origins.some((allowed) => (allowed instanceof RegExp ? allowed.test(origin) : allowed === '*' || allowed === origin));
}

export function describeOrigins(origins: AllowedOrigins): string {
  return origins.map(String).join(', ');
}

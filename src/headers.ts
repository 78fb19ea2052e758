// `headers` as fetch, ky, ofetch and axios users write them (a record, a `Headers`, [name, value] pairs), read
// into the plain record the rest of the pipeline works on. No zod here: the schema (schemas.ts) checks the
// names and values of the record this gives, so every form is judged by one rule and reported by name.

/** What `headers` accepts: fetch's `HeadersInit`, readonly pairs and records included. */
export type HeadersInput = Headers | ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;

/** Why a list of pairs cannot be read: the index of the entry that is not a `[name, value]` pair. */
export interface PairIssue {
  index: number;
  message: string;
}

/**
 * A `Headers` object (its names lower-cased, as it keeps them) or a list of pairs (a name repeated in any case
 * joined with ", ", as `Headers` joins it) as a record with no prototype; any other value is returned as it is,
 * for the caller's own check. A list with an entry that is not a pair gives a PairIssue.
 */
export function headerRecord(init: unknown): unknown {
  if (isHeaders(init)) {
    const record: Record<string, string> = Object.create(null);
    init.forEach((value, name) => {
      record[name] = value;
    });
    return record;
  }
  return Array.isArray(init) ? pairsRecord(init) : init;
}

export const isPairIssue = (value: unknown): value is PairIssue => typeof value === 'object' && value !== null && 'index' in value;

function pairsRecord(pairs: readonly unknown[]): Record<string, unknown> | PairIssue {
  const record: Record<string, unknown> = Object.create(null);
  // The first spelling of a name is kept, as mergeHeaders keeps one spelling per name.
  const spelling = new Map<string, string>();
  for (const [index, pair] of pairs.entries()) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
      return { index, message: 'must be a [name, value] pair' };
    }
    const [name, value] = pair as [string, unknown];
    const first = spelling.get(name.toLowerCase());
    if (first === undefined) {
      spelling.set(name.toLowerCase(), name);
      record[name] = value;
    } else {
      const before = record[first];
      // A value that is not a string is kept as it is, so that the schema reports it.
      record[first] = typeof before === 'string' && typeof value === 'string' ? `${before}, ${value}` : typeof before === 'string' ? value : before;
    }
  }
  return record;
}

// By its tag, not instanceof: a Headers made in another frame is one too.
function isHeaders(value: unknown): value is Headers {
  return Object.prototype.toString.call(value) === '[object Headers]' && typeof (value as Headers).forEach === 'function';
}

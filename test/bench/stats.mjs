// Figures from repeated rounds: the median and the spread (min–max), per round trip and per second.

export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), rounds: values };
}

/** One batch result from a page ({ n, ms, lost, mismatched }) as µs per request and requests per second. */
export function perRequest(result) {
  return { us: (result.ms * 1000) / result.n, rps: result.n / (result.ms / 1000) };
}

/** Rounds of batches of one kind: µs and req/s summaries, and every request accounted for. */
export function batches(results) {
  return {
    n: results[0].n,
    us: summary(results.map((r) => perRequest(r).us)),
    rps: summary(results.map((r) => perRequest(r).rps)),
    lost: results.reduce((sum, r) => sum + r.lost, 0),
    mismatched: results.reduce((sum, r) => sum + r.mismatched, 0),
    errors: [...new Set(results.flatMap((r) => (r.error === undefined ? [] : [r.error])))],
  };
}

/** a/b per round (rounds are paired: run side by side), summarised. */
export function ratio(a, b) {
  return summary(a.us.rounds.map((us, i) => us / b.us.rounds[i]));
}

/** The order of `items` for round `r`: rotated, so no kind always runs first. */
export const rotate = (items, r) => items.map((_, i) => items[(i + r) % items.length]);

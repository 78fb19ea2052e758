// Issues as people read them: `body.items.0: a function is not a JSON value; url: required`.
// Kept apart from the zod schemas so code that ships without zod (a nested widget) can format them too.
import type { BridgeIssue } from './errors.js';

export function formatIssues(issues: BridgeIssue[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

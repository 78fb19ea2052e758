// The request fields a bridge acts on itself, wherever the request then goes: its deadlines, signal, schema and
// hooks. Written without zod, so that a nested-only widget (parentBridge, which sends the rest to its host frame
// as written) checks them by the very rules createBridge's schemas apply (schemas.ts uses these predicates).
import { BridgeError, type BridgeIssue } from './errors.js';
import { didYouMean, formatIssues } from './issues.js';
import { isTimeout, TIMEOUT_RULE } from './limits.js';

export const isSignal = (value: unknown): value is AbortSignal =>
  typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean' && typeof (value as AbortSignal).addEventListener === 'function';

export const isStandardSchema = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as { '~standard'?: { validate?: unknown } })['~standard']?.validate === 'function';

const HOOK_STAGES = ['beforeRequest', 'afterResponse', 'beforeError', 'beforeRetry'];

/**
 * The controls of a request that goes on as written (parentBridge): INVALID_REQUEST naming each bad one. `local`
 * lists the hook stages this client runs; a retry `backoff` cannot cross to the frame that runs the retries.
 */
export function checkControls(input: unknown, local: readonly string[]): { request: Record<string, unknown> } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid([{ path: [], message: 'a request must be an object' }]);
  const request = input as Record<string, unknown>;
  const issues: BridgeIssue[] = [];
  const check = (key: string, ok: (value: unknown) => boolean, message: string) => {
    if (request[key] !== undefined && !ok(request[key])) issues.push({ path: [key], message });
  };
  check('timeout', isTimeout, TIMEOUT_RULE);
  check('attemptTimeout', isTimeout, TIMEOUT_RULE);
  check('signal', isSignal, 'must be an AbortSignal');
  check('schema', isStandardSchema, 'must be a Standard Schema (a zod 4 schema, for example)');
  issues.push(...hookIssues(request.hooks, ['hooks'], local));
  const retry = request.retry as { backoff?: unknown } | undefined;
  if (typeof retry === 'object' && retry !== null && retry.backoff !== undefined) {
    issues.push({ path: ['retry', 'backoff'], message: 'the host frame runs retries: a function cannot cross to it' });
  }
  if (issues.length > 0) throw invalid(issues);
  return { request };
}

/** `hooks`: an object of lists of functions, for the stages this client runs. */
export function hookIssues(hooks: unknown, path: Array<string | number>, local: readonly string[] = HOOK_STAGES): BridgeIssue[] {
  if (hooks === undefined) return [];
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) return [{ path, message: 'must be an object of hook lists' }];
  const issues: BridgeIssue[] = [];
  for (const [stage, list] of Object.entries(hooks)) {
    if (!HOOK_STAGES.includes(stage)) {
      issues.push({ path: [...path, stage], message: `unknown field "${stage}"${didYouMean(stage, HOOK_STAGES)}` });
    } else if (!local.includes(stage)) {
      issues.push({ path: [...path, stage], message: `${stage} runs where the retries run: in the host frame` });
    } else if (list !== undefined && (!Array.isArray(list) || list.some((hook) => typeof hook !== 'function'))) {
      issues.push({ path: [...path, stage], message: 'must be a list of functions' });
    }
  }
  return issues;
}

function invalid(issues: BridgeIssue[]): BridgeError {
  return new BridgeError('INVALID_REQUEST', formatIssues(issues), { issues });
}

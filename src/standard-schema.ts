// The Standard Schema interface (https://standardschema.dev), copied as its authors recommend so that
// users need no extra package. zod 4, valibot and arktype schemas all implement it. And the one place an
// answer is checked with a widget's schema: createBridge and the thin iframe client share it (no zod here).
import { BridgeError, describeThrown } from './errors.js';
import { formatIssues } from './issues.js';

/** `data` parsed by `schema`: its output, or INVALID_RESPONSE with `issues` (a schema that throws is one too). */
export async function parseWithSchema(schema: StandardSchemaV1, data: unknown): Promise<unknown> {
  let checked: StandardSchemaV1.Result<unknown>;
  try {
    checked = await schema['~standard'].validate(data);
  } catch (cause) {
    throw new BridgeError('INVALID_RESPONSE', `the schema threw: ${describeThrown(cause)}`, { data, cause });
  }
  if (!checked.issues) return checked.value;
  const issues = checked.issues.map((issue) => ({
    path: (issue.path ?? []).map((part) => (typeof part === 'object' ? part.key : part)).filter((key): key is string | number => typeof key !== 'symbol'),
    message: issue.message,
  }));
  throw new BridgeError('INVALID_RESPONSE', `data failed the schema: ${formatIssues(issues)}`, { data, issues });
}

export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

export declare namespace StandardSchemaV1 {
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  export interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  export interface PathSegment {
    readonly key: PropertyKey;
  }
  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
}

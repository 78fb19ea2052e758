// A mistake in how the tool was called: the CLI prints its message, and the hint for its flags, as one line.
export class DevError extends Error {
  override readonly name = 'DevError';
  constructor(
    message: string,
    /** What to do, in the CLI's terms (`pick another with --port N`). */
    readonly hint?: string,
  ) {
    super(message);
  }
}

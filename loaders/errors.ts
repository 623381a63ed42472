/**
 * An error meant for the person running the tool: a message in Chinese and in English that names the file
 * (and where known the row and field) and says what to fix. The CLI prints it without a stack trace.
 */
export class BilingualError extends Error {
  readonly zh: string;
  readonly en: string;
  constructor(zh: string, en: string) {
    super(`${zh}\n${en}`);
    this.name = "BilingualError";
    this.zh = zh;
    this.en = en;
  }
}

/** Whether an error is one the user can act on (as opposed to a bug). */
export function isBilingualError(error: unknown): error is BilingualError {
  return error instanceof BilingualError;
}

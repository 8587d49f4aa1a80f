// Errors the CLI turns into one `error: …` line and an exit code (0 ok, 1 failure, 2 usage, 4 auth: README, "Using it").
export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 4, interrupted: 130 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
};

/** Node's file error in words: "no such file or directory" rather than "ENOENT: …, open '…'". */
export function fileErrorReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code && FILE_ERRORS[code]) ?? message;
}
export const authError = (message: string) => new CliError(message, EXIT.auth);

/** Inquirer's Ctrl-C (ExitPromptError) and friends, recognised without loading inquirer. */
export function isPromptInterrupt(error: unknown): boolean {
  return error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError");
}

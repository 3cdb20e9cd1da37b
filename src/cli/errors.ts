/** Exit codes of the `atmos-ai` command line (a contract: see README). */
export const ExitCode = { ok: 0, userError: 1, usage: 2 } as const;

/** A problem with the user's input or repository; printed as `file:line:col: message` when located. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly location?: { file: string; line?: number; col?: number },
  ) {
    super(message);
    this.name = 'UserError';
  }

  format(): string {
    if (!this.location) return this.message;
    const { file, line, col } = this.location;
    return `${[file, line, col].filter((p) => p !== undefined).join(':')}: ${this.message}`;
  }
}

/** Bad usage, or a command whose feature has not landed: exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function notImplemented(command: string): never {
  throw new UsageError(`'${command}' is not implemented yet`);
}

import { CommanderError } from 'commander';
import { ExitCode, UsageError, UserError } from './errors';
import { buildProgram, cliVersion } from './program';

async function main(argv: string[]): Promise<number> {
  const program = buildProgram(cliVersion);
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and --version end through exitOverride with exit code 0
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`atmos-ai: ${err.message}\n`);
      return ExitCode.usage;
    }
    if (err instanceof UserError) {
      process.stderr.write(`${err.format()}\n`);
      return ExitCode.userError;
    }
    process.stderr.write(`atmos-ai: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return ExitCode.userError;
  }
}

main(process.argv).then((code) => {
  // a command may have set its own exit code (e.g. `ask` after a provider error); an error here wins
  if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
});

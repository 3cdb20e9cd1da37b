import type { Command } from 'commander';
import { openEngineForCli } from '../../atmos/cliSession';
import { formatDiagnostic } from '../../atmos/diagnostics';
import { validateStacks } from '../../atmos/validate';
import { UserError } from '../errors';
import { globalsOf, parseFormat, runAtmos } from './describe';

export function registerValidate(program: Command): void {
  const validate = program.command('validate').description('validate stack manifests');
  validate
    .command('stacks')
    .description('check every stack manifest against the Atmos schema and semantic rules')
    .option('-f, --format <format>', 'text or json')
    .option('--schemas-atmos-manifest <path>', 'the Atmos manifest JSON Schema to validate against')
    .action((opts: { format?: string; schemasAtmosManifest?: string }, command: Command) =>
      runAtmos(() => {
        const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
        const engine = openEngineForCli(globalsOf(command));
        const diagnostics = validateStacks(engine, { schemaPath: opts.schemasAtmosManifest });
        const errors = diagnostics.filter((d) => d.severity === 'error');
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify({ valid: errors.length === 0, diagnostics }, null, 2)}\n`);
        } else {
          for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        }
        if (errors.length > 0) throw new UserError(`${errors.length} error(s) in stack manifests`);
        if (format === 'text') process.stderr.write('✓ All stacks validated successfully\n');
      }),
    );
}

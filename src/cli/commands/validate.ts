import type { Command } from 'commander';
import { notImplemented } from '../errors';

export function registerValidate(program: Command): void {
  const validate = program.command('validate').description('validate stack manifests');
  validate
    .command('stacks')
    .description('check every stack manifest against the Atmos schema and semantic rules')
    .option('--format <format>', 'text or json', 'text')
    .action(() => notImplemented('validate stacks'));
}

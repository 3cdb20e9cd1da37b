import type { Command } from 'commander';
import { notImplemented } from '../errors';

export function registerWhere(program: Command): void {
  program
    .command('where <component> <path>')
    .description('the value at a dotted path, and every file:line that set or overrode it, winner first')
    .requiredOption('-s, --stack <stack>', 'the stack')
    .option('--format <format>', 'text or json', 'text')
    .action(() => notImplemented('where'));
}

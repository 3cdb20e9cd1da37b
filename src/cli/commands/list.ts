import type { Command } from 'commander';
import { notImplemented } from '../errors';

export function registerList(program: Command): void {
  const list = program.command('list').description('list stacks or components');
  list
    .command('stacks')
    .description('every stack name')
    .option('--component <component>', 'only stacks that have this component')
    .option('--format <format>', 'text or json', 'text')
    .action(() => notImplemented('list stacks'));
  list
    .command('components')
    .description('every component, or those of one stack')
    .option('-s, --stack <stack>', 'only this stack')
    .option('--format <format>', 'text or json', 'text')
    .action(() => notImplemented('list components'));
}

import type { Command } from 'commander';
import { openEngineForCli } from '../../atmos/cliSession';
import { UsageError } from '../errors';
import { globalsOf, parseFormat, runAtmos } from './describe';

export function registerList(program: Command): void {
  const list = program.command('list').description('list stacks or components');
  list
    .command('stacks')
    .description('every stack name')
    .option('-c, --component <component>', 'only stacks that have this component')
    .option('-f, --format <format>', 'text or json')
    .action((opts: { component?: string; format?: string }, command: Command) =>
      runAtmos(() => {
        const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
        const engine = openEngineForCli(globalsOf(command));
        const stacks = engine.listStacks(opts.component);
        process.stdout.write(format === 'json' ? `${JSON.stringify(stacks, null, 2)}\n` : stacks.map((s) => `${s}\n`).join(''));
      }),
    );
  list
    .command('components')
    .description('every component (abstract ones omitted), or those of one stack')
    .option('-s, --stack <stack>', 'only this stack')
    .option('-f, --format <format>', 'text or json')
    .action((opts: { stack?: string; format?: string }, command: Command) =>
      runAtmos(() => {
        const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
        const engine = openEngineForCli(globalsOf(command));
        const items = engine.listComponents(opts.stack).filter((c) => !c.abstract);
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(items.map((c) => ({ component: c.component, type: c.type, stacks: c.stacks })), null, 2)}\n`);
          return;
        }
        // non-TTY atmos prints tab-separated columns: name, type, number of stacks
        process.stdout.write(items.map((c) => `${c.component}\t${c.type}\t${c.stacks.length}\n`).join(''));
      }),
    );
  list
    .command('instances')
    .description('component × stack pairs (not supported yet)')
    .allowUnknownOption()
    .option('-f, --format <format>', 'csv, json, table')
    .option('--columns <columns...>', 'columns')
    .action(() => {
      throw new UsageError('list instances is not supported yet by atmos-ai; run the atmos CLI for this');
    });
}

import type { Command } from 'commander';
import { openEngineForCli } from '../../atmos/cliSession';
import { renderTemplate } from '../../atmos/templating';
import { UserError } from '../errors';
import { assertAllStacksResolve, globalsOf, parseFormat, runAtmos } from './describe';

/** `--columns Name=Template` specs (Atmos parseColumnsFlag); default Component and Stack. */
function parseColumns(specs: string[] | undefined): Array<{ name: string; template: string }> {
  if (!specs || specs.length === 0) return [{ name: 'Component', template: '{{ .component }}' }, { name: 'Stack', template: '{{ .stack }}' }];
  return specs.map((spec, i) => {
    const eq = spec.indexOf('=');
    if (eq < 0) throw new UserError(`invalid config: column spec ${i + 1} must be in format 'Name=Template', got: ${JSON.stringify(spec)}`);
    const name = spec.slice(0, eq).trim();
    const template = spec.slice(eq + 1).trim();
    if (!name) throw new UserError(`invalid config: column spec ${i + 1} has empty name`);
    if (!template) throw new UserError(`invalid config: column spec ${i + 1} has empty template`);
    return { name, template };
  });
}

function csvCell(v: string, sep: string): string {
  return v.includes(sep) || v.includes('"') || v.includes('\n') ? `"${v.replace(/"/g, '""')}"` : v;
}

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
        assertAllStacksResolve(engine);
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
        if (engine.stacksFolderProblem()) throw new UserError(`atmos stacks directory not found at: ${engine.config.stacksBasePath}`);
        assertAllStacksResolve(engine);
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
    .description('every deployable component × stack pair (abstract components omitted)')
    .option('-f, --format <format>', 'csv, tsv or json')
    .option('-s, --stack <stack>', 'only this stack')
    .option('--columns <columns...>', "columns as 'Name=Go template' (default Component, Stack)")
    .action((opts: { format?: string; stack?: string; columns?: string[] }, command: Command) =>
      runAtmos(() => {
        const format = parseFormat(opts.format, ['csv', 'tsv', 'json'] as const, 'csv');
        const columns = parseColumns(opts.columns);
        const engine = openEngineForCli(globalsOf(command));
        assertAllStacksResolve(engine);
        const stacks = engine.describeStacksSync({ stack: opts.stack, processFunctions: false });
        const rows: string[][] = [];
        for (const [stack, st] of Object.entries(stacks)) {
          const byType = (st as { components?: Record<string, Record<string, Record<string, unknown>>> }).components ?? {};
          for (const [type, byName] of Object.entries(byType)) {
            for (const [component, section] of Object.entries(byName)) {
              if ((section.metadata as { type?: string } | undefined)?.type === 'abstract') continue;
              const data = { ...section, component, stack, component_type: type, type };
              rows.push(columns.map((c) => {
                const r = renderTemplate(c.template, data, { file: `column ${c.name}`, missingKey: 'default' });
                if (!r.ok) throw new UserError(`column ${c.name}: ${r.error.message}`);
                return r.text;
              }));
            }
          }
        }
        rows.sort((a, b) => a.join('\0').localeCompare(b.join('\0')));
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, r[i]]))), null, 2)}\n`);
          return;
        }
        const sep = format === 'tsv' ? '\t' : ',';
        const lines = [columns.map((c) => csvCell(c.name, sep)), ...rows.map((r) => r.map((v) => csvCell(v, sep)))];
        process.stdout.write(lines.map((l) => l.join(sep)).join('\n') + '\n');
      }),
    );
}

import type { Command } from 'commander';
import { openEngineForCli, type CliGlobals } from '../../atmos/cliSession';
import { isAtmosError, type AtmosError, type AtmosDiagnostic, formatDiagnostic } from '../../atmos/diagnostics';
import { simpleQuery } from '../../atmos/include';
import { renderProvenanceYaml, schemaFilter, toJson, toYaml, withGoJsonZeroFields, withGoYamlZeroFields } from '../../atmos/output';
import { UsageError, UserError } from '../errors';
import { loadHclParser } from '../../atmos/terraform/hclParser';
import { withGoYamlTerraformConfig } from '../../atmos/terraform/terraformConfig';

// ---- helpers shared by the atmos-facing commands (describe, list, validate, where) ----

/** Global options (`-C`, `--config`, `--base-path`) as the engine wants them. */
export function globalsOf(command: Command): CliGlobals {
  const o = command.optsWithGlobals() as { chdir?: string; config?: string; basePath?: string };
  return { chdir: o.chdir, config: o.config, basePath: o.basePath };
}

/** Engine errors become located user errors (exit 1); other failures pass through. */
export function toCliError(err: unknown): Error {
  if (isAtmosError(err)) {
    const e = err as AtmosError;
    const hints = e.hints.map((h) => `\n💡 ${h}`).join('');
    return new UserError(`${e.message}${hints}`, e.origin ? { file: e.origin.file, line: e.origin.line, col: e.origin.col } : undefined);
  }
  return err instanceof Error ? err : new Error(String(err));
}

export async function runAtmos(fn: () => void | Promise<void>): Promise<void> {
  try {
    await loadHclParser().catch(() => undefined); // the sync engine reads HCL (terraform_config, !include of .tfvars)
    await fn();
  } catch (err) {
    throw toCliError(err);
  }
}

/** Flags the corpus uses that we accept but cannot honour yet: fail clearly (exit 2), never silently. */
export function rejectUnsupported(opts: Record<string, unknown>, names: Array<[string, string]>): void {
  for (const [key, flag] of names) {
    if (opts[key] !== undefined && opts[key] !== false) throw new UsageError(`${flag} is not supported yet by atmos-ai; run the atmos CLI for this`);
  }
}

export function parseBool(v: unknown, flag: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === true || v === 'true' || v === '1') return true;
  if (v === false || v === 'false' || v === '0') return false;
  throw new UsageError(`${flag} expects true or false`);
}

export function parseFormat<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if ((allowed as readonly string[]).includes(String(v))) return v as T;
  throw new UsageError(`--format must be one of ${allowed.join(', ')}`);
}

export function csv(v: unknown): string[] | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export function errorsOf(diagnostics: AtmosDiagnostic[]): AtmosDiagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** Prints located errors to stderr and fails with exit 1. */
export function failWithDiagnostics(errors: AtmosDiagnostic[]): never {
  const [first, ...rest] = errors;
  for (const d of rest) process.stderr.write(`${formatDiagnostic(d)}\n`);
  throw new UserError(first.message, first.file ? { file: first.file, line: first.line, col: first.col } : undefined);
}

/** Atmos fails commands over all stacks when any stack does not resolve; so do we (the engine API does not). */
export function assertAllStacksResolve(engine: { diagnostics(): AtmosDiagnostic[]; stackEntries(): Array<{ nameErrors: string[] }> }): void {
  const errors = errorsOf(engine.diagnostics());
  if (errors.length > 0) failWithDiagnostics(errors);
  const nameError = engine.stackEntries().flatMap((s) => s.nameErrors)[0];
  if (nameError) throw new UserError(nameError);
}

// ---- describe ----

interface DescribeComponentOpts {
  stack: string;
  format?: string;
  provenance?: boolean;
  sections?: string;
  query?: string;
  processTemplates?: string;
  processFunctions?: string;
  skip?: string[];
  file?: string;
}

const processingOptions = (c: Command): Command =>
  c
    .option('--process-templates <bool>', 'render Go templates in manifests (default true)')
    .option('--process-functions <bool>', 'evaluate YAML functions (default true)')
    .option('--skip <tag...>', 'YAML functions to leave unevaluated, e.g. !terraform.output')
    .option('-q, --query <expression>', 'yq expression (not supported yet)')
    .option('--file <path>', 'write the output to a file (not supported yet)')
    .option('--pager <pager>', 'accepted for atmos compatibility; output is never paged')
    .option('--identity <identity>', 'accepted for atmos compatibility; auth identities are not used by describe');

export function registerDescribe(program: Command): void {
  const describe = program.command('describe').description('show the resolved configuration of components, stacks or atmos.yaml');
  processingOptions(
    describe
      .command('component <component>')
      .description('the fully merged configuration of a component in a stack')
      .requiredOption('-s, --stack <stack>', 'the stack')
      .option('-f, --format <format>', 'yaml or json')
      .option('--provenance', 'annotate every value with the file:line that set it')
      .option('--sections <sections>', 'comma-separated sections to print'),
  ).action((componentArg: string, opts: DescribeComponentOpts, command: Command) =>
    runAtmos(() => {
      rejectUnsupported(opts as unknown as Record<string, unknown>, [['file', '--file']]);
      const format = parseFormat(opts.format, ['yaml', 'json'] as const, 'yaml');
      const engine = openEngineForCli(globalsOf(command));
      const folder = engine.stacksFolderProblem();
      if (folder) throw new UserError(folder);
      let component = componentArg;
      if (componentArg === '.' || componentArg.startsWith('./') || componentArg.startsWith('../') || componentArg.startsWith('/')) {
        const r = engine.componentFromPath(componentArg, opts.stack);
        if (!r.ok) throw new UsageError(`Error: ${r.message}${r.hints.map((h) => `\n💡 ${h}`).join('')}`);
        component = r.component;
      }
      const d = engine.describeComponentSync(component, opts.stack, {
        processTemplates: parseBool(opts.processTemplates, '--process-templates'),
        processFunctions: parseBool(opts.processFunctions, '--process-functions'),
        skip: opts.skip,
      });
      if (opts.query !== undefined) {
        // --query runs on the full (unfiltered) section; only plain yq paths (.a.b, .l[0]) are native so far
        const q = simpleQuery(d.section, opts.query);
        if (!q.ok) throw new UsageError(`--query '${opts.query}' is not supported yet by atmos-ai (only paths like .vars.name); run the atmos CLI for this`);
        process.stdout.write(format === 'json' ? toJson(q.value) : toYaml(q.value));
        return;
      }
      const sections = csv(opts.sections);
      let data: Record<string, unknown> = engine.config.describeFilter === 'full' ? d.section : schemaFilter(d.section);
      if (sections) data = Object.fromEntries(sections.filter((s) => s in d.section).map((s) => [s, d.section[s]]));
      for (const u of d.unresolved) process.stderr.write(`atmos-ai: unresolved ${u.path ? `${u.path}: ` : ''}${u.expression} (${u.reason})\n`);
      const provenance = opts.provenance === true || (format === 'yaml' && engine.config.describeProvenance);
      if (provenance && format === 'yaml') {
        process.stdout.write(renderProvenanceYaml({ section: d.section, stackFile: d.stackFile, stacksBasePath: engine.config.stacksBasePath, depth: d.depth, manifestKeys: d.manifestKeys }));
        return;
      }
      if ('atmos_cli_config' in data) data = { ...data, atmos_cli_config: format === 'json' ? withGoJsonZeroFields(data.atmos_cli_config) : withGoYamlZeroFields(data.atmos_cli_config) };
      // Atmos prints terraform-config-inspect's structs with yaml.v3's field names in YAML (JSON tags in JSON)
      if (format === 'yaml') data = withGoYamlTerraformConfig(data);
      process.stdout.write(format === 'json' ? toJson(data) : toYaml(data));
    }),
  );
  processingOptions(
    describe
      .command('stacks')
      .description('every stack with its components')
      .option('-s, --stack <stack>', 'only this stack')
      .option('--components <components>', 'comma-separated components')
      .option('--component-types <types>', 'comma-separated component types (terraform,helmfile,packer)')
      .option('--sections <sections>', 'comma-separated sections to print')
      .option('--include-empty-stacks', 'also print stacks without components')
      .option('-f, --format <format>', 'yaml or json'),
  ).action((opts: DescribeComponentOpts & { components?: string; componentTypes?: string; stack?: string }, command: Command) =>
    runAtmos(() => {
      rejectUnsupported(opts as unknown as Record<string, unknown>, [['query', '--query'], ['file', '--file']]);
      const format = parseFormat(opts.format, ['yaml', 'json'] as const, 'yaml');
      const engine = openEngineForCli(globalsOf(command));
      const folder = engine.stacksFolderProblem();
      if (folder) throw new UserError(folder);
      if (!engine.config.nameTemplate && !engine.config.namePattern) {
        throw new UserError("'stacks.name_template' (or the deprecated 'stacks.name_pattern') needs to be specified in 'atmos.yaml' to describe stacks");
      }
      assertAllStacksResolve(engine);
      const out = engine.describeStacksSync({
        stack: opts.stack,
        components: csv(opts.components),
        componentTypes: csv(opts.componentTypes),
        sections: csv(opts.sections),
        processTemplates: parseBool(opts.processTemplates, '--process-templates'),
        processFunctions: parseBool(opts.processFunctions, '--process-functions'),
        skip: opts.skip,
      });
      if (opts.stack && Object.keys(out).length === 0 && !engine.listStacks().includes(opts.stack) && !engine.stackEntries().some((s) => s.stackFile === opts.stack)) {
        throw new UserError(`invalid stack\n\nStack ${opts.stack} not found.`);
      }
      process.stdout.write(format === 'json' ? toJson(out) : toYaml(out));
    }),
  );
  describe
    .command('config')
    .description('the resolved atmos.yaml')
    .option('-f, --format <format>', 'yaml or json')
    .option('-q, --query <expression>', 'yq expression (not supported yet)')
    .option('--pager <pager>', 'accepted for atmos compatibility; output is never paged')
    .action((opts: { format?: string; query?: string }, command: Command) =>
      runAtmos(() => {
        rejectUnsupported(opts, [['query', '--query']]);
        const format = parseFormat(opts.format, ['yaml', 'json'] as const, 'json');
        const engine = openEngineForCli(globalsOf(command));
        const raw = { ...engine.config.raw };
        process.stdout.write(format === 'json' ? toJson(raw) : toYaml(raw));
      }),
    );
}

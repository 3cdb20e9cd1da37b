/**
 * The Atmos tools the model calls. They run on the native engine in-process (no subprocess), return JSON
 * text, and carry the equivalent `atmos` command so users can check every answer themselves.
 */
import * as path from 'node:path';
import type { AtmosEngine } from '../../atmos/engine';
import { isAtmosError, type AtmosDiagnostic } from '../../atmos/diagnostics';
import { sortedPlain } from '../../atmos/output';
import { validateStacks } from '../../atmos/validate';
import type { ToolOutput, ToolSpec } from '../toolSpec';

const str = (description: string) => ({ type: 'string', minLength: 1, description });
const list = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, description });
const componentAndStack = { component: str('component name, e.g. vpc'), stack: str('stack name, e.g. plat-ue2-prod') };

function json(value: unknown): ToolOutput {
  return { content: JSON.stringify(sortedPlain(value), null, 2) };
}

/** Engine errors become tool errors the model can act on (with hints such as "Did you mean …?"). */
async function guarded(run: () => ToolOutput | Promise<ToolOutput>): Promise<ToolOutput> {
  try {
    return await run();
  } catch (err) {
    if (isAtmosError(err)) return { content: [err.message, ...err.hints].join('\n'), isError: true };
    throw err;
  }
}

export function atmosTools(getEngine: () => Promise<AtmosEngine>): ToolSpec[] {
  const withEngine = (fn: (engine: AtmosEngine, a: Record<string, unknown>) => ToolOutput | Promise<ToolOutput>) => async (a: Record<string, unknown>) => {
    const engine = await getEngine();
    return guarded(() => fn(engine, a));
  };
  const rel = (engine: AtmosEngine, file: string) => path.relative(engine.config.basePath, file).split(path.sep).join('/') || file;
  const located = (engine: AtmosEngine, d: AtmosDiagnostic) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.file ? { location: [rel(engine, d.file), d.line, d.col].filter((p) => p !== undefined).join(':') } : {}),
  });

  return [
    {
      name: 'atmos_describe_component',
      description: 'The fully resolved configuration of a component in a stack (imports, inheritance and overrides applied). Use `sections` to keep the answer small.',
      readOnly: true,
      inputSchema: {
        type: 'object',
        properties: { ...componentAndStack, sections: list('sections to return, e.g. ["vars","settings","backend","metadata"]; default all') },
        required: ['component', 'stack'],
        additionalProperties: false,
      },
      atmosCommand: (a) => `atmos describe component ${String(a.component)} -s ${String(a.stack)}`,
      run: withEngine((engine, a) => {
        const d = engine.describeComponentSync(String(a.component), String(a.stack));
        const sections = a.sections as string[] | undefined;
        const picked = sections?.length ? Object.fromEntries(sections.filter((s) => s in d.section).map((s) => [s, d.section[s]])) : d.section;
        return json({ ...picked, ...(d.unresolved.length ? { _unresolved: d.unresolved } : {}) });
      }),
    },
    {
      name: 'atmos_describe_stacks',
      description: 'Resolved stacks with their components. Always filter (stack, components, sections): the full output is large.',
      readOnly: true,
      inputSchema: {
        type: 'object',
        properties: { stack: str('only this stack'), components: list('only these components'), component_types: list('terraform, helmfile, packer'), sections: list('only these sections, e.g. ["vars"]') },
        additionalProperties: false,
      },
      atmosCommand: (a) =>
        ['atmos describe stacks', a.stack && `-s ${String(a.stack)}`, (a.components as string[] | undefined)?.length && `--components ${(a.components as string[]).join(',')}`, (a.sections as string[] | undefined)?.length && `--sections ${(a.sections as string[]).join(',')}`]
          .filter(Boolean)
          .join(' '),
      run: withEngine((engine, a) =>
        json(engine.describeStacksSync({ stack: a.stack as string | undefined, components: a.components as string[] | undefined, componentTypes: a.component_types as string[] | undefined, sections: a.sections as string[] | undefined })),
      ),
    },
    {
      name: 'atmos_list_stacks',
      description: 'Every stack name (optionally only those that have a component).',
      readOnly: true,
      inputSchema: { type: 'object', properties: { component: str('only stacks with this component') }, additionalProperties: false },
      atmosCommand: (a) => `atmos list stacks${a.component ? ` --component ${String(a.component)}` : ''}`,
      run: withEngine((engine, a) => json(engine.listStacks(a.component as string | undefined))),
    },
    {
      name: 'atmos_list_components',
      description: 'Components with their type, whether abstract, and the stacks they are in (optionally for one stack).',
      readOnly: true,
      inputSchema: { type: 'object', properties: { stack: str('only this stack') }, additionalProperties: false },
      atmosCommand: (a) => `atmos list components${a.stack ? ` -s ${String(a.stack)}` : ''}`,
      run: withEngine((engine, a) => json(engine.listComponents(a.stack as string | undefined))),
    },
    {
      name: 'atmos_validate_stacks',
      description: 'Validate every stack manifest: YAML, imports, inheritance, schema and semantic checks. Each problem has file:line:col.',
      readOnly: true,
      inputSchema: { type: 'object', properties: {}, additionalProperties: false },
      atmosCommand: () => 'atmos validate stacks',
      run: withEngine((engine) => {
        const problems = validateStacks(engine).map((d) => located(engine, d));
        const errors = problems.filter((p) => p.severity === 'error').length;
        return json({ valid: errors === 0, errors, warnings: problems.length - errors, problems });
      }),
    },
    {
      name: 'atmos_validate_component',
      description: 'Check that one component resolves in a stack and list the problems of the manifests that feed it.',
      readOnly: true,
      inputSchema: { type: 'object', properties: componentAndStack, required: ['component', 'stack'], additionalProperties: false },
      atmosCommand: (a) => `atmos validate component ${String(a.component)} -s ${String(a.stack)}`,
      run: withEngine((engine, a) => {
        const d = engine.describeComponentSync(String(a.component), String(a.stack));
        const problems = validateStacks(engine)
          .filter((p) => p.file === undefined || d.depth.has(p.file))
          .map((p) => located(engine, p));
        const errors = problems.filter((p) => p.severity === 'error').length;
        return json({ valid: errors === 0 && d.unresolved.length === 0, problems, unresolved: d.unresolved });
      }),
    },
    {
      name: 'atmos_where',
      description: 'Where a value comes from: its resolved value at a dotted path (e.g. vars.cidr_block) and every file:line that set or overrode it, winner first.',
      readOnly: true,
      inputSchema: { type: 'object', properties: { ...componentAndStack, path: str('dotted path, e.g. vars.cidr_block or settings.depends_on') }, required: ['component', 'stack', 'path'], additionalProperties: false },
      atmosCommand: (a) => `atmos describe component ${String(a.component)} -s ${String(a.stack)} --provenance`,
      run: withEngine((engine, a) => {
        const w = engine.whereSync(String(a.component), String(a.stack), String(a.path));
        if (!w.found) return { content: `${String(a.path)} is not set for ${String(a.component)} in ${String(a.stack)}`, isError: true };
        return json({
          path: a.path,
          value: w.value,
          set_by: w.origins.map((o, i) => ({ location: `${rel(engine, o.file)}:${o.line}:${o.col}`, role: i === 0 ? 'winner' : 'overridden' })),
          ...(w.unresolved ? { unresolved: w.unresolved } : {}),
        });
      }),
    },
    {
      name: 'atmos_describe_dependents',
      description: 'Component instances that depend on a component in a stack (through settings.depends_on).',
      readOnly: true,
      inputSchema: { type: 'object', properties: componentAndStack, required: ['component', 'stack'], additionalProperties: false },
      atmosCommand: (a) => `atmos describe dependents ${String(a.component)} -s ${String(a.stack)}`,
      run: withEngine(async (engine, a) => {
        engine.describeComponentSync(String(a.component), String(a.stack)); // an unknown component or stack is an error, not an empty list
        return json(await engine.dependents(String(a.component), String(a.stack)));
      }),
    },
    {
      name: 'atmos_describe_affected',
      description: 'Component instances affected by a set of changed files (stack manifests, imported files, component sources, atmos.yaml).',
      readOnly: true,
      inputSchema: { type: 'object', properties: { files: { ...list('changed files, relative to the Atmos root'), minItems: 1 } }, required: ['files'], additionalProperties: false },
      atmosCommand: () => 'atmos describe affected',
      run: withEngine(async (engine, a) => json(await engine.affected(a.files as string[]))),
    },
  ];
}

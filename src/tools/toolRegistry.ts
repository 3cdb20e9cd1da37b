/** The tools known to one workspace, with their argument schemas compiled once. */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ToolDefinition } from '../providers/types';
import type { ToolSpec } from './toolSpec';

export class ToolRegistry {
  private readonly tools = new Map<string, { spec: ToolSpec; validate: ValidateFunction }>();
  private readonly ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });

  constructor(specs: Iterable<ToolSpec> = []) {
    addFormats(this.ajv);
    for (const spec of specs) this.register(spec);
  }

  register(spec: ToolSpec): void {
    if (this.tools.has(spec.name)) throw new Error(`tool ${spec.name} is registered twice`);
    this.tools.set(spec.name, { spec, validate: this.ajv.compile(spec.inputSchema) });
  }

  get(name: string): ToolSpec | undefined {
    return this.tools.get(name)?.spec;
  }

  list(): ToolSpec[] {
    return [...this.tools.values()].map((t) => t.spec);
  }

  /** Definitions for the model, limited to the names `include` accepts. */
  definitions(include: (name: string) => boolean = () => true): ToolDefinition[] {
    return this.list()
      .filter((t) => include(t.name))
      .map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
  }

  /** Checks arguments against the tool's schema; the message names each bad argument for the model to fix. */
  validate(name: string, args: unknown): { ok: true; args: Record<string, unknown> } | { ok: false; message: string } {
    const tool = this.tools.get(name);
    if (!tool) return { ok: false, message: `unknown tool '${name}'` };
    const copy = structuredClone(args ?? {}) as Record<string, unknown>;
    if (tool.validate(copy)) return { ok: true, args: copy };
    const problems = (tool.validate.errors ?? []).map((e) => {
      const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'arguments';
      return e.keyword === 'additionalProperties' ? `${at}: unknown argument '${(e.params as { additionalProperty: string }).additionalProperty}'` : `${at}: ${e.message}`;
    });
    return { ok: false, message: `invalid arguments for ${name}: ${problems.join('; ')}` };
  }
}

/**
 * `!include` of a `.tf` / `.tfvars` / `.hcl` file, as Atmos reads it (pkg/filetype parseHCL): the
 * file's top-level attributes as a map, each value evaluated without variables or functions, then
 * converted as Atmos's ctyToGo does — numbers become integers (truncated), an empty list is null.
 * A block, a reference or a syntax error is a located error, as in Atmos.
 */
import type { HclParser } from './hclParser';
import { parseHcl, type HclRange } from './hclSyntax';

export type HclIncludeResult = { ok: true; value: Record<string, unknown> } | { ok: false; problem: HclRange & { message: string } };

export function hclFileAsValue(parser: HclParser, text: string): HclIncludeResult {
  const parsed = parseHcl(parser, text);
  if (parsed.problems.length > 0) return { ok: false, problem: parsed.problems[0] };
  const block = parsed.body.blocks[0];
  if (block) return { ok: false, problem: { ...block.range, message: `Unexpected "${block.type}" block; blocks are not allowed here` } };
  const value: Record<string, unknown> = {};
  for (const a of parsed.body.attributes) {
    if (!a.value.known) return { ok: false, problem: { ...a.exprRange, message: `${a.name}: ${a.value.reason} (an included HCL file may hold only literal values)` } };
    value[a.name] = asAtmosValue(a.value.value);
  }
  return { ok: true, value };
}

function asAtmosValue(v: unknown): unknown {
  if (typeof v === 'number') return Math.trunc(v);
  if (Array.isArray(v)) return v.length === 0 ? null : v.map(asAtmosValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asAtmosValue(x)]));
  return v;
}

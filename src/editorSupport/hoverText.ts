/** Markdown for hovers: values, and the file:line that set them, as links that open the spot. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Origin } from '../atmos/diagnostics';
import { isYamlFunction } from '../atmos/values';
import type { ValueReport } from './stackValues';

export function formatValue(v: unknown, max = 80): string {
  let s: string;
  if (isYamlFunction(v)) s = `${v.tag} ${v.arg}`;
  else if (typeof v === 'string') s = v;
  else s = JSON.stringify(v) ?? String(v);
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  return '`' + s.replace(/`/g, 'ˋ').replace(/\|/g, '\\|').replace(/\n/g, ' ') + '`';
}

/** `[catalog/vpc/defaults.yaml:18](file:///…#L18,9)` relative to `base`. */
export function originLink(o: Origin, base: string): string {
  const rel = path.relative(base, o.file);
  const label = `${rel.startsWith('..') ? o.file : rel.split(path.sep).join('/')}:${o.line}`;
  return `[${label}](${pathToFileURL(o.file).href}#L${o.line},${o.col})`;
}

export function valueReportMarkdown(title: string, report: ValueReport, file: string, base: string): string {
  const lines = [`**${title}**: resolved in ${report.stackCount} stack${report.stackCount === 1 ? '' : 's'} this file reaches`, ''];
  if (report.rows.length === 0) {
    lines.push('_No stack this file reaches resolves this key (abstract or unused component?)._');
    return lines.join('\n');
  }
  lines.push('| stack | component | value | set by |', '| --- | --- | --- | --- |');
  for (const r of report.rows) {
    const winner = r.origins[0];
    let by: string;
    if (!winner) by = '_computed_';
    else if (r.thisWins) by = '**this file** wins';
    else if (winner.file === file) by = `this file, ${originLink(winner, base)}`;
    else by = `overridden by ${originLink(winner, base)}`;
    lines.push(`| ${r.stack} | ${r.component} | ${formatValue(r.value)} | ${by} |`);
  }
  if (report.truncated) lines.push('', `_…and more stacks (${report.stackCount} in all)._`);
  return lines.join('\n');
}

/** The provenance of one value of a resolved component (hover in the describe document). */
export function provenanceMarkdown(dotted: string, value: unknown, origins: Origin[], base: string): string {
  const lines = [`**${dotted}** = ${formatValue(value)}`, ''];
  if (origins.length === 0) {
    lines.push('_Computed by Atmos (no manifest sets it)._');
    return lines.join('\n');
  }
  lines.push(`Set by ${originLink(origins[0], base)}`);
  if (origins.length > 1) {
    lines.push('', 'Overrides:');
    for (const o of origins.slice(1)) lines.push(`- ${originLink(o, base)}`);
  }
  return lines.join('\n');
}

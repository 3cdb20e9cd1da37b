/** The read-only YAML shown for a resolved component (same keys as `atmos describe component`). */
import { stringify } from 'yaml';
import type { ComponentDescription } from '../atmos/engine';
import { isMap, isYamlFunction } from '../atmos/values';

function plain(v: unknown): unknown {
  if (isYamlFunction(v)) return `${v.tag} ${v.arg}`.trim();
  if (Array.isArray(v)) return v.map(plain);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export function describeText(d: ComponentDescription): string {
  const header = [
    `# atmos describe component ${d.component} -s ${d.stack}`,
    `# Read-only, resolved by Atmos AI from ${d.stackFile}. Hover a key or value to see which file:line set it.`,
  ];
  if (d.unresolved.length > 0) header.push(`# ${d.unresolved.length} value(s) left unresolved (YAML functions or templates evaluated only by the atmos CLI).`);
  return `${header.join('\n')}\n${stringify(plain(d.section), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

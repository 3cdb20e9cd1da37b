/**
 * What a key path in a stack manifest means to Atmos: a value of a component's section, a type-wide or
 * global section value, an import entry, a `metadata.component` folder or a `metadata.inherits` base.
 */
import type { PathSegment } from './yamlPath';

/** Sections whose values a hover explains (the deep-merged ones). */
export const EXPLAINED_SECTIONS = new Set(['vars', 'settings', 'env', 'backend', 'remote_state_backend', 'providers', 'hooks', 'metadata', 'auth']);
/** Component types whose components sit under `components.<type>`. */
export const COMPONENT_TYPES = ['terraform', 'helmfile', 'packer', 'ansible', 'kubernetes', 'helm'];
/** Sections that may also be written globally or per type (they then reach every component). */
const INHERITED_SECTIONS = new Set(['vars', 'settings', 'env', 'backend', 'backend_type', 'remote_state_backend', 'providers', 'hooks']);

export type StackKey =
  /** `components.<type>.<name>.<section>…` */
  | { kind: 'component-value'; type: string; component: string; sectionPath: string[] }
  /** `<type>.<section>…` (e.g. `terraform.vars.x`): every component of that type */
  | { kind: 'type-value'; type: string; sectionPath: string[] }
  /** `<section>…` at the top level (e.g. `vars.stage`): every component */
  | { kind: 'global-value'; sectionPath: string[] }
  /** `components.<type>.<name>` itself */
  | { kind: 'component'; type: string; component: string }
  | { kind: 'import'; index?: number }
  | { kind: 'metadata-component'; type: string; component: string }
  | { kind: 'inherits'; type: string; component: string; index: number }
  | { kind: 'depends-on'; type: string; component: string }
  | { kind: 'other' };

const str = (segs: PathSegment[]): string[] | undefined => (segs.every((s) => typeof s === 'string') ? (segs as string[]) : undefined);

export function classifyStackKey(path: PathSegment[]): StackKey {
  const [a, b, c, d, e, f] = path;
  if (a === 'import') return typeof b === 'number' ? { kind: 'import', index: b } : path.length === 1 ? { kind: 'import' } : { kind: 'other' };
  if (a === 'components' && typeof b === 'string' && COMPONENT_TYPES.includes(b) && typeof c === 'string') {
    if (path.length === 3) return { kind: 'component', type: b, component: c };
    if (d === 'metadata' && e === 'component' && path.length === 5) return { kind: 'metadata-component', type: b, component: c };
    if (d === 'metadata' && e === 'inherits' && typeof f === 'number' && path.length === 6) return { kind: 'inherits', type: b, component: c, index: f };
    if (((d === 'settings' && e === 'depends_on') || (d === 'dependencies' && e === 'components')) && path.length >= 6) return { kind: 'depends-on', type: b, component: c };
    const rest = str(path.slice(3));
    if (rest && typeof d === 'string' && EXPLAINED_SECTIONS.has(d) && rest.length >= 2) return { kind: 'component-value', type: b, component: c, sectionPath: rest };
    return { kind: 'other' };
  }
  if (typeof a === 'string' && COMPONENT_TYPES.includes(a) && typeof b === 'string' && INHERITED_SECTIONS.has(b)) {
    const rest = str(path.slice(1));
    if (rest && rest.length >= 2) return { kind: 'type-value', type: a, sectionPath: rest };
  }
  if (typeof a === 'string' && INHERITED_SECTIONS.has(a)) {
    const rest = str(path);
    if (rest && rest.length >= 2) return { kind: 'global-value', sectionPath: rest };
  }
  return { kind: 'other' };
}

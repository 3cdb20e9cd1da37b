/**
 * Where each component is written in the stack manifests (`components.<type>.<name>`), with what it
 * inherits: definitions for go-to-definition, and the inheritors of an abstract base for hovers.
 * Built from the raw YAML of every manifest under the stacks folder; rebuilt per file on change.
 */
import * as path from 'node:path';
import type { FileSystemPort } from '../atmos/fs';
import { walkFiles } from '../atmos/glob';
import { yamlKeys } from './yamlPath';

export interface ComponentDefinition {
  type: string;
  name: string;
  file: string;
  line: number;
  col: number;
  inherits: string[];
  /** `metadata.component` when written */
  folder?: string;
  /** every name this definition refers to, where it is written */
  refs: ComponentRef[];
}

export interface ComponentRef {
  kind: 'inherits' | 'folder' | 'depends-on';
  name: string;
  line: number;
  col: number;
}

export class ComponentIndex {
  private readonly byFile = new Map<string, ComponentDefinition[]>();

  constructor(
    private readonly fs: FileSystemPort,
    private readonly stacksBasePath: string,
  ) {
    if (fs.stat(stacksBasePath) === 'dir') {
      for (const f of walkFiles(fs, stacksBasePath)) if (/\.ya?ml(\.tmpl)?$/.test(f)) this.update(f);
    }
  }

  /** Re-reads one manifest (or forgets it when it is gone). */
  update(file: string): void {
    if (!file.startsWith(this.stacksBasePath + path.sep)) return;
    const text = this.fs.readFile(file);
    if (text === undefined) {
      this.byFile.delete(file);
      return;
    }
    this.byFile.set(file, definitionsIn(text, file));
  }

  all(): ComponentDefinition[] {
    return [...this.byFile.values()].flat();
  }

  definitions(type: string | undefined, name: string): ComponentDefinition[] {
    return [...this.byFile.values()].flat().filter((d) => d.name === name && (type === undefined || d.type === type));
  }

  /** Definitions that list `base` in their `metadata.inherits`. */
  inheritingDefinitions(type: string, base: string): ComponentDefinition[] {
    return [...this.byFile.values()].flat().filter((d) => d.type === type && d.inherits.includes(base));
  }

  /** Names of every component that inherits `base`, directly or through other bases. */
  inheritorsOf(type: string, base: string): Set<string> {
    const all = [...this.byFile.values()].flat().filter((d) => d.type === type);
    const out = new Set<string>();
    let frontier = [base];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const d of all) {
        if (out.has(d.name) || d.name === base) continue;
        if (d.inherits.some((b) => frontier.includes(b))) {
          out.add(d.name);
          next.push(d.name);
        }
      }
      frontier = next;
    }
    return out;
  }
}

export function definitionsIn(text: string, file: string): ComponentDefinition[] {
  const keys = yamlKeys(text);
  const defs = new Map<string, ComponentDefinition>();
  for (const k of keys) {
    const [a, type, name, d, e, f, g] = k.path;
    if (a !== 'components' || typeof type !== 'string' || typeof name !== 'string') continue;
    const id = `${type}\0${name}`;
    if (k.path.length === 3) defs.set(id, { type, name, file, line: k.line, col: k.col, inherits: [], refs: [] });
    const def = defs.get(id);
    if (!def) continue;
    const at = { line: k.line, col: k.col };
    if (d === 'metadata' && e === 'inherits' && typeof f === 'number' && k.path.length === 6 && k.scalar) {
      def.inherits.push(k.scalar);
      def.refs.push({ kind: 'inherits', name: k.scalar, ...at });
    }
    if (d === 'metadata' && e === 'component' && k.path.length === 5 && k.scalar) {
      def.folder = k.scalar;
      def.refs.push({ kind: 'folder', name: k.scalar, ...at });
    }
    const dependsOn = (d === 'settings' && e === 'depends_on') || (d === 'dependencies' && e === 'components');
    if (dependsOn && g === 'component' && k.path.length === 7 && k.scalar) def.refs.push({ kind: 'depends-on', name: k.scalar, ...at });
  }
  return [...defs.values()];
}

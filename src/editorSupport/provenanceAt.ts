/** The value and origin chain (winner first) at a key path of a resolved section; keys may contain dots. */
import type { Origin } from '../atmos/diagnostics';
import { metaOf } from '../atmos/provenance';
import { isMap } from '../atmos/values';
import type { PathSegment } from './yamlPath';

export interface ValueAt {
  found: boolean;
  value: unknown;
  origins: Origin[];
}

export function valueAt(root: unknown, path: PathSegment[]): ValueAt {
  let parent: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (Array.isArray(parent) && typeof seg === 'number' && seg < parent.length) {
      if (last) return { found: true, value: parent[seg], origins: metaOf(parent)?.items?.[seg] ?? [] };
      parent = parent[seg];
    } else if (isMap(parent) && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(parent, seg)) {
      if (last) return { found: true, value: parent[seg], origins: metaOf(parent)?.keys?.get(seg) ?? [] };
      parent = parent[seg];
    } else return { found: false, value: undefined, origins: [] };
  }
  return { found: true, value: root, origins: [] };
}

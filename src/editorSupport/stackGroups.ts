/**
 * Groups logical stack names for the Stacks tree: `plat-ue2-prod` → plat → ue2 → prod when every name
 * splits into the same number (2–4) of parts on '-', otherwise one flat level.
 */
export interface StackGroup {
  label: string;
  /** the full stack name on leaves */
  stack?: string;
  children: StackGroup[];
}

export function groupStacks(names: string[]): StackGroup[] {
  const sorted = [...new Set(names)].sort();
  const parts = sorted.map((n) => n.split('-'));
  const depth = parts[0]?.length ?? 0;
  const uniform = depth >= 2 && depth <= 4 && parts.every((p) => p.length === depth && p.every((x) => x !== ''));
  if (!uniform) return sorted.map((n) => ({ label: n, stack: n, children: [] }));
  const root: StackGroup[] = [];
  sorted.forEach((name, i) => {
    let level = root;
    parts[i].forEach((part, j) => {
      const leaf = j === depth - 1;
      let node = level.find((g) => g.label === part && !g.stack === !leaf);
      if (!node) {
        node = leaf ? { label: part, stack: name, children: [] } : { label: part, children: [] };
        level.push(node);
      }
      level = node.children;
    });
  });
  return root;
}

import { AtmosError } from './diagnostics';
import { cloneDeep, mergeMaps } from './merge';
import { hasTemplate, renderTemplate } from './templating';
import { isMap, type PlainMap } from './values';

const COMPONENT_SECTION_TYPES = ['terraform', 'helmfile', 'packer', 'ansible', 'kubernetes', 'helm'];

/**
 * File-scoped `locals` (Atmos stack_processor_locals.go): resolved in dependency order, visible only
 * inside their own file through `{{ .locals.x }}`, then removed. Global locals feed type-level
 * (`terraform.locals`) and component-level ones.
 */
export function applyFileLocals(own: PlainMap, file: string, delims: [string, string], warnings: string[]): void {
  const hasAny = isMap(own.locals) || COMPONENT_SECTION_TYPES.some((t) => isMap(own[t]) && isMap((own[t] as PlainMap).locals)) || hasComponentLocals(own);
  if (!hasAny) return;
  const globalLocals = resolveLocals(isMap(own.locals) ? own.locals : {}, {}, file, delims);
  delete own.locals;
  const fileData = (locals: PlainMap): PlainMap => ({ locals, vars: own.vars ?? {}, settings: own.settings ?? {}, env: own.env ?? {} });
  for (const key of Object.keys(own)) {
    if (key === 'components' || COMPONENT_SECTION_TYPES.includes(key)) continue;
    own[key] = renderLocalsRefs(own[key], fileData(globalLocals), file, delims, warnings);
  }
  const typeLocals: Record<string, PlainMap> = {};
  for (const t of COMPONENT_SECTION_TYPES) {
    const sec = own[t];
    let locals = globalLocals;
    if (isMap(sec)) {
      if (isMap(sec.locals)) locals = resolveLocals(sec.locals, globalLocals, file, delims);
      delete sec.locals;
      own[t] = renderLocalsRefs(sec, fileData(locals), file, delims, warnings);
    }
    typeLocals[t] = locals;
  }
  const comps = own.components;
  if (!isMap(comps)) return;
  for (const [t, byName] of Object.entries(comps)) {
    if (!isMap(byName)) continue;
    for (const [name, comp] of Object.entries(byName)) {
      if (!isMap(comp)) continue;
      let locals = typeLocals[t] ?? globalLocals;
      if (isMap(comp.locals)) locals = resolveLocals(comp.locals, locals, file, delims);
      const data = { ...fileData(locals), vars: mergeMaps([own.vars, comp.vars]) };
      const rendered = renderLocalsRefs(comp, data, file, delims, warnings) as PlainMap;
      if (isMap(comp.locals)) rendered.locals = locals;
      byName[name] = rendered;
    }
  }
}

function hasComponentLocals(own: PlainMap): boolean {
  if (!isMap(own.components)) return false;
  return Object.values(own.components).some((byName) => isMap(byName) && Object.values(byName).some((c) => isMap(c) && isMap(c.locals)));
}

function resolveLocals(raw: PlainMap, inherited: PlainMap, file: string, delims: [string, string]): PlainMap {
  let current = mergeMaps([inherited, raw]);
  const pending = new Set(Object.keys(raw));
  // dependency order: a local is rendered once everything it references is settled
  for (let pass = 0; pass <= Object.keys(raw).length + 1 && pending.size > 0; pass++) {
    let progressed = false;
    for (const key of [...pending]) {
      const refs = referencedLocals(raw[key]);
      if (refs.some((r) => pending.has(r) && r !== key)) continue;
      if (refs.includes(key)) throw new AtmosError('locals-cycle', `local '${key}' references itself`, { file });
      current = { ...current, [key]: renderLocalsRefs(cloneDeep(raw[key]), { locals: current }, file, delims, []) };
      pending.delete(key);
      progressed = true;
    }
    if (!progressed) throw new AtmosError('locals-cycle', `circular dependency between locals: ${[...pending].join(', ')}`, { file });
  }
  return current;
}

function referencedLocals(v: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (typeof x === 'string') for (const m of x.matchAll(/\.locals\.([A-Za-z_][\w-]*)/g)) out.push(m[1]);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (isMap(x)) Object.values(x).forEach(walk);
  };
  walk(v);
  return out;
}

function renderLocalsRefs(v: unknown, data: PlainMap, file: string, delims: [string, string], warnings: string[]): unknown {
  if (typeof v === 'string') {
    if (!v.includes('.locals') || !hasTemplate(v, delims)) return v;
    // a value that is exactly one reference to a map or list local takes the structure (Atmos processStructuredTemplateRefs)
    const whole = new RegExp(`^\\s*${escapeRe(delims[0])}-?\\s*\\.locals\\.([\\w.-]+)\\s*-?${escapeRe(delims[1])}\\s*$`).exec(v);
    if (whole) {
      let cur: unknown = (data as { locals?: unknown }).locals;
      for (const seg of whole[1].split('.')) cur = isMap(cur) ? cur[seg] : undefined;
      if (isMap(cur) || Array.isArray(cur)) return cloneDeep(cur);
    }
    const r = renderTemplate(v, data, { file, delims, missingKey: 'default' });
    if (r.ok) return r.text;
    warnings.push(r.error.message);
    return v;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = renderLocalsRefs(v[i], data, file, delims, warnings);
    return v;
  }
  if (isMap(v)) {
    for (const k of Object.keys(v)) v[k] = renderLocalsRefs(v[k], data, file, delims, warnings);
    return v;
  }
  return v;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

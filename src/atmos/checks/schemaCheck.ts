/** `schema`: the Atmos manifest JSON Schema, each violation at the key or value it is about. */
import type { AtmosDiagnostic } from '../diagnostics';
import type { ManifestSchema } from '../validate';
import { isMap } from '../values';
import { at, pathKey, type Span } from './documentFacts';
import type { FactsView } from './workspaceFacts';

export function schemaProblems(view: FactsView, file: string, schema: ManifestSchema): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts || file.endsWith('.tmpl') || !isMap(facts.value)) return [];
  return schema(facts.value).map((v) => {
    const segs = v.pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let span: Span | undefined = v.property !== undefined ? facts.keySpans.get(pathKey([...segs, v.property])) : undefined;
    for (let n = segs.length; !span && n > 0; n--) {
      const p = pathKey(segs.slice(0, n));
      // a one-line value is the best place; a block value is better shown at its key
      const value = n === segs.length ? facts.valueSpans.get(p) : undefined;
      span = value && value.line === value.endLine ? value : facts.keySpans.get(p) ?? value;
    }
    span ??= { line: 1, col: 1, endLine: 1, endCol: 1 };
    const where = v.pointer || '/';
    return at(facts, span, { severity: 'error', code: 'schema', message: `${where} ${v.message}${v.property !== undefined ? `: '${v.property}'` : ''}` });
  });
}

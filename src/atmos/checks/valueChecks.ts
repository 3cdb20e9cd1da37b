/** Checks on single values: `backend-type-invalid` and `yaml-number-version`. */
import type { AtmosDiagnostic } from '../diagnostics';
import { at } from './documentFacts';
import type { FactsView } from './workspaceFacts';

/** The backend types the Atmos manifest schema allows (`definitions.backend_type`). */
export const BACKEND_TYPES = ['local', 's3', 'remote', 'vault', 'static', 'azurerm', 'gcs', 'cloud', 'consul', 'cos', 'http', 'kubernetes', 'oss', 'pg'] as const;
const VALID = new Set<unknown>(BACKEND_TYPES);

export function backendTypeInvalid(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const [left] = view.config.templateDelimiters;
  const out: AtmosDiagnostic[] = [];
  for (const b of facts.backendTypes) {
    if (VALID.has(b.value) || b.value === null || (typeof b.value === 'string' && (b.value === '' || b.value.includes(left)))) continue;
    const key = String(b.path[b.path.length - 1]);
    out.push(at(facts, b.span, { severity: 'error', code: 'backend-type-invalid', message: `'${b.source.trim()}' is not a valid ${key}; expected one of ${BACKEND_TYPES.join(', ')}` }));
  }
  return out;
}

/**
 * Unquoted numbers that YAML reads differently from how they are written: `1.10` becomes 1.1, `1.0`
 * becomes 1, `0755` loses its leading zero. Typical for versions; quote them to keep the text.
 */
export function numberLikeVersions(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [];
  for (const n of facts.numbers) {
    const trailingZero = /^[-+]?\d+\.\d*0$/.test(n.source);
    const leadingZero = /^[-+]?0\d+(\.\d+)?$/.test(n.source);
    if (!trailingZero && !leadingZero) continue;
    const key = n.path[n.path.length - 1];
    const what = typeof key === 'string' ? `'${key}: ${n.source}'` : `'${n.source}'`;
    out.push(at(facts, n.span, { severity: 'warning', code: 'yaml-number-version', message: `${what} is read as the number ${String(n.value)}, not the text ${n.source}; quote it ("${n.source}") to keep it as written` }));
  }
  return out;
}

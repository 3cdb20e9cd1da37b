/**
 * The engine's diagnostics for the editor: every check of this folder, per file (what runs as you type,
 * on the unsaved text through an overlay) and over the whole workspace (the saved state, with the engine's
 * own resolution problems and `validate stacks`' preconditions and deprecations), deduplicated.
 */
import type { AtmosDiagnostic } from '../diagnostics';
import type { AtmosEngine } from '../engine';
import { globMatcher } from '../glob';
import { deprecatedFields, loadManifestSchema, stackPreconditions, type ManifestSchema } from '../validate';
import { isMap } from '../values';
import { abstractDeployed, abstractUnused, componentFolderMissing, dependsOnMissing, duplicateDefinitions } from './componentChecks';
import { duplicateStackComponents } from './stackDuplicates';
import { importCycles, importNotFound } from './importChecks';
import { inheritsCycles, inheritsUnknown, lazyKnownComponents, type KnownComponents } from './inheritanceChecks';
import { schemaProblems } from './schemaCheck';
import { functionProblems, templateProblems } from './templateChecks';
import { backendTypeInvalid, numberLikeVersions } from './valueChecks';
import { pathKey, type DocumentFacts } from './documentFacts';
import { WorkspaceFacts, type FactsView } from './workspaceFacts';

export interface CheckOptions {
  /** components the engine resolved, as `type\0name` */
  known: KnownComponents;
  schema?: ManifestSchema;
  /** files the schema check skips (atmos.yaml `stacks.excluded_paths`, as `validate stacks` does) */
  schemaExcluded?: (file: string) => boolean;
}

/** What the checks that read only the file itself found, per facts (a file's facts live until it changes). */
const localResults = new WeakMap<DocumentFacts, { schema?: ManifestSchema; found: AtmosDiagnostic[] }>();

/** The checks that read nothing but the file's own text (and the schema). */
function localDiagnostics(view: FactsView, facts: DocumentFacts, opts: CheckOptions): AtmosDiagnostic[] {
  const schema = opts.schema && !opts.schemaExcluded?.(facts.file) ? opts.schema : undefined;
  const hit = localResults.get(facts);
  if (hit && hit.schema === schema) return hit.found;
  const file = facts.file;
  const found = [
    ...duplicateDefinitions(view, file),
    ...backendTypeInvalid(view, file),
    ...numberLikeVersions(view, file),
    ...functionProblems(view, file),
    ...(schema ? schemaProblems(view, file, schema) : []),
    ...(isMap(facts.value) && !file.endsWith('.tmpl') ? deprecatedFields(facts.value, file, (p) => facts.keySpans.get(pathKey(p))) : []),
  ];
  localResults.set(facts, { schema, found });
  return found;
}

/** Every per-file check on `file` as `view` sees it (cross-file lookups included). */
export function documentDiagnostics(view: FactsView, file: string, opts: CheckOptions): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [...facts.syntax];
  if (facts.syntax.some((d) => d.severity === 'error')) return out;
  out.push(
    ...localDiagnostics(view, facts, opts),
    ...importNotFound(view, file),
    ...importCycles(view, file),
    ...inheritsUnknown(view, file, opts.known),
    ...inheritsCycles(view, file),
    ...abstractUnused(view, file),
    ...abstractDeployed(view, file),
    ...dependsOnMissing(view, file, opts.known),
    ...componentFolderMissing(view, file),
    ...templateProblems(view, file, view.contextTargets().has(file)),
  );
  return out;
}

/**
 * Check options from an engine: what it resolved, and the manifest schema of atmos.yaml's `schemas.atmos.manifest`,
 * else `defaultSchemaPath` (the shipped one, as Atmos falls back to its embedded schema).
 */
export function checkOptions(engine: AtmosEngine, defaultSchemaPath?: string, out: AtmosDiagnostic[] = []): CheckOptions {
  const config = engine.config;
  const path = config.manifestSchema || defaultSchemaPath || '';
  return {
    known: lazyKnownComponents(() => engine.listComponents()),
    schema: path ? loadManifestSchema(engine, path, out) : undefined,
    schemaExcluded: globMatcher(config.excludedPaths, config.stacksBasePath),
  };
}

/** Everything wrong in the saved workspace: preconditions, every file's checks, the engine's own problems. */
export function workspaceDiagnostics(engine: AtmosEngine, facts: WorkspaceFacts, opts: CheckOptions): AtmosDiagnostic[] {
  const out = stackPreconditions(engine);
  if (out.some((d) => d.code === 'stacks-folder-missing')) return out;
  for (const f of facts.files()) out.push(...documentDiagnostics(facts, f, opts));
  out.push(...duplicateStackComponents(engine, facts));
  out.push(...withoutUnlocatedRepeats(engine.diagnostics(), out));
  return dedupe(out);
}

/**
 * The engine reports a broken inheritance once per stack that reaches it, without a line; when the checks
 * located the cause (the inherits entry itself), those repeats only add noise at line 1 of every stack.
 */
function withoutUnlocatedRepeats(engineFound: AtmosDiagnostic[], located: AtmosDiagnostic[]): AtmosDiagnostic[] {
  const unknownBases = new Set(located.filter((d) => d.code === 'inherits-unknown').map((d) => /inherits '([^']+)'/.exec(d.message)?.[1]));
  const cycles = located.some((d) => d.code === 'inherits-cycle');
  return engineFound.filter((d) => {
    if (d.line !== undefined) return true;
    if (d.code === 'inherits-unknown') return !unknownBases.has(/inherits from '([^']+)'/.exec(d.message)?.[1]);
    return !(d.code === 'inherits-cycle' && cycles);
  });
}

/** `file` with its unsaved `text`: the per-file checks against the saved workspace, without changing it. */
export function liveDiagnostics(facts: WorkspaceFacts, file: string, text: string, opts: CheckOptions): AtmosDiagnostic[] {
  return overlayDiagnostics(facts, new Map([[file, text]]), [file], opts).get(file)!.live;
}

/** What the per-file checks find in one open file, with every unsaved text in place, and on the saved state. */
export interface OverlayResult {
  /** with the unsaved texts */
  live: AtmosDiagnostic[];
  /** on the saved files (what the last saved-state pass found for the same checks) */
  saved: AtmosDiagnostic[];
}

/**
 * Several unsaved documents at once: each of `files` (the open ones) is checked with every text of `overlay`
 * in place, so an unsaved edit in one file (a renamed base, a removed definition) shows in the others too.
 * `saved` lets a caller swap exactly these checks' results in the saved-state problems of a file that has no
 * unsaved text, keeping the engine's own problems of that file.
 */
export function overlayDiagnostics(facts: WorkspaceFacts, overlay: ReadonlyMap<string, string>, files: string[], opts: CheckOptions): Map<string, OverlayResult> {
  const view = facts.withOverlay(overlay);
  const out = new Map<string, OverlayResult>();
  for (const f of files) {
    out.set(f, {
      live: dedupe(documentDiagnostics(view, f, opts)),
      saved: overlay.has(f) ? [] : dedupe(documentDiagnostics(facts, f, opts)),
    });
  }
  return out;
}

/** The identity of a diagnostic for comparisons: file, position, code and message. */
export function diagnosticKey(d: AtmosDiagnostic): string {
  return `${d.file}\0${d.line}\0${d.col}\0${d.endLine}\0${d.endCol}\0${d.code}\0${d.message}`;
}

/** One diagnostic per file, position and code (the first, most precise, wins). */
export function dedupe(list: AtmosDiagnostic[]): AtmosDiagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = d.line === undefined ? `${d.file}\0${d.code}\0${d.message}` : `${d.file}\0${d.line}\0${d.col}\0${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

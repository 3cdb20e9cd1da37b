import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

/** One case of the conformance corpus (../shared/conformance/cases/<name>/case.yaml). */
export interface CorpusCase {
  name: string;
  fixture: string;
  workdir: string;
  args: string[];
  env?: Record<string, string>;
  expect: {
    exit_code: number;
    format: 'json' | 'yaml' | 'yaml-provenance' | 'text';
    stdout_file?: string;
    stderr_file?: string;
    stdout_patterns?: Array<{ regex: string; negate?: boolean }>;
    stderr_patterns?: Array<{ regex: string; negate?: boolean }>;
    assertions?: Array<{ path: string; equals?: unknown; contains?: unknown; length?: number; absent?: boolean }>;
  };
}

export function loadCases(corpusDir: string): CorpusCase[] {
  const casesDir = path.join(corpusDir, 'cases');
  const index = JSON.parse(readFileSync(path.join(corpusDir, 'index.json'), 'utf8')) as { cases?: Array<{ name: string }> };
  const names = (index.cases ?? []).map((c) => c.name);
  return names.map((n) => parseYaml(readFileSync(path.join(casesDir, n, 'case.yaml'), 'utf8')) as CorpusCase);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js <args>` in the case's workdir with the environment the corpus README prescribes. */
export function runCase(c: CorpusCase, corpusDir: string, cliPath: string): RunResult {
  const cwd = path.join(corpusDir, 'fixtures', c.fixture, c.workdir);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('ATMOS_') || k === 'NO_COLOR' || k === 'PAGER') continue;
    env[k] = v;
  }
  env.HOME = mkdtempSync(path.join(os.tmpdir(), 'atmos-conf-home-'));
  env.ATMOS_TELEMETRY_ENABLED = 'false';
  env.ATMOS_GIT_ROOT_BASEPATH = 'false';
  // The goldens were produced by Atmos's test harness, which pins the terraform binary to OpenTofu
  // (tests/cli_test.go sets ATMOS_COMPONENTS_TERRAFORM_COMMAND=tofu unless a case overrides it).
  env.ATMOS_COMPONENTS_TERRAFORM_COMMAND = 'tofu';
  for (const [k, v] of Object.entries(c.env ?? {})) env[k] = String(v);
  const r = spawnSync(process.execPath, [cliPath, ...c.args.slice(c.args[0] === 'atmos' ? 1 : 0)], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Fields a P0 engine may skip (corpus README): absolute paths, Terraform introspection, version strings. */
function dropSkipped(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropSkipped);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'component_info' && x && typeof x === 'object') {
        const { terraform_config: _t, component_path: _p, ...rest } = x as Record<string, unknown>;
        out[k] = dropSkipped(rest);
        continue;
      }
      if (k === 'append_user_agent') continue;
      out[k] = dropSkipped(x);
    }
    return out;
  }
  return v;
}

/** Deep equality ignoring key order; returns the first differing path or undefined. */
export function firstDifference(a: unknown, b: unknown, p = ''): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${p || '.'}: list length ${a.length} != ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${p}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    for (const k of new Set([...ka, ...kb])) {
      if (!(k in a)) return `${p}.${k}: missing in actual`;
      if (!(k in b)) return `${p}.${k}: unexpected in actual`;
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${p}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b) ? undefined : `${p || '.'}: ${JSON.stringify(a)?.slice(0, 120)} != ${JSON.stringify(b)?.slice(0, 120)}`;
}

function parseAs(format: string, text: string): unknown {
  if (format === 'json') return JSON.parse(text);
  const docs = parseAllDocuments(text, { customTags: [] });
  const doc = Array.isArray(docs) ? docs[0] : docs;
  // custom tags compare as plain strings
  return doc ? doc.toJS({ maxAliasCount: -1 }) : null;
}

function getPath(root: unknown, dotted: string): { found: boolean; value: unknown } {
  let cur = root;
  for (const seg of dotted.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(seg) && Number(seg) < cur.length) cur = cur[Number(seg)];
    else if (cur && typeof cur === 'object' && !Array.isArray(cur) && seg in cur) cur = (cur as Record<string, unknown>)[seg];
    else return { found: false, value: undefined };
  }
  return { found: true, value: cur };
}

/** Compares a run with the case's expectations per the corpus README; returns the problems found. */
export function checkCase(c: CorpusCase, corpusDir: string, r: RunResult): string[] {
  const problems: string[] = [];
  const e = c.expect;
  if (r.code !== e.exit_code) problems.push(`exit code ${r.code}, expected ${e.exit_code}; stderr: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
  const caseDir = path.join(corpusDir, 'cases', c.name);
  if (e.stdout_file && existsSync(path.join(caseDir, e.stdout_file))) {
    const expected = readFileSync(path.join(caseDir, e.stdout_file), 'utf8');
    if (e.format === 'text') {
      const norm = (s: string) => s.split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n+$/, '');
      if (norm(expected) !== norm(r.stdout)) problems.push(`stdout differs: expected ${JSON.stringify(norm(expected).slice(0, 200))}, got ${JSON.stringify(norm(r.stdout).slice(0, 200))}`);
    } else {
      try {
        const d = firstDifference(dropSkipped(parseAs(e.format, r.stdout)), dropSkipped(parseAs(e.format, expected)));
        if (d) problems.push(`stdout differs at ${d}`);
      } catch (err) {
        problems.push(`stdout does not parse as ${e.format}: ${String(err).slice(0, 200)}`);
      }
    }
  }
  for (const [name, patterns, text] of [['stdout', e.stdout_patterns, r.stdout], ['stderr', e.stderr_patterns, r.stderr]] as const) {
    for (const p of patterns ?? []) {
      if (/Telemetry/.test(p.regex)) continue; // the one-time telemetry notice is atmos's, not ours
      const re = new RegExp(p.regex.replace(/\(\?i\)/, ''), /\(\?i\)/.test(p.regex) ? 'i' : '');
      const hit = re.test(text);
      if (hit === Boolean(p.negate)) problems.push(`${name} ${p.negate ? 'matches' : 'does not match'} /${p.regex}/`);
    }
  }
  if (e.assertions && e.assertions.length > 0) {
    let data: unknown;
    try {
      data = JSON.parse(r.stdout);
    } catch {
      problems.push('stdout is not JSON');
      return problems;
    }
    for (const a of e.assertions) {
      const got = getPath(data, a.path);
      if (a.absent) {
        if (got.found) problems.push(`${a.path} should be absent`);
      } else if (!got.found) problems.push(`${a.path} is missing`);
      else if ('equals' in a && firstDifference(got.value, a.equals)) problems.push(`${a.path} = ${JSON.stringify(got.value)}, expected ${JSON.stringify(a.equals)}`);
      else if ('contains' in a && !(Array.isArray(got.value) ? got.value.some((x) => !firstDifference(x, a.contains)) : String(got.value).includes(String(a.contains)))) problems.push(`${a.path} does not contain ${JSON.stringify(a.contains)}`);
      else if (a.length !== undefined && (got.value as unknown[] | undefined)?.length !== a.length) problems.push(`${a.path} length ${(got.value as unknown[] | undefined)?.length}, expected ${a.length}`);
    }
  }
  return problems;
}

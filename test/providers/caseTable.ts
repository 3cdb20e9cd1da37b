/**
 * Runs the shared provider suite for every provider and prints the provider × case table (markdown) that
 * issue notes quote: `npx tsx test/providers/caseTable.ts` (exit 1 when a case failed).
 * Cells: pass, pass¹ (adapted, see the notes under the table), n/a² (why, under the table), FAIL.
 */
import * as path from 'node:path';
import Mocha from 'mocha';
import { CASE_IDS, type CaseId, type CaseTag } from './suite';

const PROVIDERS = ['anthropic', 'openai', 'grok', 'azure', 'gemini', 'ollama', 'bedrock', 'vscode-lm'];
const FILES: Record<string, string> = { 'vscode-lm': 'vscodeLm.test.ts' };

type Cell = { state: 'pass' | 'fail' | 'n/a'; note?: string };

async function main(): Promise<void> {
  const mocha = new Mocha({ timeout: 20_000, reporter: class {} as unknown as string, grep: /shared provider suite/ });
  for (const p of PROVIDERS) mocha.addFile(path.join(__dirname, FILES[p] ?? `${p}.test.ts`));
  await mocha.loadFilesAsync();
  const cells = new Map<string, Cell>();
  const record = (test: Mocha.Test, state: Cell['state']) => {
    const tag = test as unknown as Partial<CaseTag>;
    if (!tag.atmosProvider || !tag.atmosCase) return;
    cells.set(`${tag.atmosProvider}/${tag.atmosCase}`, { state: state === 'pass' && tag.atmosNa ? 'n/a' : state, note: tag.atmosNote });
  };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => record(t, 'pass'));
    runner.on('fail', (t) => record(t as Mocha.Test, 'fail'));
    runner.on('pending', (t) => record(t, 'n/a'));
  });

  const notes: string[] = [];
  const ref = (note: string) => {
    let i = notes.indexOf(note);
    if (i < 0) i = notes.push(note) - 1;
    return `[${i + 1}]`;
  };
  const cell = (p: string, id: CaseId) => {
    const c = cells.get(`${p}/${id}`);
    if (!c) return 'missing';
    if (c.state === 'fail') return 'FAIL';
    if (c.state === 'n/a') return `n/a ${ref(c.note ?? 'not applicable')}`;
    return c.note ? `pass ${ref(c.note)}` : 'pass';
  };
  const lines = [`| provider | ${CASE_IDS.join(' | ')} |`, `|---|${CASE_IDS.map(() => '---').join('|')}|`];
  for (const p of PROVIDERS) lines.push(`| ${p} | ${CASE_IDS.map((id) => cell(p, id)).join(' | ')} |`);
  console.log(lines.join('\n'));
  if (notes.length) console.log(`\n${notes.map((n, i) => `[${i + 1}] ${n}`).join('\n')}`);
  const failed = [...cells.values()].filter((c) => c.state === 'fail').length;
  const missing = PROVIDERS.length * CASE_IDS.length - cells.size;
  const na = [...cells.values()].filter((c) => c.state === 'n/a').length;
  console.log(`\n${PROVIDERS.length * CASE_IDS.length} cells: ${cells.size - failed - na} pass, ${na} n/a, ${failed} failed, ${missing} missing`);
  process.exit(failed || missing ? 1 : 0);
}

void main();

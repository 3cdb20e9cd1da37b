/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line, e.g.
 * `npm run bench -- engine`). Each module exports `run(): Promise<void>` and prints its own figures.
 * Benchmarks print; they never assert on time.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

interface BenchModule {
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  if (files.length === 0) {
    console.log(only.length ? `no benchmark matches ${only.join(', ')}` : 'no benchmarks yet');
    return;
  }
  for (const file of files) {
    console.log(`\n== ${file.replace(/\.bench\.ts$/, '')}`);
    const mod = (await import(path.join(__dirname, file))) as BenchModule;
    await mod.run();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

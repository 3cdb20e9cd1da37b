/**
 * Terraform introspection (src/atmos/terraform): loading the HCL parser (web-tree-sitter WASM) in a fresh
 * process; reading every component folder of examples/acme cold (nothing parsed yet) and warm (unchanged
 * files: a directory listing and a text compare per file); the same on a synthetic 200-folder repository
 * (30 variables and 10 outputs per folder); and `describe component` with `component_info.terraform_config`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AtmosEngine } from '../src/atmos/engine';
import { nodeFileSystem } from '../src/atmos/fs';
import { loadHclParser, type HclParser } from '../src/atmos/terraform/hclParser';
import { clearTerraformCaches, loadTerraformModule } from '../src/atmos/terraform/module';

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

function readAll(parser: HclParser, dirs: string[]): number {
  let vars = 0;
  for (const d of dirs) vars += loadTerraformModule(nodeFileSystem, d, parser)?.variables.size ?? 0;
  return vars;
}

function coldWarm(label: string, parser: HclParser, dirs: string[], rounds: number): void {
  const cold: number[] = [];
  const warm: number[] = [];
  let vars = 0;
  for (let r = 0; r < rounds; r++) {
    clearTerraformCaches();
    let t = performance.now();
    vars = readAll(parser, dirs);
    cold.push(performance.now() - t);
    t = performance.now();
    readAll(parser, dirs);
    warm.push(performance.now() - t);
  }
  console.log(`${label}: ${dirs.length} folders, ${vars} variables — cold p50 ${ms(percentile(cold, 50))} (first ${ms(cold[0])}), warm p50/p95 ${ms(percentile(warm, 50))} / ${ms(percentile(warm, 95))}`);
}

function syntheticRepo(folders: number): { root: string; dirs: string[] } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'atmos-tf-bench-'));
  const dirs: string[] = [];
  for (let f = 0; f < folders; f++) {
    const dir = path.join(root, `c${f}`);
    mkdirSync(dir, { recursive: true });
    const vars = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? `variable "v${i}" {\n  type = map(object({\n    name = string\n    tags = optional(map(string), {})\n  }))\n  description = <<-EOT\n    Variable ${i} of folder ${f}.\n  EOT\n  default = { a = { name = "x", tags = { k = "v" } } }\n}\n`
        : `variable "v${i}" {\n  type        = ${i % 2 ? 'string' : 'list(number)'}\n  description = "Variable ${i}"\n${i % 2 ? '' : '  default     = [1, 2, 3]\n'}}\n`,
    ).join('\n');
    writeFileSync(path.join(dir, 'variables.tf'), vars);
    writeFileSync(path.join(dir, 'outputs.tf'), Array.from({ length: 10 }, (_, i) => `output "o${i}" {\n  description = "Output ${i}"\n  value       = var.v${i}\n}\n`).join('\n'));
    writeFileSync(path.join(dir, 'versions.tf'), 'terraform {\n  required_version = ">= 1.5"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n');
    dirs.push(dir);
  }
  return { root, dirs };
}

export async function run(): Promise<void> {
  // a fresh process: the parser loads once per process, and another benchmark may have loaded it here
  const probe = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', `const t=performance.now();require(${JSON.stringify(path.join(__dirname, '..', 'src/atmos/terraform/hclParser.ts'))}).loadHclParser().then(()=>console.log((performance.now()-t).toFixed(1)))`],
    { encoding: 'utf8', cwd: path.join(__dirname, '..') },
  );
  console.log(`HCL parser load (web-tree-sitter + grammar WASM, fresh process): ${probe.status === 0 ? `${probe.stdout.trim()} ms` : `failed: ${probe.stderr.trim().split('\n')[0]}`}`);

  const parser = await loadHclParser();
  const acme = path.join(__dirname, '..', 'examples', 'acme');
  const base = path.join(acme, 'components', 'terraform');
  const acmeDirs = ['vpc', 'eks/cluster', 'rds', 's3-bucket', 'iam-role'].map((d) => path.join(base, d));
  coldWarm('examples/acme', parser, acmeDirs, 20);

  const synth = syntheticRepo(200);
  try {
    coldWarm('synthetic', parser, synth.dirs, 5);
  } finally {
    rmSync(synth.root, { recursive: true, force: true });
  }

  clearTerraformCaches();
  const engine = await AtmosEngine.open({ cwd: acme });
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await engine.describeComponent('vpc', 'plat-ue2-prod');
    times.push(performance.now() - t);
  }
  console.log(`describe component vpc -s plat-ue2-prod with terraform_config: first ${ms(times[0])}, then p50/p95 ${ms(percentile(times.slice(1), 50))} / ${ms(percentile(times.slice(1), 95))}`);
}

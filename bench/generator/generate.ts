import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Sizes of the synthetic repositories (`large` ≈ 1,000 stacks × 30 components). */
export const PRESETS = {
  small: { tenants: 2, stages: 5, regions: 1, components: 10 },
  medium: { tenants: 4, stages: 5, regions: 5, components: 20 },
  large: { tenants: 10, stages: 10, regions: 10, components: 30 },
} as const;

export type PresetName = keyof typeof PRESETS;

export interface GeneratedRepo {
  root: string;
  stacks: number;
  components: number;
  /** a top-level stack manifest and a `_defaults.yaml` to edit in incremental runs */
  leafFile: string;
  defaultsFile: string;
}

/** mulberry32: a tiny seeded PRNG so every run generates the same repository. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-south-1', 'ap-northeast-1', 'sa-east-1'];
const STAGES = ['dev', 'qa', 'staging', 'uat', 'prod', 'perf', 'sandbox', 'demo', 'audit', 'dr'];

/**
 * Writes a realistic Atmos repository under `root`: orgs/<tenant>/<stage>/<region>.yaml stacks importing
 * tenant and stage `_defaults.yaml`, region mixins and a catalog with an abstract base per component.
 */
export function generateRepo(root: string, preset: PresetName, seed = 42): GeneratedRepo {
  const p = PRESETS[preset];
  const rand = rng(seed);
  const write = (rel: string, text: string): void => {
    const f = path.join(root, rel);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, text);
  };
  write('atmos.yaml', [
    'base_path: "."',
    'components:',
    '  terraform:',
    '    base_path: components/terraform',
    'stacks:',
    '  base_path: stacks',
    '  included_paths: ["orgs/**/*"]',
    '  excluded_paths: ["**/_defaults.yaml"]',
    '  name_pattern: "{tenant}-{environment}-{stage}"',
    '',
  ].join('\n'));
  const components = Array.from({ length: p.components }, (_, i) => `svc${String(i).padStart(2, '0')}`);
  for (const c of components) {
    write(`components/terraform/${c}/main.tf`, 'variable "name" {\n  type = string\n}\n');
    const n = 3 + Math.floor(rand() * 6);
    const vars = Array.from({ length: n }, (_, i) => `        ${c}_opt${i}: ${Math.floor(rand() * 1000)}`).join('\n');
    write(`stacks/catalog/${c}/defaults.yaml`, [
      'components:',
      '  terraform:',
      `    ${c}/defaults:`,
      '      metadata:',
      '        type: abstract',
      `        component: ${c}`,
      '      settings:',
      `        owner: team-${Math.floor(rand() * 8)}`,
      '      vars:',
      '        enabled: true',
      `        name: ${c}`,
      vars,
      '        tags:',
      `          Component: ${c}`,
      `    ${c}:`,
      '      metadata:',
      `        component: ${c}`,
      `        inherits: [${c}/defaults]`,
      '      vars:',
      `        size: ${['small', 'medium', 'large'][Math.floor(rand() * 3)]}`,
      '',
    ].join('\n'));
  }
  const regions = REGIONS.slice(0, p.regions);
  // short environment codes: us-east-1 -> ue1
  const code = (r: string): string => r.split('-').map((part, i) => (i < 2 ? part[0] : part)).join('');
  for (const r of regions) write(`stacks/mixins/region/${r}.yaml`, `vars:\n  region: ${r}\n  environment: ${code(r)}\n`);
  let stacks = 0;
  let leafFile = '';
  let defaultsFile = '';
  for (let t = 0; t < p.tenants; t++) {
    const tenant = `t${t}`;
    write(`stacks/orgs/${tenant}/_defaults.yaml`, `vars:\n  namespace: acme\n  tenant: ${tenant}\nterraform:\n  backend_type: s3\n  backend:\n    s3:\n      bucket: acme-${tenant}-tfstate\n      region: us-east-1\n`);
    for (const stage of STAGES.slice(0, p.stages)) {
      const stageDefaults = `stacks/orgs/${tenant}/${stage}/_defaults.yaml`;
      write(stageDefaults, `import:\n  - orgs/${tenant}/_defaults\nvars:\n  stage: ${stage}\nsettings:\n  alerts: ${stage === 'prod'}\n`);
      if (!defaultsFile) defaultsFile = path.join(root, stageDefaults);
      for (const r of regions) {
        const picked = components.filter(() => rand() < 0.9);
        const overrides = picked.slice(0, 3).map((c) => `    ${c}:\n      vars:\n        size: ${['small', 'large'][Math.floor(rand() * 2)]}`).join('\n');
        const rel = `stacks/orgs/${tenant}/${stage}/${r}.yaml`;
        write(rel, [
          'import:',
          `  - orgs/${tenant}/${stage}/_defaults`,
          `  - mixins/region/${r}`,
          ...picked.map((c) => `  - catalog/${c}/defaults`),
          'components:',
          '  terraform:',
          overrides || '    {}',
          '',
        ].join('\n'));
        if (!leafFile) leafFile = path.join(root, rel);
        stacks++;
      }
    }
  }
  return { root, stacks, components: p.components, leafFile, defaultsFile };
}

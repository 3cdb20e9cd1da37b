import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import { parseAllDocuments, parseDocument } from 'yaml';

/**
 * Checks the example repository examples/acme (the demo, the docs' example and the e2e workspace)
 * on its own terms, and against the real `atmos` CLI when one is installed.
 */

const root = path.resolve(__dirname, '../../examples/acme');
const stacksDir = path.join(root, 'stacks');
const terraformDir = path.join(root, 'components/terraform');
const helmfileDir = path.join(root, 'components/helmfile');

const tenants = ['core', 'plat'];
const stages = ['dev', 'staging', 'prod'];
const regions = [
  { region: 'us-east-2', short: 'ue2' },
  { region: 'us-west-2', short: 'uw2' },
];
const expectedStackFiles = tenants.flatMap((t) =>
  stages.flatMap((s) => regions.map((r) => `orgs/acme/${t}/${s}/${r.region}.yaml`)),
);
const expectedStackNames = tenants
  .flatMap((t) => stages.flatMap((s) => regions.map((r) => `${t}-${r.short}-${s}`)))
  .sort();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

function isObject(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadYaml(file: string): JsonMap {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  assert.equal(doc.errors.length, 0, `${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  const value: unknown = doc.toJS();
  return isObject(value) ? value : {};
}

function allYamlFiles(dir: string): string[] {
  return globSync(['**/*.yaml', '**/*.yml'], { cwd: dir, dot: true, absolute: true }).sort();
}

const manifestFiles = allYamlFiles(stacksDir);
const manifests = new Map(manifestFiles.map((f) => [f, loadYaml(f)] as const));
const atmosConfig = loadYaml(path.join(root, 'atmos.yaml'));

/** `components.<type>.<name>` of every manifest, with the file that declares it. */
function componentDefinitions(): { type: string; name: string; config: JsonMap; file: string }[] {
  const out: { type: string; name: string; config: JsonMap; file: string }[] = [];
  for (const [file, manifest] of manifests) {
    const components = manifest.components;
    if (!isObject(components)) continue;
    for (const [type, byName] of Object.entries(components)) {
      if (!isObject(byName)) continue;
      for (const [name, config] of Object.entries(byName)) {
        out.push({ type, name, config: isObject(config) ? config : {}, file });
      }
    }
  }
  return out;
}

/** Import paths of a manifest: plain strings or `{ path: … }` objects. */
function importsOf(manifest: JsonMap): string[] {
  const list = manifest.import;
  if (list === undefined || list === null) return [];
  assert.ok(Array.isArray(list), '`import` must be a list');
  return list.map((item) => {
    if (typeof item === 'string') return item;
    assert.ok(isObject(item) && typeof item.path === 'string', `bad import entry ${JSON.stringify(item)}`);
    return item.path;
  });
}

const importExtensions = ['.yaml', '.yml', '.yaml.tmpl', '.yml.tmpl'];

/** Files an import resolves to, following Atmos' rules (base-path relative unless ./ or ../, extension search, globs). */
function resolveImport(importPath: string, importingFile: string): string[] {
  const relativeToFile = importPath.startsWith('./') || importPath.startsWith('../');
  const base = relativeToFile ? path.dirname(importingFile) : stacksDir;
  if (/[*?[{]/.test(importPath)) {
    const pattern = path.extname(importPath) ? importPath : `${importPath}.{yaml,yml,yaml.tmpl,yml.tmpl}`;
    return globSync(pattern, { cwd: base, absolute: true });
  }
  const target = path.resolve(base, importPath);
  const candidates = importExtensions.some((ext) => importPath.endsWith(ext))
    ? [target]
    : importExtensions.map((ext) => target + ext);
  return candidates.filter((f) => existsSync(f) && statSync(f).isFile()).slice(0, 1);
}

/** Names declared by `variable "…"` blocks in a Terraform component folder. */
function declaredVariables(folder: string): Set<string> {
  const names = new Set<string>();
  for (const file of globSync('*.tf', { cwd: folder, absolute: true })) {
    for (const match of readFileSync(file, 'utf8').matchAll(/^variable\s+"([^"]+)"/gm)) names.add(match[1]);
  }
  return names;
}

function findAtmos(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'atmos'))) return path.join(dir, 'atmos');
  }
  const gopath = process.env.GOPATH ?? path.join(os.homedir(), 'go');
  for (const candidate of [path.join(gopath, 'bin/atmos'), '/root/go/bin/atmos']) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

describe('examples/acme', () => {
  it('every YAML file parses without errors or warnings', () => {
    const files = allYamlFiles(root);
    assert.ok(files.length >= 40, `expected a realistic repository, found ${files.length} YAML files`);
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
        assert.deepEqual(problems, [], path.relative(root, file));
      }
    }
  });

  it('has the 12 top-level stacks, and only they match included_paths/excluded_paths', () => {
    for (const file of expectedStackFiles) {
      assert.ok(existsSync(path.join(stacksDir, file)), `missing stack manifest ${file}`);
    }
    const stacks = atmosConfig.stacks;
    assert.ok(isObject(stacks));
    const included = stacks.included_paths as string[];
    const excluded = stacks.excluded_paths as string[];
    const isIncluded = picomatch(included.map((p) => (path.extname(p) ? p : `${p}.{yaml,yml}`)));
    const isExcluded = picomatch(excluded);
    const topLevel = manifestFiles
      .map((f) => path.relative(stacksDir, f).split(path.sep).join('/'))
      .filter((f) => isIncluded(f) && !isExcluded(f))
      .sort();
    assert.deepEqual(topLevel, [...expectedStackFiles].sort());
  });

  it('every import resolves to a file', () => {
    let checked = 0;
    for (const [file, manifest] of manifests) {
      for (const importPath of importsOf(manifest)) {
        const resolved = resolveImport(importPath, file);
        assert.ok(resolved.length > 0, `${path.relative(root, file)}: import '${importPath}' resolves to no file`);
        assert.ok(!resolved.includes(file), `${path.relative(root, file)} imports itself`);
        checked++;
      }
    }
    assert.ok(checked >= 40, `only ${checked} imports checked`);
  });

  it('every metadata.component points at an existing component folder', () => {
    const definitions = componentDefinitions().filter((d) => isObject(d.config.metadata) && d.config.metadata.component);
    assert.ok(definitions.length >= 15, `only ${definitions.length} components set metadata.component`);
    for (const { type, name, config, file } of definitions) {
      const folder = (config.metadata as JsonMap).component as string;
      const base = type === 'terraform' ? terraformDir : type === 'helmfile' ? helmfileDir : undefined;
      assert.ok(base, `${path.relative(root, file)}: unexpected component type ${type}`);
      const dir = path.join(base, folder);
      assert.ok(existsSync(dir) && statSync(dir).isDirectory(), `${path.relative(root, file)}: ${type}.${name} → missing ${path.relative(root, dir)}`);
      if (type === 'terraform') {
        for (const tf of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']) {
          assert.ok(existsSync(path.join(dir, tf)), `${path.relative(root, dir)} lacks ${tf}`);
        }
      }
    }
  });

  it('every metadata.inherits entry names a component of the same type', () => {
    const all = componentDefinitions();
    const defined = new Set(all.map((d) => `${d.type}.${d.name}`));
    let edges = 0;
    for (const { type, name, config, file } of all) {
      const inherits = isObject(config.metadata) ? config.metadata.inherits : undefined;
      if (inherits === undefined) continue;
      assert.ok(Array.isArray(inherits), `${path.relative(root, file)}: ${name} metadata.inherits must be a list`);
      for (const base of inherits) {
        assert.ok(defined.has(`${type}.${String(base)}`), `${path.relative(root, file)}: ${name} inherits unknown ${String(base)}`);
        edges++;
      }
    }
    assert.ok(edges >= 8, `only ${edges} inheritance edges`);
  });

  it('every Terraform var set in the manifests is declared by its component', () => {
    // A component's folder is the metadata.component given anywhere for that name, else the name itself.
    const folderOf = new Map<string, string>();
    for (const { type, name, config } of componentDefinitions()) {
      if (type === 'terraform' && isObject(config.metadata) && typeof config.metadata.component === 'string') {
        folderOf.set(name, config.metadata.component);
      }
    }
    const folders = new Set([...folderOf.values()]);
    // Global and terraform-level vars reach every Terraform component.
    for (const [file, manifest] of manifests) {
      const globals = [manifest.vars, isObject(manifest.terraform) ? manifest.terraform.vars : undefined];
      for (const vars of globals) {
        if (!isObject(vars)) continue;
        for (const folder of folders) {
          const declared = declaredVariables(path.join(terraformDir, folder));
          for (const key of Object.keys(vars)) {
            assert.ok(declared.has(key), `${path.relative(root, file)}: global var '${key}' not declared in ${folder}`);
          }
        }
      }
    }
    for (const { type, name, config, file } of componentDefinitions()) {
      if (type !== 'terraform' || !isObject(config.vars)) continue;
      const folder = folderOf.get(name) ?? name;
      const declared = declaredVariables(path.join(terraformDir, folder));
      for (const key of Object.keys(config.vars)) {
        assert.ok(declared.has(key), `${path.relative(root, file)}: ${name}.vars.${key} not declared in components/terraform/${folder}`);
      }
    }
  });

  it('Terraform variables have a type and a description', () => {
    for (const file of globSync('**/variables.tf', { cwd: terraformDir, absolute: true })) {
      const blocks = readFileSync(file, 'utf8').split(/^variable\s+/m).slice(1);
      assert.ok(blocks.length > 0, file);
      for (const block of blocks) {
        const name = block.slice(0, block.indexOf('{')).trim();
        assert.match(block, /\n\s*type\s*=/, `${path.relative(root, file)}: variable ${name} has no type`);
        assert.match(block, /\n\s*description\s*=/, `${path.relative(root, file)}: variable ${name} has no description`);
      }
    }
  });

  it('each _defaults.yaml chain ends at orgs/acme/_defaults', () => {
    for (const tenant of tenants) {
      for (const stage of stages) {
        const chain: string[] = [];
        let current = path.join(stacksDir, `orgs/acme/${tenant}/${stage}/_defaults.yaml`);
        for (;;) {
          chain.push(path.relative(stacksDir, current));
          const next = importsOf(manifests.get(current) ?? {}).find((i) => i.endsWith('/_defaults'));
          if (!next) break;
          current = resolveImport(next, current)[0];
        }
        assert.deepEqual(chain, [
          `orgs/acme/${tenant}/${stage}/_defaults.yaml`,
          `orgs/acme/${tenant}/_defaults.yaml`,
          'orgs/acme/_defaults.yaml',
        ]);
      }
    }
  });

  describe('with the atmos CLI', function () {
    const atmos = findAtmos();
    const env = {
      ...process.env,
      ATMOS_GIT_ROOT_BASEPATH: 'false',
      ATMOS_TELEMETRY_ENABLED: 'false',
      ATMOS_VERSION_CHECK_ENABLED: 'false',
      ATMOS_LOGS_LEVEL: 'Warning',
      NO_COLOR: '1',
    };
    const run = (...args: string[]) =>
      spawnSync(atmos as string, args, { cwd: root, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });

    before(function () {
      if (!atmos) {
        console.log('    (skipped: no `atmos` binary on PATH or in $GOPATH/bin)');
        this.skip();
      }
    });
    this.timeout(180_000);

    it('atmos validate stacks exits 0', () => {
      const result = run('validate', 'stacks');
      assert.equal(result.status, 0, `exit ${result.status}\n${result.stderr}`);
    });

    it('atmos list stacks prints the 12 stack names', () => {
      const result = run('list', 'stacks');
      assert.equal(result.status, 0, result.stderr);
      const names = result.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
      assert.deepEqual(names, expectedStackNames);
    });

    it('atmos describe stacks: vars are declared and VPC CIDRs do not overlap', () => {
      const result = run('describe', 'stacks', '--format', 'json');
      assert.equal(result.status, 0, result.stderr);
      const described = JSON.parse(result.stdout) as Record<string, { components: Record<string, Record<string, JsonMap>> }>;
      assert.deepEqual(Object.keys(described).sort(), expectedStackNames);
      const cidrs = new Map<string, string>();
      for (const [stack, { components }] of Object.entries(described)) {
        for (const [name, section] of Object.entries(components.terraform ?? {})) {
          const metadata = isObject(section.metadata) ? section.metadata : {};
          if (metadata.type === 'abstract') continue;
          const folder = String(section.component);
          const declared = declaredVariables(path.join(terraformDir, folder));
          for (const key of Object.keys(isObject(section.vars) ? section.vars : {})) {
            assert.ok(declared.has(key), `${stack} ${name}: var '${key}' not declared in ${folder}`);
          }
        }
        const vpcVars = components.terraform?.vpc?.vars;
        assert.ok(isObject(vpcVars), `${stack} has no vpc`);
        const cidr = String(vpcVars.ipv4_primary_cidr_block);
        assert.ok(!cidrs.has(cidr), `${stack} and ${cidrs.get(cidr)} share ${cidr}`);
        cidrs.set(cidr, stack);
      }
      assert.equal(cidrs.size, 12);
    });
  });
});


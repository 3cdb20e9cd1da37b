/**
 * Activation and CLI start-up must load no provider SDK: the SDKs live behind `*.lazy.ts` chunks that
 * registry.ts imports on first use. Checked on the real bundle graph (esbuild metafile, with the same
 * lazy-external rule as esbuild.mjs), and the registry is exercised for every provider in a child process.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');
const SDKS = ['@anthropic-ai/sdk', 'openai', '@azure/openai', '@google/genai', 'ollama', '@aws-sdk/client-bedrock-runtime'];

const lazyExternal: esbuild.Plugin = {
  name: 'lazy-external',
  setup(build) {
    build.onResolve({ filter: /\.lazy(\.ts)?$/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      return { path: `./lazy/${path.basename(args.path).replace(/\.ts$/, '').replace(/\.lazy$/, '')}.js`, external: true };
    });
  },
};

async function bundledPackages(entry: string): Promise<{ packages: Set<string>; externals: string[] }> {
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['vscode'],
    define: { __ATMOS_AI_VERSION__: '"0.0.0"' },
    plugins: [lazyExternal],
    absWorkingDir: root,
  });
  const packages = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  const externals = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  return { packages, externals };
}

describe('providers load lazily', function () {
  this.timeout(60_000);

  for (const entry of ['src/extension.ts', 'src/cli/main.ts']) {
    it(`${entry} bundles no provider SDK`, async () => {
      const { packages } = await bundledPackages(entry);
      const loaded = SDKS.filter((sdk) => packages.has(sdk));
      assert.deepEqual(loaded, [], `SDKs in the start-up bundle: ${loaded.join(', ')}`);
    });
  }

  it('the registry reaches the SDKs only through lazy chunks, which do bundle them', async () => {
    const registry = await bundledPackages('src/providers/registry.ts');
    assert.deepEqual(SDKS.filter((sdk) => registry.packages.has(sdk)), []);
    for (const chunk of ['anthropic', 'openai', 'azure', 'gemini', 'ollama', 'bedrock']) {
      assert.ok(registry.externals.includes(`./lazy/${chunk}.js`), `registry loads ./lazy/${chunk}.js`);
    }
    // The check above can fail: the Anthropic chunk itself does contain its SDK.
    assert.ok((await bundledPackages('src/providers/anthropic.lazy.ts')).packages.has('@anthropic-ai/sdk'));
  });

  it('the proxy libraries (undici, https-proxy-agent) are in their own chunk, loaded only when a proxy applies', async () => {
    const PROXY_LIBS = ['undici', 'https-proxy-agent', 'agent-base'];
    for (const entry of ['src/extension.ts', 'src/cli/main.ts', 'src/providers/registry.ts']) {
      const { packages } = await bundledPackages(entry);
      assert.deepEqual(PROXY_LIBS.filter((p) => packages.has(p)), [], `${entry} bundles no proxy library`);
    }
    assert.ok((await bundledPackages('src/providers/registry.ts')).externals.includes('./lazy/proxy.js'), 'registry loads ./lazy/proxy.js');
    const chunk = await bundledPackages('src/providers/proxy.lazy.ts');
    assert.deepEqual(PROXY_LIBS.filter((p) => !chunk.packages.has(p)), [], 'the proxy chunk bundles them');
  });

  it('createProvider() loads each provider module on demand', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/registryProbe.ts')], { cwd: root });
    const out = JSON.parse(stdout) as unknown[][];
    assert.deepEqual(
      out.slice(0, 7).map((r) => [r[0], r[1], r[3]]),
      ['anthropic', 'openai', 'grok', 'azure', 'gemini', 'ollama', 'bedrock'].map((id) => [id, id, 'function']),
    );
    assert.deepEqual(out[7], ['vscode', 'bad_request'], 'outside VS Code the vscode provider is refused with a clear error');
  });
});

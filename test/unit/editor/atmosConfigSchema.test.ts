import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../../..');
const schema = JSON.parse(readFileSync(path.join(root, 'media/schemas/atmos-config.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

function atmosYamls(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) atmosYamls(p, out);
    else if (name === 'atmos.yaml') out.push(p);
  }
  return out;
}

describe('atmos.yaml JSON Schema (media/schemas/atmos-config.json)', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('is contributed for atmos.yaml and atmos.d fragments', () => {
    const entry = (pkg.contributes.yamlValidation as Array<{ fileMatch: string[]; url: string }>).find((e) => e.url === './media/schemas/atmos-config.json');
    assert.ok(entry, 'no yamlValidation entry');
    assert.ok(entry.fileMatch.includes('**/atmos.yaml'));
    assert.ok(entry.fileMatch.includes('**/atmos.d/**/*.yaml'));
  });

  it('accepts the example repository and every atmos.yaml of the conformance corpus', () => {
    const corpus = path.resolve(root, '..', 'shared', 'conformance'); // beside the repository, as the conformance suite reads it
    const files = [path.join(root, 'examples/acme/atmos.yaml'), ...(existsSync(corpus) ? atmosYamls(corpus) : [])];
    for (const f of files) {
      const ok = validate(parse(readFileSync(f, 'utf8'), { logLevel: 'silent' }) ?? {});
      assert.ok(ok, `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
  });

  it('rejects a wrongly typed key at its path', () => {
    assert.equal(validate({ stacks: { base_path: 5 } }), false);
    assert.ok(validate.errors?.some((e) => e.instancePath === '/stacks/base_path'));
    assert.equal(validate({ components: { terraform: { base_path: ['x'] } } }), false);
  });
});

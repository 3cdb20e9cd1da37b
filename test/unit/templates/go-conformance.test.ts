/**
 * Table of templates with the output (or error) that Go's text/template + Sprig v3 produce for them.
 * The expectations in go-cases.json were recorded from Go 1.26 with sprig.TxtFuncMap() (v3.3.0), a
 * `toYAML` built like Gomplate's (yaml.v3, indent 2), TZ=UTC and TPLTEST_HOME=/home/test; the same
 * environment is injected here. The "random template N" cases come from a small random grammar
 * (differential testing against Go) and are kept as regression cases.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTemplate } from '../../../src/atmos/templates/index';

interface GoCase {
  name: string;
  tpl: string;
  data?: unknown;
  missingKey?: 'default' | 'zero' | 'error';
  delims?: [string, string];
  noSprig?: boolean;
  want?: string;
  err?: string;
}

const cases = JSON.parse(readFileSync(join(__dirname, 'go-cases.json'), 'utf8')) as GoCase[];
const env: Record<string, string> = { TPLTEST_HOME: '/home/test' };

describe('templates: Go text/template + Sprig conformance table', () => {
  it('has a large table', () => {
    assert.ok(cases.length >= 150, `only ${cases.length} cases`);
  });

  for (const c of cases) {
    it(c.name, () => {
      const r = renderTemplate(c.tpl, c.data, {
        file: 'test.yaml',
        missingKey: c.missingKey ?? 'default',
        delims: c.delims,
        sprig: !c.noSprig,
        gomplate: !c.noSprig,
        env: (k) => env[k],
        now: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      });
      if (c.err !== undefined) {
        assert.equal(r.ok, false, `expected an error, got output ${JSON.stringify(r.ok ? r.text : '')}`);
        if (!r.ok) assert.equal(r.error.message, c.err);
      } else {
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        if (r.ok) assert.equal(r.text, c.want);
      }
    });
  }
});

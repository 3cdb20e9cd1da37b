/** The renderTemplate / hasTemplate contract: locations, limits, ports, namespaces, Gomplate functions. */
import assert from 'node:assert/strict';
import { GoFloat, goStruct, hasTemplate, isGolangTemplate, renderTemplate, unsupportedReason, type RenderError, type RenderResult, type TemplateOptions } from '../../../src/atmos/templates/index';

function render(tpl: string, data?: unknown, opts: Partial<TemplateOptions> = {}): RenderResult {
  return renderTemplate(tpl, data, { file: 'stacks/dev.yaml', ...opts });
}

function ok(tpl: string, data?: unknown, opts: Partial<TemplateOptions> = {}): string {
  const r = render(tpl, data, opts);
  if (!r.ok) assert.fail(r.error.message);
  return r.text;
}

function err(tpl: string, data?: unknown, opts: Partial<TemplateOptions> = {}): RenderError {
  const r = render(tpl, data, opts);
  assert.equal(r.ok, false, 'expected an error');
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

describe('templates: renderTemplate contract', () => {
  describe('error locations', () => {
    it('reports a parse error with its line and an editor column', () => {
      const e = err('a: 1\nb: {{ nofunc }}\n');
      assert.equal(e.message, 'template: stacks/dev.yaml:2: function "nofunc" not defined');
      assert.equal(e.file, 'stacks/dev.yaml');
      assert.equal(e.line, 2);
      assert.equal(e.col, 7);
    });

    it('reports an execution error with Go text and a 1-based column', () => {
      const e = err('x: 1\n  y: {{ .vars.flavor }}', { vars: {} }, { missingKey: 'error' });
      assert.equal(
        e.message,
        'template: stacks/dev.yaml:2:13: executing "stacks/dev.yaml" at <.vars.flavor>: map has no entry for key "flavor"',
      );
      assert.equal(e.line, 2);
      // Go's column counts bytes from 0 and points at the second field segment; ours is that position, 1-based
      assert.equal(e.col, 14);
    });

    it('uses UTF-16 columns in the result but byte columns in the Go message', () => {
      const e = err('é {{ .a.b }}', { a: 'x' });
      // é is two UTF-8 bytes but one UTF-16 unit; the error sits at the second field segment
      assert.match(e.message, /^template: stacks\/dev\.yaml:1:8: /);
      assert.equal(e.col, 8);
    });

    it('names the defined template being executed', () => {
      const e = err('{{ define "inner" }}{{ fail "stop" }}{{ end }}{{ template "inner" }}');
      assert.match(e.message, /executing "inner" at <fail "stop">: error calling fail: stop$/);
    });
  });

  describe('never throws', () => {
    const nasty = ['{{', '}}', '{{{{', '{{ ( }}', '{{ "\\', '{{/*', '{{- -}}', '{{ $ }}', '{{ .a..b }}', '\u0000{{ . }}', '{{ 1e999 }}', '{{ 0x }}'];
    for (const t of nasty) {
      it(`returns a result for ${JSON.stringify(t)}`, () => {
        const r = render(t, { a: { b: 1 } });
        assert.equal(typeof r.ok, 'boolean');
        if (!r.ok) assert.match(r.error.message, /^template: stacks\/dev\.yaml/);
      });
    }

    it('turns a throwing caller function into a located error', () => {
      const e = err('{{ boom 1 }}', {}, {
        functions: {
          boom: () => {
            throw new Error('kaboom');
          },
        },
      });
      assert.equal(e.message, 'template: stacks/dev.yaml:1:3: executing "stacks/dev.yaml" at <boom 1>: error calling boom: kaboom');
    });
  });

  describe('bounded execution', () => {
    it('stops a huge range with a step budget error', () => {
      const e = err('{{ range 100000000 }}x{{ end }}', undefined, { maxSteps: 10_000 });
      assert.match(e.message, /exceeded the step budget \(10000 steps\)/);
    });

    it('stops nested ranges that multiply', () => {
      const e = err('{{ range 1000 }}{{ range 1000 }}{{ range 1000 }}.{{ end }}{{ end }}{{ end }}');
      assert.match(e.message, /step budget/);
    });

    it('stops unbounded template recursion', () => {
      const e = err('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}', {}, { maxDepth: 50 });
      assert.match(e.message, /exceeded maximum template depth \(50\)/);
    });

    it('caps output size', () => {
      const e = err('{{ range 1000 }}{{ "0123456789" }}{{ end }}', undefined, { maxOutputLength: 5000 });
      assert.match(e.message, /output exceeded 5000 characters/);
    });

    it('refuses to build a gigantic string with repeat', () => {
      const e = err('{{ repeat 1000000000 "abc" }}', undefined, { maxOutputLength: 1_000_000 });
      assert.match(e.message, /error calling repeat: result too large/);
    });

    it('rejects absurdly deep parentheses instead of overflowing the stack', () => {
      const depth = 5000;
      const e = err('{{ ' + '('.repeat(depth) + '1' + ')'.repeat(depth) + ' }}');
      assert.match(e.message, /max expression depth exceeded/);
    });

    it('rejects absurdly deep if nesting', () => {
      const depth = 3000;
      const e = err('{{ if true }}'.repeat(depth) + 'x' + '{{ end }}'.repeat(depth));
      assert.match(e.message, /max expression depth exceeded/);
    });

    it('handles a moderately deep, legitimate nesting', () => {
      const depth = 200;
      assert.equal(ok('{{ if true }}'.repeat(depth) + 'x' + '{{ end }}'.repeat(depth)), 'x');
    });
  });

  describe('missing keys (Atmos ignore_missing_template_values)', () => {
    it('prints <no value> by default and errors with missingKey=error', () => {
      assert.equal(ok('{{ .vars.nope }}', { vars: {} }), '<no value>');
      assert.match(err('{{ .vars.nope }}', { vars: {} }, { missingKey: 'error' }).message, /map has no entry for key "nope"/);
    });

    it('does not error on missing keys inside default / with guards', () => {
      assert.equal(ok('{{ .vars.nope | default "d" }}', { vars: {} }), 'd');
      assert.equal(ok('{{ with .vars.nope }}x{{ else }}y{{ end }}', { vars: {} }), 'y');
    });
  });

  describe('caller functions and namespaces', () => {
    it('calls a namespace method with arguments like atmos.Component', () => {
      const calls: unknown[][] = [];
      const atmos = {
        Component: (component: unknown, stack: unknown) => {
          calls.push([component, stack]);
          return { outputs: { id: `${String(component)}@${String(stack)}`, list: ['a', 'b'] } };
        },
      };
      const text = ok('{{ (atmos.Component "vpc" .stack).outputs.id }} {{ toJson (atmos.Component "vpc" .stack).outputs.list }}', { stack: 'dev' }, {
        functions: { atmos: () => atmos },
      });
      assert.equal(text, 'vpc@dev ["a","b"]');
      assert.deepEqual(calls, [
        ['vpc', 'dev'],
        ['vpc', 'dev'],
      ]);
    });

    it('reports an unknown method on a namespace', () => {
      const e = err('{{ atmos.Nope "x" }}', {}, { functions: { atmos: () => ({ Component: () => 1 }) } });
      // a plain namespace object is a map to the template, so Go's map wording applies
      assert.match(e.message, /at <atmos.Nope "x"|at <atmos>: Nope is not a method but has arguments/);
    });

    it('lets caller functions override Sprig ones', () => {
      assert.equal(ok('{{ upper "x" }}', {}, { functions: { upper: () => 'overridden' } }), 'overridden');
    });

    it('passes nil for missing values to caller functions', () => {
      let seen: unknown = 'unset';
      ok('{{ probe .nope }}', {}, {
        functions: {
          probe: (v) => {
            seen = v;
            return '';
          },
        },
      });
      assert.equal(seen, null);
    });
  });

  describe('function sets', () => {
    it('has no Sprig functions when sprig is off', () => {
      assert.equal(err('{{ upper "x" }}', {}, { sprig: false, gomplate: false }).message, 'template: stacks/dev.yaml:1: function "upper" not defined');
      assert.equal(ok('{{ printf "%s" "x" }}', {}, { sprig: false, gomplate: false }), 'x');
    });

    it('defines env / expandenv / getenv only with an environment port', () => {
      assert.match(err('{{ env "HOME" }}').message, /function "env" not defined/);
      const env = (k: string) => ({ STAGE: 'dev' })[k];
      assert.equal(ok('{{ env "STAGE" }} {{ getenv "STAGE" }} {{ getenv "NOPE" "dflt" }} {{ expandenv "s=$STAGE" }}', {}, { env }), 'dev dev dflt s=dev');
      // without Sprig, `env` is Gomplate's namespace
      assert.equal(ok('{{ env.Getenv "STAGE" }}', {}, { env, sprig: false }), 'dev');
    });

    it('reads now from the injected clock', () => {
      const now = () => new Date(Date.UTC(2025, 5, 7, 8, 9, 10));
      assert.equal(ok('{{ now | date "2006-01-02 15:04:05" }} {{ now | unixEpoch }}', {}, { now }), '2025-06-07 08:09:10 1749283750');
      assert.equal(ok('{{ now }}', {}, { now }), '2025-06-07 08:09:10 +0000 UTC');
    });

    it('leaves non-deterministic functions undefined', () => {
      for (const f of ['uuidv4', 'randAlpha', 'shuffle', 'randInt']) {
        assert.match(err(`{{ ${f} }}`).message, new RegExp(`function "${f}" not defined`));
      }
    });
  });

  describe('Gomplate namespaces', () => {
    const cases: [string, unknown, string][] = [
      ['{{ strings.Title .c }}', { c: 'my-component name' }, 'My-Component Name'],
      ['{{ strings.Title "hELLO wORLD it\'s foo_bar 9lives" }}', {}, "Hello World It's Foo_bar 9lives"],
      ['{{ strings.SplitN "-" 2 "a-b-c" }} {{ splitN "a-b-c" "-" 2 }}', {}, '[a b-c] [a b-c]'],
      ['{{ strings.ShellQuote "it\'s" }} {{ shellQuote (list "a b" "c") }}', {}, `'it'"'"'s' 'a b' 'c'`],
      ['{{ conv.ToBool "TRUE" }} {{ conv.ToBool "on" }} {{ conv.ToBool "1.0" }} {{ conv.ToBool 1 }}', {}, 'true false true true'],
      ['{{ strings.ToUpper "abc" }} {{ strings.ToLower "ABC" }}', {}, 'ABC abc'],
      ['{{ strings.Quote "a\\"b" }} {{ strings.Squote "it\'s" }}', {}, '"a\\"b" \'it\'\'s\''],
      ['{{ strings.TrimSpace "  x " }}|{{ strings.Trim "-" "--x--" }}', {}, 'x|x'],
      ['{{ strings.ReplaceAll "-" "_" "a-b-c" }}', {}, 'a_b_c'],
      ['{{ strings.Split "," "a,b" }}', {}, '[a b]'],
      ['{{ strings.HasPrefix "ab" "abc" }} {{ strings.Contains "z" "abc" }}', {}, 'true false'],
      ['{{ strings.Repeat 3 "ab" }}', {}, 'ababab'],
      ['{{ strings.Trunc 2 "abcdef" }}', {}, 'ab'],
      ['{{ conv.ToBool "yes" }} {{ conv.ToBool "0" }} {{ conv.ToInt "42" }} {{ conv.ToString 5 }} {{ conv.ToString nil }}', {}, 'true false 42 5 nil'],
      ['{{ conv.Default "d" "" }} {{ conv.Default "d" "v" }}', {}, 'd v'],
      ['{{ conv.Join .l "-" }}', { l: ['a', 1] }, 'a-1'],
      ['{{ toJSON .m }}', { m: { b: '<x>', a: 1 } }, '{"a":1,"b":"\\u003cx\\u003e"}'],
      ['{{ data.ToJSONPretty "  " .m }}', { m: { a: [1] } }, '{\n  "a": [\n    1\n  ]\n}'],
      // yaml.v3 quotes YAML 1.1 booleans such as y
      ['{{ toYAML .m }}', { m: { b: 1, a: ['x', 'y'] } }, 'a:\n  - x\n  - "y"\nb: 1\n'],
      ['{{ (json "{\\"a\\":{\\"b\\":3}}").a.b }}', {}, '3'],
      ['{{ (yaml "a: [1, 2]").a }}', {}, '[1 2]'],
      ['{{ required "need stage" .stage }}', { stage: 'dev' }, 'dev'],
    ];
    for (const [tpl, data, want] of cases) {
      it(tpl, () => assert.equal(ok(tpl, data), want));
    }

    it('rejects a negative strings.Repeat count', () => {
      assert.match(err('{{ strings.Repeat -1 "x" }}').message, /error calling Repeat: negative count -1$/);
    });

    it('fails required on a missing value with its message', () => {
      assert.match(err('{{ required "stage is required" .stage }}', {}).message, /error calling required: stage is required$/);
      assert.match(err('{{ .stage | required }}', {}).message, /a required value was not set/);
    });

    it('lets Sprig win over Gomplate for shared names, as Atmos assigns Sprig last', () => {
      // Sprig's quote takes any values; Gomplate's is strings.Quote
      assert.equal(ok('{{ quote 1 "a" }}'), '"1" "a"');
    });
  });

  describe('values', () => {
    it('prints an integral float64 the Go way when marked with GoFloat', () => {
      assert.equal(ok('{{ .f }} {{ .i }}', { f: new GoFloat(1000000), i: 1000000 }), '1e+06 1000000');
    });

    it('ranges over a map in key order', () => {
      assert.equal(ok('{{ range $k, $v := . }}{{ $k }}{{ $v }}{{ end }}', { b: 2, a: 1, c: 3 }), 'a1b2c3');
    });

    it('keeps __proto__ keys as plain entries', () => {
      assert.equal(ok('{{ $d := dict "__proto__" "x" }}{{ $d }} {{ (dict).polluted }}'), 'map[__proto__:x] <no value>');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('does not mutate caller data through pure functions', () => {
      const data = { l: ['a', 'b'], m: { x: 1 } };
      ok('{{ append .l "c" }}{{ reverse .l }}{{ omit .m "x" }}', data);
      assert.deepEqual(data, { l: ['a', 'b'], m: { x: 1 } });
    });
  });

  describe('error codes', () => {
    it('marks functions Atmos has but we do not evaluate as unsupported, with the reason', () => {
      const e = err('{{ (atmos.Component "vpc" .stack).outputs.id }}', { stack: 'dev' });
      assert.equal(e.code, 'unsupported-function');
      assert.equal(e.function, 'atmos');
      assert.match(e.reason ?? '', /atmos CLI/);
      assert.equal(err('{{ uuidv4 }}').reason, 'non-deterministic');
      assert.equal(unsupportedReason('upper'), undefined);
    });

    it('marks an unknown function as undefined-function', () => {
      const e = err('{{ frobnicate 1 }}');
      assert.equal(e.code, 'undefined-function');
      assert.equal(e.function, 'frobnicate');
      assert.equal(e.reason, undefined);
    });

    it('separates parse, exec and limit failures', () => {
      assert.equal(err('{{ if }}').code, 'parse');
      assert.equal(err('{{ .a }}', {}, { missingKey: 'error' }).code, 'exec');
      assert.equal(err('{{ range 100000 }}{{ end }}', {}, { maxSteps: 100 }).code, 'limit');
      assert.equal(err('{{ repeat 100000 "ab" }}', {}, { maxOutputLength: 1000 }).code, 'limit');
    });
  });

  describe('goStruct namespaces', () => {
    it('calls methods and rejects unknown members instead of printing <no value>', () => {
      const atmos = goStruct('*exec.AtmosFuncs', { Component: (c: unknown) => ({ vars: { name: c } }) });
      const functions = { atmos: () => atmos };
      assert.equal(ok('{{ (atmos.Component "vpc").vars.name }}', {}, { functions }), 'vpc');
      assert.equal(
        err('{{ atmos.Nope }}', {}, { functions }).message,
        // as in Go, the context is the last node evaluated: the namespace function itself
        'template: stacks/dev.yaml:1:3: executing "stacks/dev.yaml" at <atmos>: can\'t evaluate field Nope in type *exec.AtmosFuncs',
      );
      // Gomplate namespaces behave the same way
      assert.match(err('{{ strings.Nope }}').message, /can't evaluate field Nope in type \*funcs\.StringFuncs$/);
    });
  });

  describe('known differences from Go', () => {
    it('rejects complex constants with a clear error (Go would print (1+2i))', () => {
      assert.match(err('{{ 1+2i }}').message, /complex constants are not supported: 1\+2i$/);
    });

    it('models the local time zone as UTC in date functions', () => {
      const now = () => new Date(Date.UTC(2024, 0, 2, 23, 30));
      assert.equal(ok('{{ now | date "2006-01-02 15:04 MST" }}', {}, { now }), '2024-01-02 23:30 UTC');
    });
  });

  describe('isGolangTemplate (Atmos import paths)', () => {
    it('counts only top-level actions, like Atmos', () => {
      assert.deepEqual(isGolangTemplate('catalog/{{ .flavor }}/vpc'), { ok: true, isTemplate: true });
      assert.deepEqual(isGolangTemplate('catalog/vpc'), { ok: true, isTemplate: false });
      assert.deepEqual(isGolangTemplate('{{ if .x }}a{{ end }}'), { ok: true, isTemplate: false });
      assert.deepEqual(isGolangTemplate('[[ .x ]]', ['[[', ']]']), { ok: true, isTemplate: true });
    });

    it('knows only the builtins, so a Sprig call is a parse error named after the string', () => {
      assert.deepEqual(isGolangTemplate('catalog/{{ upper .x }}'), {
        ok: false,
        message: 'template: catalog/{{ upper .x }}:1: function "upper" not defined',
      });
      assert.equal(isGolangTemplate('catalog/{{ printf "%s" .x }}').ok, true);
    });
  });

  describe('hasTemplate', () => {
    it('detects actions, ignores plain text and comments', () => {
      assert.equal(hasTemplate('vars: {{ .vars.stage }}'), true);
      assert.equal(hasTemplate('plain: text'), false);
      assert.equal(hasTemplate('{{/* only a comment */}}'), false);
      assert.equal(hasTemplate('broken {{ .x'), true);
      assert.equal(hasTemplate('<< .x >>', ['<<', '>>']), true);
      assert.equal(hasTemplate('{{ .x }}', ['<<', '>>']), false);
    });
  });
});

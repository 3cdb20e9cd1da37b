/** Sprig's defaults/flow, reflection, path and (with a port) environment functions. */

import { goTypeName } from '../values';
import { posix as path } from 'node:path';
import { type Registrar, a, s } from './registry';
import { asList, deepCopy, deepEqual, empty, reflectKind } from './convert';

export function registerGeneral(r: Registrar): void {
  const { def, m, ports } = r;
  // --- defaults and flow
  def('default', [a], (d: unknown, ...given: unknown[]) => (given.length === 0 || empty(given[0]) ? d : given[0]), a);
  def('empty', [a], (v: unknown) => empty(v));
  def('coalesce', [], (...v: unknown[]) => v.find((x) => !empty(x)) ?? null, a);
  def('all', [], (...v: unknown[]) => v.every((x) => !empty(x)), a);
  def('any', [], (...v: unknown[]) => v.some((x) => !empty(x)), a);
  def('compact', [a], (l: unknown) => asList(l, 'compact').filter((x) => !empty(x)));
  def('ternary', [a, a, 'bool'], (vt: unknown, vf: unknown, c: boolean) => (c ? vt : vf));
  def('fail', [s], (msg: string) => {
    throw new Error(msg);
  });

  // --- reflection
  def('typeOf', [a], (v: unknown) => (v === null ? '<nil>' : goTypeName(v)));
  def('typeIs', [s, a], (t: string, v: unknown) => t === (v === null ? '<nil>' : goTypeName(v)));
  def('kindOf', [a], (v: unknown) => reflectKind(v));
  def('kindIs', [s, a], (t: string, v: unknown) => t === reflectKind(v));
  def('deepEqual', [a, a], (x: unknown, y: unknown) => deepEqual(x, y));
  const copyOf = (v: unknown): unknown => {
    if (v === null || v === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
    return deepCopy(v);
  };
  def('deepCopy', [a], copyOf);
  def('mustDeepCopy', [a], copyOf);

  // --- paths
  def('base', [s], (x: string) => (x === '' ? '.' : path.basename(x.replace(/\/+$/, '')) || '/'));
  def('dir', [s], (x: string) => path.dirname(x));
  def('clean', [s], (x: string) => (x === '' ? '.' : path.normalize(x).replace(/(.)\/$/, '$1')));
  def('ext', [s], (x: string) => path.extname(x));
  def('isAbs', [s], (x: string) => x.startsWith('/'));
  // filepath.* on a POSIX system are the path.* functions
  for (const n of ['base', 'dir', 'clean', 'ext', 'isAbs']) m.set('os' + n[0].toUpperCase() + n.slice(1), m.get(n)!);
  def('hello', [], () => 'Hello!');

  // --- environment (only with a port)
  if (ports.env) {
    const env = ports.env;
    def('env', [s], (k: string) => env(k) ?? '');
    def('expandenv', [s], (x: string) => x.replace(/\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g, (_mm, a1, a2) => env(a1 ?? a2) ?? ''));
  }
}

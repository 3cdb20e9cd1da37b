/** Sprig's integer (int64, lenient conversion) and decimal float math. */

import { int64, makeFloat } from '../values';
import { type DecOp, decimalFold } from '../decimal';
import { type Registrar, a, i } from './registry';
import { toFloat64, toInt64 } from './convert';

export function registerMath(r: Registrar): void {
  const { def } = r;
  // --- math (int64)
  // these return Go int64: it prints like int, but an `int` parameter (repeat, trunc, ...) refuses it
  def('add1', [a], (x: unknown) => int64(toInt64(x) + 1));
  def('add', [], (...v: unknown[]) => int64(v.reduce<number>((acc, x) => acc + toInt64(x), 0)), a);
  def('sub', [a, a], (x: unknown, y: unknown) => int64(toInt64(x) - toInt64(y)));
  def('mul', [a], (x: unknown, ...v: unknown[]) => int64(v.reduce<number>((acc, y) => acc * toInt64(y), toInt64(x))), a);
  def('div', [a, a], (x: unknown, y: unknown) => {
    const d = toInt64(y);
    if (d === 0) throw new Error('runtime error: integer divide by zero');
    return int64(Math.trunc(toInt64(x) / d));
  });
  def('mod', [a, a], (x: unknown, y: unknown) => {
    const d = toInt64(y);
    if (d === 0) throw new Error('runtime error: integer divide by zero');
    return int64(toInt64(x) % d);
  });
  def('max', [a], (x: unknown, ...v: unknown[]) => int64(v.reduce<number>((acc, y) => Math.max(acc, toInt64(y)), toInt64(x))), a);
  def('biggest', [a], (x: unknown, ...v: unknown[]) => int64(v.reduce<number>((acc, y) => Math.max(acc, toInt64(y)), toInt64(x))), a);
  def('min', [a], (x: unknown, ...v: unknown[]) => int64(v.reduce<number>((acc, y) => Math.min(acc, toInt64(y)), toInt64(x))), a);
  // --- math (float64)
  const fold = (op: DecOp, first: unknown, rest: unknown[]): unknown => makeFloat(decimalFold(toFloat64(first), rest.map(toFloat64), op));
  def('add1f', [a], (x: unknown) => fold('add', x, [1]));
  def('addf', [], (...v: unknown[]) => fold('add', 0, v), a);
  def('subf', [a], (x: unknown, ...v: unknown[]) => fold('sub', x, v), a);
  def('mulf', [a], (x: unknown, ...v: unknown[]) => fold('mul', x, v), a);
  def('divf', [a], (x: unknown, ...v: unknown[]) => fold('div', x, v), a);
  def('maxf', [a], (x: unknown, ...v: unknown[]) => makeFloat(v.reduce<number>((acc, y) => Math.max(acc, toFloat64(y)), toFloat64(x))), a);
  def('minf', [a], (x: unknown, ...v: unknown[]) => makeFloat(v.reduce<number>((acc, y) => Math.min(acc, toFloat64(y)), toFloat64(x))), a);
  def('ceil', [a], (x: unknown) => makeFloat(Math.ceil(toFloat64(x))));
  def('floor', [a], (x: unknown) => makeFloat(Math.floor(toFloat64(x))));
  def('round', [a, i], (x: unknown, p: number, ...r: unknown[]) => {
    const roundOn = r.length > 0 ? toFloat64(r[0]) : 0.5;
    const pow = 10 ** p;
    const digit = toFloat64(x) * pow;
    const frac = digit - Math.trunc(digit);
    const rounded = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
    return makeFloat(rounded / pow);
  }, a);

}

/**
 * The bit of shopspring/decimal that Sprig's addf/subf/mulf/divf rely on:
 * floats enter as their shortest decimal form, + - * are exact, division is
 * rounded to 16 decimal places (half away from zero), and the result goes back
 * to the nearest float64.
 */

interface Dec {
  int: bigint;
  /** value = int * 10^exp */
  exp: number;
}

function fromFloat(n: number): Dec {
  if (!Number.isFinite(n)) throw new Error(`Cannot create a Decimal from ${n}`);
  const [mant, e] = n.toExponential().split('e');
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const fracLen = digits.length - 1;
  const v = BigInt(digits);
  return { int: neg ? -v : v, exp: Number(e) - fracLen };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.int * 10n ** BigInt(a.exp - exp), b.int * 10n ** BigInt(b.exp - exp), exp];
}

function toFloat(d: Dec): number {
  return Number(`${d.int}e${d.exp}`);
}

const DIVISION_PRECISION = 16;

function div(a: Dec, b: Dec): Dec {
  if (b.int === 0n) throw new Error('decimal division by 0');
  // a/b scaled to DIVISION_PRECISION + 1 places, then rounded half away from zero
  const scale = DIVISION_PRECISION + 1;
  const shift = scale + a.exp - b.exp;
  let num = a.int;
  let den = b.int;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  let q = num / den; // truncated toward zero, at 17 places
  const neg = q < 0n;
  if (neg) q = -q;
  const last = q % 10n;
  q = q / 10n + (last >= 5n ? 1n : 0n);
  return { int: neg ? -q : q, exp: -DIVISION_PRECISION };
}

export type DecOp = 'add' | 'sub' | 'mul' | 'div';

/** Folds `rest` into `first` with decimal arithmetic and returns the nearest float64. */
export function decimalFold(first: number, rest: number[], op: DecOp): number {
  let acc = fromFloat(first);
  for (const x of rest) {
    const d = fromFloat(x);
    switch (op) {
      case 'add': {
        const [p, q, exp] = align(acc, d);
        acc = { int: p + q, exp };
        break;
      }
      case 'sub': {
        const [p, q, exp] = align(acc, d);
        acc = { int: p - q, exp };
        break;
      }
      case 'mul':
        acc = { int: acc.int * d.int, exp: acc.exp + d.exp };
        break;
      case 'div':
        acc = div(acc, d);
        break;
    }
  }
  return toFloat(acc);
}

/**
 * Sprig v3 functions (github.com/Masterminds/sprig) with Go's argument orders
 * and edge cases. Non-deterministic functions (uuidv4, rand*, shuffle) and the
 * crypto/network ones are deliberately absent; `env`/`expandenv` exist only
 * when the caller supplies an environment port, and `now` reads the injected clock.
 */

import type { FuncMap, GoFunc } from '../functions';
import { registerCollections } from './collections';
import { registerDates } from './dates';
import { registerEncoding } from './encoding';
import { registerGeneral } from './general';
import { registerMath } from './math';
import { type Ports, registrar } from './registry';
import { registerStrings } from './strings';

export type { Ports } from './registry';
export { empty, strval, toFloat64, toInt64 } from './convert';
export { goSplit, goSplitN } from './strings';

export function sprigFuncs(ports: Ports): FuncMap {
  const m: FuncMap = new Map<string, GoFunc>();
  const r = registrar(m, ports);
  registerGeneral(r);
  registerStrings(r);
  registerEncoding(r);
  registerMath(r);
  registerCollections(r);
  registerDates(r);
  return m;
}

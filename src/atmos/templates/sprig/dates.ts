/** Sprig's date functions; the clock is a port and the local zone is modelled as UTC. */

import { goQuote } from '../lexer';
import { formatGoTime, parseGoTime } from '../time';
import { GoTime, isGoTime, kindOf, numValue } from '../values';
import { type Registrar, a, s } from './registry';

/** Go's time.Duration String(). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const neg = seconds < 0;
  let s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  let out = '';
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  out += `${s}s`;
  return (neg ? '-' : '') + out;
}

/** Sprig formatDate: any time shown in the local zone, which we model as UTC; non-times mean now. */
function toGoTime(v: unknown, now: () => Date): GoTime {
  if (isGoTime(v)) return new GoTime(v.date);
  if (kindOf(v) === 'int') return new GoTime(new Date(numValue(v) * 1000));
  return new GoTime(now());
}

function zeroTime(): GoTime {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(1);
  return new GoTime(d);
}

/** time.ParseDuration to milliseconds (sub-millisecond parts are dropped); null when invalid. */
function parseGoDuration(s: string): number | null {
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (s === '0') return 0;
  if (!m) return null;
  let total = 0;
  for (const part of s.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * unit[part[2]];
  return m[1] === '-' ? -total : total;
}

export function registerDates(r: Registrar): void {
  const { def, ports } = r;
  // --- dates (the clock is a port)
  def('now', [], () => new GoTime(ports.now()));
  def('date', [s, a], (layout: string, d: unknown) => formatGoTime(toGoTime(d, ports.now), layout));
  def('dateInZone', [s, a, s], (layout: string, d: unknown, zone: string) => {
    if (zone !== 'UTC' && zone !== '') throw new Error(`unknown time zone ${zone}`);
    return formatGoTime(toGoTime(d, ports.now), layout);
  });
  def('date_in_zone', [s, a, s], (layout: string, d: unknown) => formatGoTime(toGoTime(d, ports.now), layout));
  def('htmlDate', [a], (d: unknown) => formatGoTime(toGoTime(d, ports.now), '2006-01-02'));
  def('htmlDateInZone', [a, s], (d: unknown, zone: string) => {
    if (zone !== 'UTC' && zone !== '') throw new Error(`unknown time zone ${zone}`);
    return formatGoTime(toGoTime(d, ports.now), '2006-01-02');
  });
  def('ago', [a], (d: unknown) => {
    const t = toGoTime(d, ports.now);
    return formatDuration(Math.round((ports.now().getTime() - t.date.getTime()) / 1000));
  });
  for (const [name, must] of [['dateModify', false], ['date_modify', false], ['mustDateModify', true], ['must_date_modify', true]] as const) {
    def(name, [s, a], (fmt: string, d: unknown) => {
      const t = isGoTime(d) ? d : toGoTime(d, ports.now);
      const ms = parseGoDuration(fmt);
      if (ms === null) {
        if (must) throw new Error(`time: invalid duration ${goQuote(fmt)}`);
        return t;
      }
      return new GoTime(new Date(t.date.getTime() + ms), t.zone, t.offsetMinutes);
    });
  }
  def('toDate', [s, s], (layout: string, x: string) => parseGoTime(layout, x) ?? zeroTime());
  def('mustToDate', [s, s], (layout: string, x: string) => {
    const t = parseGoTime(layout, x);
    if (!t) throw new Error(`parsing time ${goQuote(x)} as ${goQuote(layout)}: cannot parse`);
    return t;
  });
  def('unixEpoch', [a], (d: unknown) => String(Math.floor(toGoTime(d, ports.now).date.getTime() / 1000)));
  // Sprig only converts strings and int64 here; a template int is not int64, so it yields 0s as in Go.
  def('duration', [a], (sec: unknown) => formatDuration(typeof sec === 'string' && /^[+-]?\d+$/.test(sec) ? Number(sec) : 0));

}

/**
 * Go time layouts ("2006-01-02 15:04:05") for Sprig's date functions.
 * Times are kept in UTC or a fixed offset; named IANA zones are not loaded.
 */

import { GoTime } from './values';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Layout chunks in the order Go's nextStdChunk recognizes them (longest first where prefixes overlap). */
const CHUNKS = [
  'January', 'Jan', 'Monday', 'Mon', 'MST',
  '2006', '2', '_2', '002', '01', '02', '06', '03', '04', '05', '1', '15', '3', '4', '5',
  'PM', 'pm',
  '-07:00:00', '-0700', '-07:00', '-07', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07',
];

function p2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  min: number;
  sec: number;
  nanos: number;
  weekday: number;
  yday: number;
}

function partsOf(t: GoTime): Parts {
  const d = new Date(t.date.getTime() + t.offsetMinutes * 60000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    nanos: d.getUTCMilliseconds() * 1e6,
    weekday: d.getUTCDay(),
    yday: Math.floor((d.getTime() - start) / 86400000) + 1,
  };
}

function zoneOffset(t: GoTime, colon: boolean, z: boolean, short = false, secs = false): string {
  if (z && t.offsetMinutes === 0) return 'Z';
  const off = t.offsetMinutes;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const hh = p2(Math.floor(a / 60));
  const mm = p2(a % 60);
  if (short) return sign + hh;
  const base = colon ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
  return secs ? base + (colon ? ':00' : '00') : base;
}

/** Formats a time with a Go layout string. */
export function formatGoTime(t: GoTime, layout: string): string {
  const p = partsOf(t);
  let out = '';
  let i = 0;
  while (i < layout.length) {
    // fractional seconds: .000 / .999 / ,000 (only when followed by a non-digit)
    const frac = /^[.,](0+|9+)(?!\d)/.exec(layout.slice(i));
    if (frac && (i === 0 || true)) {
      const digits = frac[1].length;
      const full = String(p.nanos).padStart(9, '0').slice(0, digits);
      if (frac[1][0] === '0') out += layout[i] + full;
      else {
        const trimmed = full.replace(/0+$/, '');
        if (trimmed) out += layout[i] + trimmed;
      }
      i += frac[0].length;
      continue;
    }
    let chunk = '';
    for (const c of CHUNKS) {
      if (layout.startsWith(c, i) && c.length > chunk.length) {
        // Go: "Jan" / "Mon" are not chunks when followed by a lowercase letter of a longer word they don't match
        chunk = c;
      }
    }
    if (chunk === 'Jan' && layout.startsWith('January', i)) chunk = 'January';
    if (!chunk) {
      out += layout[i];
      i++;
      continue;
    }
    i += chunk.length;
    switch (chunk) {
      case 'January':
        out += MONTHS[p.month - 1];
        break;
      case 'Jan':
        out += MONTHS[p.month - 1].slice(0, 3);
        break;
      case 'Monday':
        out += DAYS[p.weekday];
        break;
      case 'Mon':
        out += DAYS[p.weekday].slice(0, 3);
        break;
      case 'MST':
        out += t.zone;
        break;
      case '2006':
        out += String(p.year).padStart(4, '0');
        break;
      case '06':
        out += p2(p.year % 100);
        break;
      case '01':
        out += p2(p.month);
        break;
      case '1':
        out += String(p.month);
        break;
      case '02':
        out += p2(p.day);
        break;
      case '2':
        out += String(p.day);
        break;
      case '_2':
        out += p.day < 10 ? ' ' + p.day : String(p.day);
        break;
      case '002':
        out += String(p.yday).padStart(3, '0');
        break;
      case '15':
        out += p2(p.hour);
        break;
      case '03':
        out += p2(p.hour % 12 === 0 ? 12 : p.hour % 12);
        break;
      case '3':
        out += String(p.hour % 12 === 0 ? 12 : p.hour % 12);
        break;
      case '04':
        out += p2(p.min);
        break;
      case '4':
        out += String(p.min);
        break;
      case '05':
        out += p2(p.sec);
        break;
      case '5':
        out += String(p.sec);
        break;
      case 'PM':
        out += p.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += p.hour >= 12 ? 'pm' : 'am';
        break;
      case '-07:00:00':
        out += zoneOffset(t, true, false, false, true);
        break;
      case '-0700':
        out += zoneOffset(t, false, false);
        break;
      case '-07:00':
        out += zoneOffset(t, true, false);
        break;
      case '-07':
        out += zoneOffset(t, false, false, true);
        break;
      case 'Z07:00:00':
        out += zoneOffset(t, true, true, false, true);
        break;
      case 'Z0700':
        out += zoneOffset(t, false, true);
        break;
      case 'Z07:00':
        out += zoneOffset(t, true, true);
        break;
      case 'Z07':
        out += zoneOffset(t, false, true, true);
        break;
    }
  }
  return out;
}

/** Parses a date with a Go layout (the numeric subset: years, months, days, clock, zones). Null on mismatch. */
export function parseGoTime(layout: string, value: string): GoTime | null {
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let ms = 0;
  let pm: boolean | null = null;
  let offset = 0;
  let zone = 'UTC';
  let li = 0;
  let vi = 0;
  const num = (min: number, max: number): number | null => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(value.slice(vi));
    if (!m) return null;
    vi += m[0].length;
    return Number(m[0]);
  };
  while (li < layout.length) {
    const frac = /^[.,](0+|9+)/.exec(layout.slice(li));
    if (frac) {
      li += frac[0].length;
      const m = /^[.,](\d+)/.exec(value.slice(vi));
      if (m) {
        vi += m[0].length;
        ms = Math.floor(Number('0.' + m[1]) * 1000);
      } else if (frac[1][0] === '0') return null;
      continue;
    }
    let chunk = '';
    for (const c of CHUNKS) if (layout.startsWith(c, li) && c.length > chunk.length) chunk = c;
    if (!chunk) {
      if (value[vi] !== layout[li]) return null;
      li++;
      vi++;
      continue;
    }
    li += chunk.length;
    let v: number | null = 0;
    switch (chunk) {
      case '2006':
        v = year = num(4, 4) ?? NaN;
        break;
      case '06':
        v = num(2, 2);
        if (v !== null) year = v >= 69 ? 1900 + v : 2000 + v;
        break;
      case '01':
      case '1':
        v = month = num(chunk.length, 2) ?? NaN;
        break;
      case 'Jan':
      case 'January': {
        const idx = MONTHS.findIndex((m) => value.startsWith(chunk === 'Jan' ? m.slice(0, 3) : m, vi));
        if (idx < 0) return null;
        month = idx + 1;
        vi += chunk === 'Jan' ? 3 : MONTHS[idx].length;
        break;
      }
      case 'Mon':
      case 'Monday': {
        const idx = DAYS.findIndex((d) => value.startsWith(chunk === 'Mon' ? d.slice(0, 3) : d, vi));
        if (idx < 0) return null;
        vi += chunk === 'Mon' ? 3 : DAYS[idx].length;
        break;
      }
      case '02':
      case '2':
        v = day = num(chunk.length, 2) ?? NaN;
        break;
      case '_2':
        if (value[vi] === ' ') vi++;
        v = day = num(1, 2) ?? NaN;
        break;
      case '15':
        v = hour = num(2, 2) ?? NaN;
        break;
      case '03':
      case '3':
        v = hour = num(chunk.length, 2) ?? NaN;
        break;
      case '04':
      case '4':
        v = min = num(chunk.length, 2) ?? NaN;
        break;
      case '05':
      case '5':
        v = sec = num(chunk.length, 2) ?? NaN;
        break;
      case 'PM':
      case 'pm': {
        const s = value.slice(vi, vi + 2).toUpperCase();
        if (s !== 'AM' && s !== 'PM') return null;
        pm = s === 'PM';
        vi += 2;
        break;
      }
      case 'MST': {
        const m = /^[A-Z]{3,4}/.exec(value.slice(vi));
        if (!m) return null;
        zone = m[0];
        vi += m[0].length;
        break;
      }
      default: {
        // numeric zones
        if (chunk.startsWith('Z') && value[vi] === 'Z') {
          vi++;
          break;
        }
        const m = /^([+-])(\d\d):?(\d\d)?(?::?(\d\d))?/.exec(value.slice(vi));
        if (!m) return null;
        vi += m[0].length;
        offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
        zone = '';
      }
    }
    if (v === null || Number.isNaN(v)) return null;
  }
  if (vi !== value.length) return null;
  if (pm !== null) {
    if (hour > 12) return null;
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, min, sec, ms) - offset * 60000;
  const d = new Date(utc);
  if (year < 100) d.setUTCFullYear(year);
  return new GoTime(d, zone || formatOffsetZone(offset), offset);
}

function formatOffsetZone(offset: number): string {
  if (offset === 0) return 'UTC';
  const a = Math.abs(offset);
  return (offset < 0 ? '-' : '+') + p2(Math.floor(a / 60)) + (a % 60 ? p2(a % 60) : '');
}

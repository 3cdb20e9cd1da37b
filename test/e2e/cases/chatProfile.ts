/**
 * An opt-in CPU profile of the chat webview while a case runs (ATMOS_AI_E2E_PROFILE=1): where the main thread's
 * time goes, for performance work, never for assertions. The production bundle is minified, so each hot function
 * is printed with the start of its source text, which is enough to tell marked, highlight.js, DOMPurify, Preact and
 * the virtualizer apart. The full .cpuprofile is written beside the screenshots (open it in Chrome DevTools).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CDPSession, Frame } from 'playwright-core';
import type { E2eContext } from '../context';

interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export function profilingWanted(): boolean {
  return process.env.ATMOS_AI_E2E_PROFILE === '1';
}

/** Starts the V8 profiler in the webview's frame (its own target when the frame is out of process). */
export async function startProfile(ctx: E2eContext, frame: Frame): Promise<CDPSession> {
  let session: CDPSession;
  try {
    session = await ctx.page.context().newCDPSession(frame);
  } catch {
    session = await ctx.page.context().newCDPSession(ctx.page);
  }
  await session.send('Profiler.enable');
  await session.send('Debugger.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  return session;
}

/** Stops the profiler, saves the profile and prints the functions with the most inclusive and self time. */
export async function stopProfile(session: CDPSession, name: string): Promise<void> {
  const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: Profile };
  const dir = process.env.ATMOS_AI_E2E_ARTIFACTS ?? path.join(process.cwd(), '.artifacts', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const key = (f: CallFrame) => `${f.functionName || '(anonymous)'}@${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
  const selfByKey = new Map<string, number>();
  const totalByKey = new Map<string, number>();
  const frameOf = new Map<string, CallFrame>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    selfByKey.set(key(node.callFrame), (selfByKey.get(key(node.callFrame)) ?? 0) + ms);
    // Inclusive: once per distinct function on the stack (recursion counted once).
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      const k = key(f);
      if (seen.has(k)) continue;
      seen.add(k);
      frameOf.set(k, f);
      totalByKey.set(k, (totalByKey.get(k) ?? 0) + ms);
    }
  }
  const sources = new Map<string, string>();
  const snippet = async (f: CallFrame): Promise<string> => {
    if (!f.scriptId || f.scriptId === '0') return '';
    if (!sources.has(f.scriptId)) {
      try {
        const { scriptSource } = (await session.send('Debugger.getScriptSource', { scriptId: f.scriptId })) as { scriptSource: string };
        sources.set(f.scriptId, scriptSource);
      } catch {
        sources.set(f.scriptId, '');
      }
    }
    const line = (sources.get(f.scriptId) ?? '').split('\n')[f.lineNumber] ?? '';
    return line.slice(f.columnNumber, f.columnNumber + 90).replace(/\s+/g, ' ');
  };
  const wall = (profile.endTime - profile.startTime) / 1000;
  console.log(`profile ${name}: ${Math.round(wall)} ms wall`);
  for (const [label, table] of [
    ['inclusive', totalByKey],
    ['self', selfByKey],
  ] as const) {
    console.log(`  top ${label}:`);
    for (const [k, ms] of [...table].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      const f = frameOf.get(k) ?? byId.get(profile.nodes.find((n) => key(n.callFrame) === k)?.id ?? -1)?.callFrame;
      console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${k}  ${f ? await snippet(f) : ''}`);
    }
  }
  await session.detach();
}

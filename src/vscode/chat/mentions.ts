/**
 * `@` mentions in the composer: a stack or a component of the workspace, offered as you type and attached to
 * the question as context (a second text block the model reads; the transcript shows only what was typed).
 * Plain TypeScript over a slice of the engine, so it is unit-tested without VS Code.
 */
import type { MentionCandidate } from '../../protocol';

export interface MentionSource {
  listStacks(): string[];
  listComponents(): { component: string; type: string; stacks: string[]; abstract: boolean }[];
}

const MAX_CANDIDATES = 20;
const MAX_LISTED = 40;

export function mentionCandidates(source: MentionSource, query: string): MentionCandidate[] {
  const q = query.toLowerCase();
  const components = source.listComponents().filter((c) => !c.abstract);
  const all: MentionCandidate[] = [
    ...source.listStacks().map((s): MentionCandidate => ({ label: s, kind: 'stack', detail: `stack · ${components.filter((c) => c.stacks.includes(s)).length} components` })),
    ...components.map((c): MentionCandidate => ({ label: c.component, kind: 'component', detail: `${c.type} component · ${c.stacks.length} stacks` })),
  ];
  const starts = all.filter((c) => c.label.toLowerCase().startsWith(q));
  const contains = all.filter((c) => !c.label.toLowerCase().startsWith(q) && c.label.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, MAX_CANDIDATES);
}

/** The context for every `@name` in the text that names a stack or component; undefined when none does. */
export function mentionContext(source: MentionSource, text: string): string | undefined {
  const names = [...new Set([...text.matchAll(/(?:^|\s)@([\w./-]+)/g)].map((m) => m[1].replace(/[.,;:]+$/, '')))];
  if (names.length === 0) return undefined;
  const stacks = new Set(source.listStacks());
  const components = source.listComponents().filter((c) => !c.abstract);
  const lines: string[] = [];
  for (const name of names) {
    if (stacks.has(name)) {
      const inStack = components.filter((c) => c.stacks.includes(name)).map((c) => `${c.component} (${c.type})`);
      lines.push(`- Stack \`${name}\`: ${inStack.length} components: ${list(inStack)}`);
    }
    const component = components.find((c) => c.component === name);
    if (component) lines.push(`- Component \`${name}\` (${component.type}) is in ${component.stacks.length} stacks: ${list(component.stacks)}`);
  }
  if (lines.length === 0) return undefined;
  return `[Context the user attached with @ mentions — use the Atmos tools for details]\n${lines.join('\n')}`;
}

function list(items: string[]): string {
  return items.length > MAX_LISTED ? `${items.slice(0, MAX_LISTED).join(', ')}, … (${items.length - MAX_LISTED} more)` : items.join(', ');
}

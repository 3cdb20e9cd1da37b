/**
 * How token usage and cost read in the header and under each answer. A provider that reports no usage (VS Code
 * language models) gets "usage not reported", never "0 in · 0 out · $0", which would read as a free answer.
 */
import type { MessageUsage, UsageFigures } from '../src/protocol';

export interface UsageText {
  text: string;
  /** The tooltip: what the figures count, or why they are missing. */
  title: string;
  state: 'reported' | 'not-reported' | 'partial';
}

export const NOT_REPORTED = 'usage not reported';

const WHY =
  'The provider did not report token usage, so tokens and cost are unknown (VS Code language models never report it; an answer stopped mid-stream may lack it too).';

export function formatCost(cost: number): string {
  if (cost === 0) return '$0';
  return cost < 0.01 ? `$${cost.toFixed(4)}` : `$${cost.toFixed(2)}`;
}

const answers = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'answer' : 'answers'}`;

/** The session total in the header. */
export function sessionUsageText(usage: UsageFigures): UsageText {
  const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  const known = `${input.toLocaleString()} in · ${usage.outputTokens.toLocaleString()} out · ${formatCost(usage.cost)}`;
  const detail = `${usage.inputTokens.toLocaleString()} input, ${usage.outputTokens.toLocaleString()} output, ${usage.cacheReadTokens.toLocaleString()} cached tokens`;
  const missing = usage.unreportedResponses ?? 0;
  if (missing === 0) return { text: known, title: `Session: ${detail}`, state: 'reported' };
  if (input + usage.outputTokens === 0) {
    return { text: NOT_REPORTED, title: `Session: no usage reported for ${answers(missing)}. ${WHY}`, state: 'not-reported' };
  }
  return {
    text: `${known} · +${missing.toLocaleString()} not reported`,
    title: `Session: ${detail} from the answers that reported usage; ${answers(missing)} reported none, so the real use is higher. ${WHY}`,
    state: 'partial',
  };
}

/** The footer under one answer; undefined when there is nothing to say (an answer still streaming). */
export function messageUsageText(usage: MessageUsage | undefined, notReported: boolean | undefined): UsageText | undefined {
  if (usage) {
    const cost = usage.cost !== undefined && usage.cost > 0 ? ` · ${formatCost(usage.cost)}` : '';
    return { text: `${usage.inputTokens.toLocaleString()} in · ${usage.outputTokens.toLocaleString()} out${cost}`, title: 'Tokens for this answer', state: 'reported' };
  }
  if (notReported) return { text: NOT_REPORTED, title: WHY, state: 'not-reported' };
  return undefined;
}

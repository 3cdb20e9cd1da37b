/**
 * Cost of a message from its token usage and the dated price table (prices.json). Unknown models cost
 * `undefined` (shown as "cost unknown"), never a guess. Local models (Ollama) cost 0.
 */
import prices from './prices.json';
import type { ProviderId, TokenUsage } from './types';

export interface ModelPrice {
  /** USD per 1M uncached input tokens. */
  input: number;
  output: number;
  /** USD per 1M tokens read from the cache; defaults to the input rate. */
  cacheRead?: number;
  /** USD per 1M tokens written to the cache; defaults to the input rate. */
  cacheWrite?: number;
}

export const PRICES_AS_OF: string = prices.as_of;

const tables = prices.providers as Record<string, Record<string, ModelPrice>>;

/** Which table prices a provider's models: Azure deployments of OpenAI models, Bedrock's Anthropic models. */
function tableFor(provider: ProviderId, model: string): { table: Record<string, ModelPrice>; model: string } | undefined {
  if (provider === 'azure') return { table: tables.openai, model };
  if (provider === 'bedrock') {
    // "us.anthropic.claude-sonnet-5-5-v1:0" → "claude-sonnet-5-5-v1:0"
    const m = /(?:^|\.)anthropic\.(.+)$/.exec(model);
    return m ? { table: tables.anthropic, model: m[1] } : tables.bedrock ? { table: tables.bedrock, model } : undefined;
  }
  const table = tables[provider];
  return table ? { table, model } : undefined;
}

/** What may follow a listed id and still be the same model: a date snapshot, a version tag, `latest`. */
const SNAPSHOT_SUFFIX = /^[-@:](\d{8}|\d{4}-\d{2}-\d{2}|v\d[\w.:-]*|latest|preview[\w.-]*)$/;

/**
 * The price row for a model: the exact id, else a listed id plus a snapshot suffix
 * ("claude-sonnet-5-5-20261001", "gpt-5-mini-2025-08-07"). Anything else is unknown: a wrong price is worse than none.
 */
export function priceOf(provider: ProviderId, model: string): ModelPrice | undefined {
  const found = tableFor(provider, model.toLowerCase());
  if (!found) return undefined;
  const { table } = found;
  const id = found.model;
  if (table[id]) return table[id];
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (id.startsWith(key) && SNAPSHOT_SUFFIX.test(id.slice(key.length)) && (!best || key.length > best.length)) best = key;
  }
  return best ? table[best] : undefined;
}

/** USD cost of one response's usage, or undefined when the model has no price on file. */
export function costOf(usage: TokenUsage, provider: ProviderId, model: string): number | undefined {
  if (provider === 'ollama') return 0;
  const p = priceOf(provider, model);
  if (!p) return undefined;
  const usd =
    usage.inputTokens * p.input +
    usage.outputTokens * p.output +
    usage.cacheReadTokens * (p.cacheRead ?? p.input) +
    usage.cacheWriteTokens * (p.cacheWrite ?? p.input);
  return usd / 1_000_000;
}

export interface CostedUsage {
  usage: TokenUsage;
  provider: ProviderId;
  model: string;
}

/** A session's cost: the sum over its messages, and how many had no price (so the total is a lower bound). */
export function sessionCost(entries: Iterable<CostedUsage>): { usd: number; unpriced: number } {
  let usd = 0;
  let unpriced = 0;
  for (const e of entries) {
    const c = costOf(e.usage, e.provider, e.model);
    if (c === undefined) unpriced++;
    else usd += c;
  }
  return { usd, unpriced };
}

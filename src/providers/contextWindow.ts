/**
 * How many tokens fit in one request to a model, from the dated table contextWindows.json. Unknown models
 * give `undefined` (the chat hides its context meter and says why), never a guess. Ids match as prices.json's
 * do: the exact id, or a listed id plus a snapshot suffix.
 */
import windows from './contextWindows.json';
import type { ProviderId } from './types';

export const CONTEXT_WINDOWS_AS_OF: string = windows.as_of;

const tables = windows.providers as Record<string, Record<string, number>>;

/** What may follow a listed id and still be the same model: a date snapshot, a version tag, `latest`. */
const SNAPSHOT_SUFFIX = /^[-@:](\d{8}|\d{4}-\d{2}-\d{2}|v\d[\w.:-]*|latest|preview[\w.-]*)$/;

/** Which table holds a provider's models: Azure deploys OpenAI's, Bedrock serves Anthropic's. */
function tableFor(provider: ProviderId | string, model: string): { table: Record<string, number>; model: string } | undefined {
  if (provider === 'azure') return { table: tables.openai, model };
  if (provider === 'bedrock') {
    const m = /(?:^|\.)anthropic\.(.+)$/.exec(model);
    return m ? { table: tables.anthropic, model: m[1] } : undefined;
  }
  const table = tables[provider];
  return table ? { table, model } : undefined;
}

/** The model's context window in tokens, or undefined when it is not on file. */
export function contextWindowOf(provider: ProviderId | string, model: string): number | undefined {
  if (!model) return undefined;
  const found = tableFor(provider, model.toLowerCase());
  if (!found) return undefined;
  const { table, model: id } = found;
  if (table[id] !== undefined) return table[id];
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (id.startsWith(key) && SNAPSHOT_SUFFIX.test(id.slice(key.length)) && (!best || key.length > best.length)) best = key;
  }
  return best ? table[best] : undefined;
}

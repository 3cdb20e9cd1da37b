/**
 * The system prompt: the agent's prompt, then the project's memory (ATMOS.md) and a compact repository
 * summary. Each part ends with a cache breakpoint: the agent prompt is the same for every conversation
 * and the project part changes only when the repository does, so providers can serve both from cache.
 */
import type { SystemPart } from '../providers/types';
import { memoryForPrompt } from '../memory/atmosMemory';

export interface SystemPromptInput {
  agentPrompt: string;
  /** ATMOS.md text, when memory is enabled and the file exists. */
  memory?: string;
  memoryMaxBytes: number;
  /** A few lines from the engine: Atmos root, stack count, naming, components. */
  repoSummary?: string;
}

export function buildSystemPrompt(input: SystemPromptInput): SystemPart[] {
  const parts: SystemPart[] = [{ text: input.agentPrompt.trim(), cache: true }];
  const project: string[] = [];
  if (input.repoSummary) project.push(`# This repository\n\n${input.repoSummary.trim()}`);
  if (input.memory && input.memoryMaxBytes > 0) {
    const { text } = memoryForPrompt(input.memory, input.memoryMaxBytes);
    if (text) project.push(`# Project memory (ATMOS.md, written by the team — follow its conventions)\n\n${text}`);
  }
  if (project.length > 0) parts.push({ text: project.join('\n\n'), cache: true });
  return parts;
}

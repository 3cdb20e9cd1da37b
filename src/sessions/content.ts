/**
 * Message content as typed blocks. These mirror `src/providers/types.ts` (ContentBlock, TokenUsage)
 * structurally; once that file is committed this module re-exports its types instead (one edit).
 */

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface ToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  content: string | TextBlock[];
  isError?: boolean;
}

export interface ImageBlock {
  type: 'image';
  mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  data: string;
}

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock | ImageBlock;

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** The searchable / human-readable text of a message: text, tool names and inputs, tool results. */
export function blocksToText(blocks: readonly ContentBlock[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        parts.push(block.text);
        break;
      case 'tool_use':
        parts.push(`[tool_use ${block.name}] ${JSON.stringify(block.input)}`);
        break;
      case 'tool_result':
        parts.push(
          `[tool_result${block.isError ? ' error' : ''}] ${typeof block.content === 'string' ? block.content : block.content.map((b) => b.text).join('\n')}`,
        );
        break;
      case 'image':
        parts.push(`[image ${block.mediaType}]`);
        break;
    }
  }
  return parts.join('\n');
}

/** Message content as typed blocks: the providers' canonical types, so sessions replay into any provider. */
import type { ContentBlock } from '../providers/types';

export type { ContentBlock, ImageBlock, TextBlock, TokenUsage, ToolResultBlock, ToolUseBlock } from '../providers/types';

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

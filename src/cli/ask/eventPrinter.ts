/** How `atmos-ai ask` shows a turn: the answer on stdout, tool activity on stderr; or NDJSON with `--json`. */
import type { ChatEvent } from '../../chat/chatEvents';

export interface AskOutput {
  out(text: string): void;
  err(text: string): void;
}

export function printEvent(event: ChatEvent, json: boolean, io: AskOutput): void {
  if (json) {
    io.out(`${JSON.stringify(event)}\n`);
    return;
  }
  switch (event.type) {
    case 'text':
      io.out(event.delta);
      break;
    case 'tool_call':
      io.err(`\n⚙ ${event.tool} ${JSON.stringify(event.args)}${event.atmosCommand ? `  (${event.atmosCommand})` : ''}\n`);
      break;
    case 'tool_result':
      io.err(`  ${event.isError ? '✗' : '✓'} ${event.tool} ${event.outcome} in ${event.durationMs} ms${event.truncated ? ' (truncated)' : ''}\n`);
      break;
    case 'tool_decision':
      if (event.decision === 'deny') io.err(`  ✗ ${event.reason}\n`);
      break;
    case 'error':
      io.err(`\natmos-ai: ${event.error.message}\n`);
      break;
    case 'done':
      io.out('\n');
      break;
    default:
      break;
  }
}

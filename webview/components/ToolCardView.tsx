import { memo } from 'preact/compat';
import type { ApprovalChoice, ToolCard } from '../../src/protocol';
import { TOOL_STATES } from '../buttonConfig';

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A tool call: tool, arguments, the equivalent atmos command, status, duration, a collapsible result and, when asked, the approval buttons. */
export const ToolCardView = memo(function ToolCardView({
  card,
  onAnswer,
  onShowDiff,
}: {
  card: ToolCard;
  onAnswer: (callId: string, answer: ApprovalChoice) => void;
  onShowDiff: (callId: string) => void;
}) {
  const state = TOOL_STATES[card.status];
  const args = JSON.stringify(card.args, null, 2);
  return (
    <section class={`tool-card tone-${state.tone}`} data-testid="tool-card" data-status={card.status} data-tool={card.tool} aria-label={`Tool ${card.tool}: ${state.label}`}>
      <header class="tool-head">
        <span class={`codicon codicon-${state.icon}${state.spin ? ' codicon-modifier-spin' : ''}`} aria-hidden="true" />
        <span class="tool-name">{card.tool}</span>
        <span class="tool-status" data-testid="tool-status">{state.label}</span>
        {card.durationMs !== undefined && <span class="tool-duration">{formatDuration(card.durationMs)}</span>}
      </header>
      {card.atmosCommand && (
        <div class="tool-command" title="The equivalent atmos command">
          <span class="codicon codicon-terminal" aria-hidden="true" /> <code>{card.atmosCommand}</code>
        </div>
      )}
      <details class="tool-args">
        <summary>Arguments</summary>
        <pre>
          <code>{args}</code>
        </pre>
      </details>
      {card.reason && card.status !== 'success' && <p class="tool-reason">{card.reason}</p>}
      {card.preview?.summary && <p class="tool-preview">{card.preview.summary}</p>}
      {card.preview?.diff && (
        <details class="tool-diff" open={state.showDiff}>
          <summary>Proposed change</summary>
          <DiffText diff={card.preview.diff} />
          {state.showDiff && (
            <button type="button" class="btn btn-secondary" data-testid="show-diff" onClick={() => onShowDiff(card.callId)}>
              <span class="codicon codicon-diff" aria-hidden="true" /> Show diff
            </button>
          )}
        </details>
      )}
      {state.buttons.length > 0 && (
        <div class="approval-buttons" role="group" aria-label="Approve this tool call">
          {state.buttons.map((b) => (
            <button
              type="button"
              class={`btn btn-${b.style}`}
              data-answer={b.answer}
              title={`${b.label} (${b.shortcut})`}
              aria-keyshortcuts={b.shortcut}
              onClick={() => onAnswer(card.callId, b.answer)}
            >
              <span class={`codicon codicon-${b.icon}`} aria-hidden="true" /> {b.label}
            </button>
          ))}
        </div>
      )}
      {card.answer && <p class="tool-answer">You answered: {card.answer.replace('_', ' ')}</p>}
      {card.result !== undefined && (
        <details class="tool-result" open={state.openResult}>
          <summary>Result{card.truncated ? ' (truncated)' : ''}</summary>
          <pre data-testid="tool-result">
            <code>{card.result}</code>
          </pre>
        </details>
      )}
    </section>
  );
});

/** A unified diff, one line per row, added and removed lines coloured; the patch's Index/==== banner dropped. */
function DiffText({ diff }: { diff: string }) {
  const lines = diff.split('\n').filter((l, i) => !(i < 2 && (/^Index: /.test(l) || /^={10,}$/.test(l))));
  return (
    <pre class="diff-text">
      <code>
        {lines.map((line) => {
          const kind = line.startsWith('+++') || line.startsWith('---') ? 'file' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : 'ctx';
          return <span class={`diff-line diff-${kind}`}>{line || ' '}</span>;
        })}
      </code>
    </pre>
  );
}

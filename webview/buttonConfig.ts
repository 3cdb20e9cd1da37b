/**
 * The one table of what a tool card offers in each state (Cline's buttonConfig.ts is the model): components
 * render whatever this says, no state conditionals scattered over them.
 */
import type { ApprovalChoice, ToolStatus } from '../src/protocol';

export interface ApprovalButton {
  answer: ApprovalChoice;
  label: string;
  icon: string;
  /** `primary` / `secondary` / `danger` styling. */
  style: 'primary' | 'secondary' | 'danger';
  /** Shown in the title and aria-keyshortcuts; matched by `shortcutFor`. */
  shortcut: string;
}

export interface ToolStateView {
  label: string;
  icon: string;
  /** codicon modifier for animation (spinning while running). */
  spin?: boolean;
  tone: 'neutral' | 'ok' | 'warn' | 'error';
  buttons: ApprovalButton[];
  /** The result section starts open (errors and denials are what the user needs to read). */
  openResult: boolean;
  /** A proposed file change can be opened in VS Code's diff editor (while the answer is pending). */
  showDiff: boolean;
}

const ALLOW_ONCE: ApprovalButton = { answer: 'allow_once', label: 'Allow once', icon: 'check', style: 'primary', shortcut: 'Alt+A' };
const ALLOW_ALWAYS: ApprovalButton = { answer: 'allow_always', label: 'Allow always', icon: 'check-all', style: 'secondary', shortcut: 'Alt+Shift+A' };
const DENY: ApprovalButton = { answer: 'deny', label: 'Deny', icon: 'circle-slash', style: 'danger', shortcut: 'Alt+D' };

export const TOOL_STATES: Record<ToolStatus, ToolStateView> = {
  awaiting_approval: { label: 'Needs your approval', icon: 'shield', tone: 'warn', buttons: [ALLOW_ONCE, ALLOW_ALWAYS, DENY], openResult: false, showDiff: true },
  running: { label: 'Running', icon: 'loading', spin: true, tone: 'neutral', buttons: [], openResult: false, showDiff: false },
  success: { label: 'Done', icon: 'pass', tone: 'ok', buttons: [], openResult: false, showDiff: false },
  error: { label: 'Failed', icon: 'error', tone: 'error', buttons: [], openResult: true, showDiff: false },
  denied: { label: 'Denied', icon: 'circle-slash', tone: 'error', buttons: [], openResult: true, showDiff: false },
  cancelled: { label: 'Cancelled', icon: 'debug-stop', tone: 'neutral', buttons: [], openResult: false, showDiff: false },
  timeout: { label: 'Timed out', icon: 'watch', tone: 'error', buttons: [], openResult: true, showDiff: false },
  invalid: { label: 'Invalid arguments', icon: 'warning', tone: 'error', buttons: [], openResult: true, showDiff: false },
};

/** The approval answer a key press means, when an approval is pending (physical keys, so macOS Alt works). */
export function shortcutFor(e: { code: string; altKey: boolean; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): ApprovalChoice | undefined {
  if (!e.altKey || e.ctrlKey || e.metaKey) return undefined;
  if (e.code === 'KeyA') return e.shiftKey ? 'allow_always' : 'allow_once';
  if (e.code === 'KeyD' && !e.shiftKey) return 'deny';
  return undefined;
}

export const FIX_LABELS: Record<string, { label: string; icon: string }> = {
  setApiKey: { label: 'Set API Key', icon: 'key' },
  openSettings: { label: 'Open Settings', icon: 'settings-gear' },
  retry: { label: 'Retry', icon: 'refresh' },
  selectProvider: { label: 'Switch Provider', icon: 'arrow-swap' },
  selectModel: { label: 'Choose Model', icon: 'symbol-class' },
};

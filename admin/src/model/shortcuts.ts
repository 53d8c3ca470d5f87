/**
 * The console's keyboard shortcuts: one table, read by the key handler and shown by the help
 * dialog, so the two cannot disagree. Pure: no DOM beyond the shape of a KeyboardEvent.
 */

export type Command =
  | 'next'
  | 'previous'
  | 'approve'
  | 'delete'
  | 'pin'
  | 'reports'
  | 'select'
  | 'select-all'
  | 'approve-selected'
  | 'delete-selected'
  | 'ban'
  | 'lock'
  | 'search'
  | 'refresh'
  | 'help'
  | 'view-1'
  | 'view-2'
  | 'view-3'
  | 'view-4'
  | 'view-5'
  | 'view-6';

export interface Shortcut {
  /** KeyboardEvent.key, as typed (so `A` is Shift+a and `?` is whatever the layout needs). */
  key: string;
  command: Command;
  /** What the help dialog says it does. */
  label: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { key: 'j', command: 'next', label: 'Next comment' },
  { key: 'k', command: 'previous', label: 'Previous comment' },
  { key: 'a', command: 'approve', label: 'Approve the comment' },
  { key: 'd', command: 'delete', label: 'Delete the comment (asks first)' },
  { key: 'p', command: 'pin', label: 'Pin or unpin the comment at the top of its thread' },
  { key: 'r', command: 'reports', label: 'Show or hide its reports and hold reasons' },
  { key: 'x', command: 'select', label: 'Select or unselect the comment' },
  { key: '*', command: 'select-all', label: 'Select all shown, or none' },
  { key: 'A', command: 'approve-selected', label: 'Approve the selected comments' },
  { key: 'D', command: 'delete-selected', label: 'Delete the selected comments (asks first)' },
  { key: 'b', command: 'ban', label: 'Ban the comment’s author' },
  { key: 'l', command: 'lock', label: 'Lock or unlock the comment’s thread' },
  { key: '/', command: 'search', label: 'Search' },
  { key: 'u', command: 'refresh', label: 'Reload the list' },
  { key: '?', command: 'help', label: 'Show these shortcuts' },
  { key: '1', command: 'view-1', label: 'Pending' },
  { key: '2', command: 'view-2', label: 'Reported' },
  { key: '3', command: 'view-3', label: 'Recent' },
  { key: '4', command: 'view-4', label: 'Deleted' },
  { key: '5', command: 'view-5', label: 'Bans' },
  { key: '6', command: 'view-6', label: 'Audit log' },
];

const BY_KEY = new Map(SHORTCUTS.map((shortcut) => [shortcut.key, shortcut.command]));

/** Inputs in which a letter is not typed (a key there may be a command). */
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Whether keys pressed in `target` are typing (text fields, selects, editable content). */
function isTyping(target: Element): boolean {
  if (target.tagName === 'INPUT') return !NOT_TYPED.has((target as HTMLInputElement).type);
  return (
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT' ||
    (target as HTMLElement).isContentEditable === true
  );
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
  defaultPrevented?: boolean;
}

/**
 * The command a key press means, or null: none while typing in a field (`target` is the element
 * that has focus, across shadow roots), while an IME composes, with Ctrl, Alt or Meta held (the
 * browser's and the screen reader's own keys), or when something already handled it.
 */
export function commandFor(event: KeyLike, target: Element | null): Command | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  if (event.defaultPrevented) return null;
  if (target && isTyping(target)) return null;
  return BY_KEY.get(event.key) ?? null;
}

/** The element that really has focus, looking into open shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): Element | null {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

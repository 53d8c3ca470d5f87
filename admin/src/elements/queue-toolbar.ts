/**
 * The queue's toolbar templates: the filter form (text, author, page) and the bar that acts on
 * the selected comments. Templates only: the queue element owns the state and the handlers.
 */
import { html, nothing } from 'lit';
import type { ModQueue } from '../../../src/protocol/index.js';
import type { QueueFilter } from '../model/queue.js';

export const isFiltered = (filter: QueueFilter) => !!(filter.q || filter.author || filter.page);

export function filterForm(
  filter: QueueFilter,
  submit: (event: SubmitEvent) => void,
  clear: () => void,
) {
  return html`<form
    class="filters bar"
    role="search"
    aria-label="Filter the queue"
    @submit=${submit}
  >
    <label
      >Text
      <input
        id="filter-q"
        name="q"
        type="search"
        maxlength="200"
        .value=${filter.q}
        aria-keyshortcuts="/"
    /></label>
    <label
      >Author <input name="author" type="search" maxlength="200" .value=${filter.author}
    /></label>
    <label>Page <input name="page" type="search" maxlength="512" .value=${filter.page} /></label>
    <button type="submit">Search</button>
    ${isFiltered(filter) ? html`<button type="button" @click=${clear}>Clear filters</button>` : nothing}
  </form>`;
}

export interface SelectionActions {
  selectAll(): void;
  bulk(action: 'approve' | 'delete'): void;
}

export function selectionBar(listed: number, selected: number, actions: SelectionActions) {
  const all = listed > 0 && selected === listed;
  return html`<div class="bar" role="group" aria-label="Selected comments">
    <label class="inline"
      ><input
        type="checkbox"
        .checked=${all}
        .indeterminate=${selected > 0 && !all}
        ?disabled=${listed === 0}
        aria-keyshortcuts="*"
        @change=${() => actions.selectAll()}
      />
      Select all shown</label
    >
    <span class="muted" aria-live="off">${selected} selected</span>
    <button
      type="button"
      aria-keyshortcuts="Shift+A"
      ?disabled=${selected === 0}
      @click=${() => actions.bulk('approve')}
    >
      Approve selected
    </button>
    <button
      type="button"
      aria-keyshortcuts="Shift+D"
      ?disabled=${selected === 0}
      @click=${() => actions.bulk('delete')}
    >
      Delete selected
    </button>
  </div>`;
}

export function emptyText(status: ModQueue): string {
  switch (status) {
    case 'pending':
      return 'Nothing waiting for review. New comments held for review appear here as they arrive.';
    case 'reported':
      return 'No comment has open reports.';
    case 'published':
      return 'No published comment yet.';
    case 'deleted':
      return 'No deleted comment.';
  }
}

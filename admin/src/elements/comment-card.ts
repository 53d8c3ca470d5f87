import { html, nothing, type TemplateResult } from 'lit';
import type { ModComment, ModReport } from '../../../src/protocol/index.js';
import {
  formatRelative,
  formatTime,
  holdReason,
  reportReason,
  reportSummary,
} from '../model/labels.js';

/** The reports of a comment as the card shows them: not asked for, on their way, or here. */
export type ReportsState =
  { state: 'loading' } | { state: 'failed'; message: string } | ModReport[];

export interface CardState {
  current: boolean;
  selected: boolean;
  /** An action on this comment is on its way: its buttons wait. */
  busy: boolean;
  /** Present while the reports panel is open. */
  reports: ReportsState | undefined;
  /** Whether its thread is locked; undefined while not known. */
  locked: boolean | undefined;
}

/** What the card's controls do: the queue element's methods. */
export interface CardActions {
  focusCard(id: string): void;
  toggleSelected(id: string): void;
  approve(comment: ModComment): void;
  rejectEdit(comment: ModComment): void;
  deleteComment(comment: ModComment): void;
  pin(comment: ModComment): void;
  toggleReports(comment: ModComment): void;
  ban(comment: ModComment): void;
  lock(comment: ModComment): void;
  filterPage(page: string): void;
}

export const cardId = (id: string) => `comment-${id}`;

function authorOf(comment: ModComment): string {
  return comment.author.name || (comment.status === 'deleted' ? '(deleted)' : '(no name)');
}

/** Whether a comment can be pinned: published and top-level (the API's rule). */
export const canPin = (comment: ModComment) =>
  comment.status === 'published' && comment.parentId === null;

/** Whether approving does anything: held, a held edit, or open reports to dismiss. */
export const canApprove = (comment: ModComment) =>
  comment.status !== 'deleted' &&
  (comment.status === 'pending' || comment.pendingEdit !== undefined || comment.reports.count > 0);

function body(text: string): TemplateResult {
  return html`<console-comment-body class="body" .body=${text}></console-comment-body>`;
}

function reportsPanel(comment: ModComment, reports: ReportsState): TemplateResult {
  const id = `reports-${comment.id}`;
  let content: TemplateResult;
  if (!Array.isArray(reports)) {
    content =
      reports.state === 'loading'
        ? html`<p>Loading the reports…</p>`
        : html`<p>Could not load the reports: ${reports.message}</p>`;
  } else if (reports.length === 0) {
    content = html`<p>No reader has reported this comment.</p>`;
  } else {
    content = html`<ul>
      ${reports.map(
        (report) =>
          html`<li>
            <strong>${reportReason(report.reason)}</strong>${
              report.note ? html`: “<span class="note">${report.note}</span>”` : nothing
            }
            <span class="muted small">
              ·
              <time datetime=${report.createdAt}>${formatTime(report.createdAt)}</time>
              ${report.state === 'dismissed' ? ' · dismissed' : ''}</span
            >
          </li>`,
      )}
    </ul>`;
  }
  return html`<section class="reports" id=${id} aria-label="Reports of this comment">
    <h4>Reports</h4>
    ${
      comment.heldFor.length
        ? html`<p>Held because: ${comment.heldFor.map(holdReason).join('; ')}.</p>`
        : nothing
    }
    ${content}
  </section>`;
}

/** One comment of a queue: what it is, why it is here, and what can be done with it. */
export function commentCard(
  comment: ModComment,
  state: CardState,
  actions: CardActions,
): TemplateResult {
  const id = comment.id;
  const headingId = `heading-${id}`;
  const author = authorOf(comment);
  const edit = comment.pendingEdit;
  const held = edit ? edit.heldFor : comment.status === 'pending' ? comment.heldFor : [];
  const deleted = comment.status === 'deleted';
  const busy = state.busy;
  const lockLabel =
    state.locked === undefined ? 'Lock thread' : state.locked ? 'Unlock thread' : 'Lock thread';
  return html`<li>
    <article
      class="card"
      id=${cardId(id)}
      data-comment-id=${id}
      tabindex=${state.current ? 0 : -1}
      aria-current=${state.current ? 'true' : nothing}
      aria-labelledby=${headingId}
      aria-busy=${busy ? 'true' : nothing}
      @focusin=${() => actions.focusCard(id)}
    >
      <header>
        <input
          type="checkbox"
          .checked=${state.selected}
          aria-label=${`Select the comment by ${author}`}
          aria-keyshortcuts="x"
          @change=${() => actions.toggleSelected(id)}
        />
        <h3 id=${headingId}>
          <span class="author">${author}</span>${
            comment.author.verified ? html` <span class="tag">signed in</span>` : nothing
          }
        </h3>
        <span
          class="tag ${comment.status === 'published' ? '' : 'warn'}"
          data-status=${comment.status}
          >${comment.status}</span
        >
        ${edit ? html`<span class="tag warn">edit awaiting review</span>` : nothing}
        ${comment.pinned ? html`<span class="tag">pinned</span>` : nothing}
        ${state.locked ? html`<span class="tag">thread locked</span>` : nothing}
        <time
          class="muted small"
          datetime=${comment.createdAt}
          title=${formatTime(comment.createdAt)}
          >${formatRelative(comment.createdAt)}</time
        >
      </header>
      <p class="small">
        <span class="muted">On</span>
        <button
          type="button"
          class="page-key"
          title="Show only this thread"
          @click=${() => actions.filterPage(comment.page)}
        >
          ${comment.page}
        </button>
        ${
          comment.parentId
            ? html`<span class="muted">· reply to comment ${comment.parentId}</span>`
            : nothing
        }
        <span class="muted">· comment ${id}</span>
        ${
          comment.author.url
            ? html`<span class="muted">· </span><span class="page-key">${comment.author.url}</span>`
            : nothing
        }
      </p>
      ${
        held.length
          ? html`<p class="small held">
              <strong>Held:</strong> ${held.map(holdReason).join('; ')}
            </p>`
          : nothing
      }
      ${
        comment.reports.count > 0
          ? html`<p class="small"><strong>${reportSummary(comment.reports)}</strong></p>`
          : nothing
      }
      ${
        edit
          ? html`<div class="edit">
              <div>
                <h4>Published text</h4>
                ${body(comment.body)}
              </div>
              <div class="new">
                <h4>Edited text, awaiting review</h4>
                ${body(edit.body)}
              </div>
            </div>`
          : deleted
            ? html`<p class="muted">Deleted: its text is gone.</p>`
            : body(comment.body)
      }
      ${state.reports ? reportsPanel(comment, state.reports) : nothing}
      <div class="actions bar" role="group" aria-label=${`Actions for the comment by ${author}`}>
        ${
          canApprove(comment)
            ? html`<button
                type="button"
                class="primary"
                aria-keyshortcuts="a"
                ?disabled=${busy}
                @click=${() => actions.approve(comment)}
              >
                ${edit && comment.status === 'published' ? 'Approve edit' : 'Approve'}
              </button>`
            : nothing
        }
        ${
          edit
            ? html`<button
                type="button"
                ?disabled=${busy}
                @click=${() => actions.rejectEdit(comment)}
              >
                Reject edit
              </button>`
            : nothing
        }
        ${
          deleted
            ? nothing
            : html`<button
                type="button"
                aria-keyshortcuts="d"
                ?disabled=${busy}
                @click=${() => actions.deleteComment(comment)}
              >
                Delete
              </button>`
        }
        ${
          canPin(comment)
            ? html`<button
                type="button"
                aria-keyshortcuts="p"
                aria-pressed=${comment.pinned ? 'true' : 'false'}
                ?disabled=${busy}
                @click=${() => actions.pin(comment)}
              >
                Pin
              </button>`
            : nothing
        }
        <button
          type="button"
          aria-keyshortcuts="r"
          aria-expanded=${state.reports ? 'true' : 'false'}
          aria-controls=${state.reports ? `reports-${id}` : nothing}
          @click=${() => actions.toggleReports(comment)}
        >
          Reports${comment.reports.count ? ` (${comment.reports.count})` : ''}
        </button>
        ${
          deleted
            ? nothing
            : html`<button
                type="button"
                aria-keyshortcuts="b"
                ?disabled=${busy}
                @click=${() => actions.ban(comment)}
              >
                Ban author
              </button>`
        }
        <button
          type="button"
          aria-keyshortcuts="l"
          ?disabled=${busy || state.locked === undefined}
          @click=${() => actions.lock(comment)}
        >
          ${lockLabel}
        </button>
      </div>
    </article>
  </li>`;
}

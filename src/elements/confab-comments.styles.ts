import { css, unsafeCSS } from '@lit/reactive-element';
import { AVATAR_HUES } from '../render/avatar.js';

// Evenly spread hues for generated avatars; the class is picked from a hash of the name.
const avatarHues = unsafeCSS(
  Array.from(
    { length: AVATAR_HUES },
    (_, index) => `.hue-${index}{--confab-avatar-hue:${(index * 360) / AVATAR_HUES}}`,
  ).join(''),
);

export const commentsStyles = css`
  :host {
    display: block;
    position: relative;
    color: var(--confab-color-text);
    background: var(--confab-host-background);
    font-family: var(--confab-font-family);
    font-size: var(--confab-font-size);
    line-height: var(--confab-line-height);
    contain: layout style;
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: var(--confab-spacing);
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--confab-spacing);
  }

  h2 {
    margin: 0;
    font-size: var(--confab-font-size-heading);
  }

  select {
    font: inherit;
    color: inherit;
    background: var(--confab-color-background);
    border: 1px solid var(--confab-color-border);
    border-radius: var(--confab-radius);
    padding: calc(var(--confab-spacing) / 4) calc(var(--confab-spacing) / 2);
    margin-inline-start: calc(var(--confab-spacing) / 2);
  }

  .placeholder {
    min-height: var(--confab-placeholder-height);
    margin: 0;
    color: var(--confab-color-text-muted);
    background: var(--confab-color-surface);
    border-radius: var(--confab-radius);
    padding: var(--confab-spacing);
    box-sizing: border-box;
  }

  .notice,
  .empty {
    margin: 0;
    padding: var(--confab-spacing);
    color: var(--confab-color-text-muted);
    background: var(--confab-color-surface);
    border-radius: var(--confab-radius);
  }

  .error {
    color: var(--confab-color-danger);
    margin: 0;
  }

  .error-state {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--confab-spacing) / 2);
    padding: var(--confab-spacing);
    border: 1px solid var(--confab-color-danger);
    border-radius: var(--confab-radius);
  }

  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  /* Block layout with margins, not flex: nested flex columns, one per reply level, made
     layout of deep threads slow. */
  .thread > li + li,
  .replies > li + li {
    margin-block-start: var(--confab-comment-gap);
  }

  .thread > li {
    content-visibility: auto;
    contain-intrinsic-size: auto 9rem;
  }

  .replies {
    margin-block-start: var(--confab-comment-gap);
    padding-inline-start: var(--confab-reply-indent);
  }

  /* Replies deeper than --confab-max-depth (read by the element) keep their parent's indent. */
  .replies.flat {
    padding-inline-start: 0;
  }

  .comment {
    background: var(--confab-comment-background);
    border: 1px solid var(--confab-comment-border-color);
    border-radius: var(--confab-comment-radius);
    padding: var(--confab-comment-padding);
    scroll-margin-block: calc(var(--confab-spacing) * 2);
  }

  .comment.highlighted {
    background: var(--confab-highlight-background);
  }

  .comment:focus {
    outline: none;
  }

  .comment:focus-visible {
    outline: var(--confab-focus-ring);
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--confab-spacing) / 2);
  }

  .avatar {
    width: var(--confab-avatar-size);
    height: var(--confab-avatar-size);
    border-radius: var(--confab-avatar-radius);
    flex: none;
    object-fit: cover;
  }

  .avatar-background {
    fill: hsl(
      var(--confab-avatar-hue, 210) var(--confab-avatar-saturation) var(--confab-avatar-lightness)
    );
  }

  ${avatarHues}

  .avatar-initials {
    fill: var(--confab-avatar-text-color);
    font-family: var(--confab-font-family);
    font-size: 15px;
    font-weight: 600;
  }

  .author {
    margin: 0;
    font-size: var(--confab-font-size);
    font-weight: 600;
  }

  .meta,
  time,
  .in-reply-to {
    color: var(--confab-color-text-muted);
    font-size: var(--confab-font-size-small);
  }

  .in-reply-to {
    margin: calc(var(--confab-spacing) / 3) 0 0;
  }

  .badge {
    font-size: var(--confab-font-size-small);
    border: 1px solid var(--confab-color-border);
    border-radius: var(--confab-radius);
    padding: 0 calc(var(--confab-spacing) / 3);
  }

  a {
    color: var(--confab-link-color);
  }

  a.mention {
    color: var(--confab-mention-color);
    font-weight: 600;
  }

  .body {
    overflow-wrap: anywhere;
  }

  .body p,
  .body ul,
  .body ol,
  .body pre,
  .body blockquote {
    margin: calc(var(--confab-spacing) / 2) 0;
  }

  .body ol,
  .body ul {
    list-style: revert;
    padding-inline-start: calc(var(--confab-spacing) * 2);
  }

  .body code,
  .body pre {
    font-family: var(--confab-font-family-mono);
    font-size: var(--confab-font-size-small);
    background: var(--confab-code-background);
    border-radius: calc(var(--confab-radius) / 2);
  }

  .body code {
    padding: 0 0.2em;
  }

  .body pre {
    padding: calc(var(--confab-spacing) / 2);
    overflow-x: auto;
  }

  .body pre code {
    padding: 0;
  }

  .body blockquote {
    border-inline-start: 3px solid var(--confab-color-border);
    padding-inline-start: var(--confab-spacing);
    color: var(--confab-color-text-muted);
  }

  .body img {
    max-width: 100%;
    height: auto;
  }

  .source {
    white-space: pre-wrap;
  }

  .tombstone {
    margin: 0;
    font-style: italic;
    color: var(--confab-color-text-muted);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--confab-spacing) / 2);
    margin-block-start: calc(var(--confab-spacing) / 2);
    font-size: var(--confab-font-size-small);
  }

  .vote {
    display: inline-flex;
    align-items: center;
    padding: calc(var(--confab-spacing) / 4);
  }

  .vote svg {
    width: 1em;
    height: 1em;
    fill: currentColor;
  }

  .vote[aria-pressed='true'] {
    color: var(--confab-vote-active-color);
    border-color: var(--confab-vote-active-color);
  }

  .score {
    min-width: 1.5em;
    text-align: center;
    font-variant-numeric: tabular-nums;
    color: var(--confab-score-color);
  }

  .toggle {
    align-self: flex-start;
    margin-block-start: calc(var(--confab-spacing) / 2);
    font-size: var(--confab-font-size-small);
  }

  .confirm {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--confab-spacing) / 2);
  }

  .danger {
    color: var(--confab-color-danger);
    border-color: var(--confab-color-danger);
  }

  .load-more {
    align-self: center;
  }

  confab-composer {
    display: block;
    margin-block-start: calc(var(--confab-spacing) / 2);
  }
`;

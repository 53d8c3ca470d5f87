import { css } from '@lit/reactive-element';

/**
 * The composer's look. Every value goes through a `--confab-*` token, which
 * the thread element defines and which inherits through the shadow boundary;
 * the fallbacks keep the form usable on its own.
 */
export const composerStyles = css`
  :host {
    display: block;
    --_muted: var(--confab-color-text-muted, #5b6470);
    --_bg: var(--confab-color-background, #fff);
    --_border: 1px solid var(--confab-color-border, #8a929c);
    --_accent: var(--confab-color-accent, #0b5cd5);
    --_danger: var(--confab-color-danger, #b3261e);
    --_radius: var(--confab-radius, 0.5rem);
    --_gap: var(--confab-spacing, 0.75rem);
    color: var(--confab-color-text, #1d2128);
  }
  [hidden],
  .alert:empty {
    display: none !important;
  }
  form,
  .author,
  .field {
    display: grid;
    gap: var(--_gap);
  }
  .author {
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
  }
  .field {
    gap: 0.25rem;
    align-content: start;
  }
  p,
  ul {
    margin: 0;
  }
  .replying,
  .note,
  .meta {
    color: var(--_muted);
    font-size: var(--confab-font-size-small, 0.875em);
  }
  label,
  .over {
    font-weight: 600;
  }
  input,
  textarea,
  button,
  [role='listbox'],
  .preview {
    box-sizing: border-box;
    font: inherit;
    color: inherit;
    border: var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding: 0.5rem;
  }
  input,
  textarea {
    width: 100%;
  }
  textarea {
    min-height: var(--confab-composer-min-height, 6rem);
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  :focus-visible,
  textarea:focus,
  input:focus {
    outline: var(--confab-focus-ring, 2px solid var(--_accent));
    outline-offset: 2px;
  }
  .meta,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: space-between;
  }
  .actions {
    justify-content: flex-end;
  }
  .over,
  .field-error,
  .alert {
    color: var(--_danger);
  }
  .preview {
    border-style: dashed;
    overflow-wrap: anywhere;
  }
  .preview code,
  .preview pre {
    font-family: var(--confab-font-family-mono, monospace);
    background: var(--confab-code-background, transparent);
  }
  .preview pre {
    overflow-x: auto;
  }
  [role='listbox'] {
    padding: 0.25rem;
    list-style: none;
    max-height: 12rem;
    overflow-y: auto;
  }
  [role='option'] {
    padding: 0.25rem 0.5rem;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  [role='option'][aria-selected='true'],
  button[type='submit'] {
    border-color: var(--confab-primary-background, var(--_accent));
    background: var(--confab-primary-background, var(--_accent));
    color: var(--confab-primary-color, #fff);
  }
  button {
    padding: 0.45rem 0.9rem;
    border-color: var(--confab-button-border-color, var(--confab-color-border, #8a929c));
    border-radius: var(--confab-button-radius, var(--_radius));
    background: var(--confab-button-background, transparent);
    color: var(--confab-button-color, inherit);
    cursor: pointer;
  }
  button[type='submit'] {
    font-weight: 600;
  }
  button[aria-pressed='true'] {
    box-shadow: inset 0 0 0 2px var(--_accent);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
`;

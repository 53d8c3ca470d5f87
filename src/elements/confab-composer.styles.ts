import { css } from 'lit';

/**
 * The composer's look. Every value goes through a `--confab-*` token, which
 * the thread element defines and which inherits through the shadow boundary;
 * the fallbacks keep the form usable on its own.
 */
export const composerStyles = css`
  :host {
    display: block;
    --_fg: var(--confab-color-text, #1d2128);
    --_muted: var(--confab-color-text-muted, #5b6470);
    --_bg: var(--confab-color-background, #fff);
    --_border: var(--confab-color-border, #8a929c);
    --_accent: var(--confab-color-accent, #0b5cd5);
    --_danger: var(--confab-color-danger, #b3261e);
    --_radius: var(--confab-radius, 0.5rem);
    --_gap: var(--confab-spacing, 0.75rem);
    color: var(--_fg);
    font: inherit;
  }
  [hidden] {
    display: none !important;
  }
  form {
    display: grid;
    gap: var(--_gap);
  }
  .replying,
  .note,
  .meta {
    margin: 0;
    color: var(--_muted);
    font-size: var(--confab-font-size-small, 0.875em);
  }
  .author {
    display: grid;
    gap: var(--_gap);
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
  }
  .field {
    display: grid;
    gap: 0.25rem;
    align-content: start;
    position: relative;
  }
  label {
    font-weight: 600;
  }
  input,
  textarea,
  button {
    font: inherit;
    color: inherit;
    border-radius: var(--_radius);
  }
  input,
  textarea {
    box-sizing: border-box;
    width: 100%;
    padding: 0.5rem;
    border: 1px solid var(--_border);
    background: var(--_bg);
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
  .meta {
    display: flex;
    justify-content: space-between;
    gap: var(--_gap);
  }
  .over {
    color: var(--_danger);
    font-weight: 600;
  }
  .field-error,
  .alert {
    margin: 0;
    color: var(--_danger);
  }
  .alert:empty {
    display: none;
  }
  .preview code,
  .preview pre {
    font-family: var(--confab-font-family-mono, monospace);
    background: var(--confab-code-background, transparent);
  }
  .preview pre {
    overflow-x: auto;
    padding: 0.5rem;
  }
  .preview {
    padding: 0.5rem;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .preview :first-child {
    margin-top: 0;
  }
  .preview :last-child {
    margin-bottom: 0;
  }
  [role='listbox'] {
    margin: 0;
    padding: 0.25rem;
    list-style: none;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    max-height: 12rem;
    overflow-y: auto;
  }
  [role='option'] {
    padding: 0.25rem 0.5rem;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  [role='option'][aria-selected='true'] {
    background: var(--_accent);
    color: var(--confab-color-on-accent, #fff);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
  }
  button {
    padding: 0.45rem 0.9rem;
    border: 1px solid var(--confab-button-border-color, var(--_border));
    border-radius: var(--confab-button-radius, var(--_radius));
    background: var(--confab-button-background, transparent);
    color: var(--confab-button-color, var(--_fg));
    cursor: pointer;
  }
  button[aria-pressed='true'] {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  button[type='submit'] {
    border-color: var(--confab-primary-background, var(--_accent));
    background: var(--confab-primary-background, var(--_accent));
    color: var(--confab-primary-color, #fff);
    font-weight: 600;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
`;

import { css } from 'lit';

/**
 * The report form's look. Every value goes through a `--confab-*` token, which the thread element
 * defines and which inherits through the shadow boundary; the fallbacks keep the form usable on
 * its own.
 */
export const reportFormStyles = css`
  :host {
    display: block;
    margin-block-start: calc(var(--confab-spacing, 0.75rem) / 2);
    color: var(--confab-color-text, #1d2128);
    font-size: var(--confab-font-size-small, 0.875em);
  }
  form,
  fieldset {
    display: grid;
    gap: calc(var(--confab-spacing, 0.75rem) / 2);
  }
  fieldset {
    margin: 0;
    padding: calc(var(--confab-spacing, 0.75rem) / 2) var(--confab-spacing, 0.75rem);
    border: 1px solid var(--confab-color-border, #8a929c);
    border-radius: var(--confab-radius, 0.5rem);
  }
  legend,
  .note-label {
    font-weight: 600;
  }
  label {
    display: flex;
    gap: 0.4rem;
    align-items: center;
  }
  textarea,
  button {
    box-sizing: border-box;
    font: inherit;
    color: inherit;
    border: 1px solid var(--confab-button-border-color, var(--confab-color-border, #8a929c));
    border-radius: var(--confab-button-radius, var(--confab-radius, 0.5rem));
    background: var(--confab-color-background, #fff);
    padding: 0.4rem 0.8rem;
  }
  textarea {
    width: 100%;
    min-height: 3.5rem;
    resize: vertical;
  }
  button {
    background: var(--confab-button-background, transparent);
    color: var(--confab-button-color, inherit);
    cursor: pointer;
  }
  button[type='submit'] {
    font-weight: 600;
    border-color: var(--confab-primary-background, var(--confab-color-accent, #0b5cd5));
    background: var(--confab-primary-background, var(--confab-color-accent, #0b5cd5));
    color: var(--confab-primary-color, #fff);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :focus-visible,
  textarea:focus {
    outline: var(--confab-focus-ring, 2px solid var(--confab-color-accent, #0b5cd5));
    outline-offset: 2px;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
  }
  [role='alert'] {
    margin: 0;
    color: var(--confab-color-danger, #b3261e);
  }
`;

import { css } from 'lit';

/**
 * The report form's own look; buttons and focus come from the widget's shared styles, and every
 * value from the `--confab-*` tokens the thread element defines (they inherit into this shadow
 * root, which only ever sits in the thread's).
 */
export const reportFormStyles = css`
  :host {
    display: block;
    margin-block-start: calc(var(--confab-spacing) / 2);
    font-size: var(--confab-font-size-small);
  }
  form,
  fieldset {
    display: grid;
    gap: calc(var(--confab-spacing) / 2);
  }
  fieldset,
  textarea {
    margin: 0;
    border: 1px solid var(--confab-color-border);
    border-radius: var(--confab-radius);
  }
  legend,
  .note {
    font-weight: 600;
  }
  [type='radio'] {
    margin-inline: 0 0.4em;
  }
  textarea {
    font: inherit;
    color: inherit;
    background: var(--confab-color-background);
    padding: calc(var(--confab-spacing) / 3);
    min-height: 3.5rem;
    resize: vertical;
  }
  [type='submit'] {
    font-weight: 600;
    color: var(--confab-primary-color);
    background: var(--confab-primary-background);
    border-color: var(--confab-primary-background);
  }
  .buttons {
    display: flex;
    gap: calc(var(--confab-spacing) / 2);
    justify-content: flex-end;
  }
  p {
    margin: 0;
    color: var(--confab-color-danger);
  }
`;

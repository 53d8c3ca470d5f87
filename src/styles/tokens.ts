import { css } from '@lit/reactive-element';

/*
 * Design tokens, in two tiers (docs/theming.md lists them all):
 * - global tokens (`--confab-color-*`, `--confab-font-*`, `--confab-radius`, `--confab-spacing`);
 * - component knobs whose defaults point at the globals, so a site can change one detail.
 * Defaults are set on :host; a rule in the page that matches the element wins over
 * :host rules, so `confab-comments { --confab-color-accent: teal }` just works.
 * The values inherit into nested shadow roots (the composer uses the same tokens).
 */

const darkColors = css`
  --confab-color-text: #e6e8eb;
  --confab-color-text-muted: #a4abb5;
  --confab-color-background: #16181c;
  --confab-color-surface: #1e2126;
  --confab-color-border: #3a3f47;
  --confab-color-accent: #7cb0ff;
  --confab-color-on-accent: #0b1320;
  --confab-color-danger: #ff8a80;
  --confab-color-success: #7ee2a8;
  --confab-color-highlight: #3b3413;
  --confab-color-focus: #9cc3ff;
`;

export const tokens = css`
  :host {
    color-scheme: light dark;

    --confab-color-text: #1d2128;
    --confab-color-text-muted: #5b6470;
    --confab-color-background: #ffffff;
    --confab-color-surface: #f6f7f9;
    --confab-color-border: #d4d8de;
    --confab-color-accent: #0b5cd5;
    --confab-color-on-accent: #ffffff;
    --confab-color-danger: #b3261e;
    --confab-color-success: #1b6e3a;
    --confab-color-highlight: #fff4c2;
    --confab-color-focus: #0b5cd5;

    --confab-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --confab-font-family-mono: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    --confab-font-size: 1rem;
    --confab-font-size-small: 0.875rem;
    --confab-font-size-heading: 1.25rem;
    --confab-line-height: 1.5;
    --confab-radius: 0.5rem;
    --confab-spacing: 0.75rem;

    --confab-max-depth: 4;
    --confab-reply-indent: calc(var(--confab-spacing) * 2);
    --confab-avatar-size: 2.5rem;
    --confab-avatar-radius: 50%;
    --confab-avatar-saturation: 45%;
    --confab-avatar-lightness: 42%;
    --confab-avatar-text-color: #ffffff;
    --confab-placeholder-height: 12rem;
    --confab-host-background: var(--confab-color-background);
    --confab-comment-background: var(--confab-color-background);
    --confab-comment-border-color: var(--confab-color-border);
    --confab-comment-radius: var(--confab-radius);
    --confab-comment-padding: var(--confab-spacing);
    --confab-comment-gap: var(--confab-spacing);
    --confab-link-color: var(--confab-color-accent);
    --confab-mention-color: var(--confab-color-accent);
    --confab-button-background: transparent;
    --confab-button-color: var(--confab-color-text);
    --confab-button-border-color: var(--confab-color-border);
    --confab-button-radius: var(--confab-radius);
    --confab-primary-background: var(--confab-color-accent);
    --confab-primary-color: var(--confab-color-on-accent);
    --confab-vote-active-color: var(--confab-color-accent);
    --confab-score-color: var(--confab-color-text);
    --confab-code-background: var(--confab-color-surface);
    --confab-highlight-background: var(--confab-color-highlight);
    --confab-focus-ring: 2px solid var(--confab-color-focus);
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkColors}
    }
  }

  :host([theme='light']) {
    color-scheme: light;
  }

  :host([theme='dark']) {
    color-scheme: dark;
    ${darkColors}
  }
`;

/** Helpers every shadow root of the widget shares. */
export const shared = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  :focus-visible {
    outline: var(--confab-focus-ring);
    outline-offset: 2px;
  }

  button {
    font: inherit;
    color: var(--confab-button-color);
    background: var(--confab-button-background);
    border: 1px solid var(--confab-button-border-color);
    border-radius: var(--confab-button-radius);
    padding: calc(var(--confab-spacing) / 3) calc(var(--confab-spacing) * 0.75);
    cursor: pointer;
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  [hidden] {
    display: none !important;
  }
`;

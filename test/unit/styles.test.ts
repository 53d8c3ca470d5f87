import { expect } from '@open-wc/testing';
import tokensText from '../../src/styles/tokens.css?inline';
import { tokens } from '../../src/styles/tokens.js';
import { commentsStyles } from '../../src/elements/confab-comments.styles.js';
import { composerStyles } from '../../src/elements/confab-composer.styles.js';
import { AVATAR_HUES } from '../../src/render/avatar.js';

function sheet(text: string): CSSStyleSheet {
  const result = new CSSStyleSheet();
  result.replaceSync(text);
  return result;
}

/** The widget's custom properties a style rule declares, by name. */
function customProperties(rule: CSSStyleRule): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of rule.style) {
    if (name.startsWith('--')) found[name] = rule.style.getPropertyValue(name).trim();
  }
  return found;
}

function styleRules(rules: CSSRuleList): CSSStyleRule[] {
  return [...rules].filter((rule): rule is CSSStyleRule => rule instanceof CSSStyleRule);
}

/** A selector without quotes: the minifier drops those it does not need. */
const bare = (rule: CSSStyleRule) => rule.selectorText.replace(/["']/g, '');

describe('styles from .css files (?inline)', () => {
  it('arrive as CSS text that the browser parses into the expected rules', () => {
    expect(tokensText).to.be.a('string');
    const parsed = sheet(tokensText);
    const selectors = styleRules(parsed.cssRules).map(bare);
    expect(selectors).to.include.members([':host', '.base']);
    for (const styles of [tokens, commentsStyles, composerStyles]) {
      expect(styles.styleSheet?.cssRules.length, styles.cssText.slice(0, 40)).to.be.greaterThan(2);
    }
  });

  it('read each scheme’s palette from its own tokens, and publish it inside', () => {
    const rules = styleRules(sheet(tokensText).cssRules);
    const host = customProperties(rules.find((rule) => bare(rule) === ':host')!);
    const palette = Object.entries(host).filter(([name]) => name.startsWith('--_'));
    expect(palette).to.have.length.greaterThan(10);
    // Each private colour reads the light token and the dark token, each with our default as
    // its fallback, so a site's light colour never shows beside a dark default, nor the reverse.
    for (const [name, value] of palette) {
      const token = name.slice(3);
      expect(value.replace(/\s+/g, ''), name).to.match(
        new RegExp(
          `^light-dark\\(var\\(--confab-color-${token},#\\w+\\),var\\(--confab-dark-color-${token},#\\w+\\)\\)$`,
        ),
      );
    }
    const base = rules.find((rule) => bare(rule) === '.base')!;
    expect(customProperties(base)).to.deep.equal(
      Object.fromEntries(
        palette.map(([name]) => [`--confab-color-${name.slice(3)}`, `var(${name})`]),
      ),
    );
    // The knobs point at the palette in use, never at a public colour token.
    const knobs = Object.entries(host).filter(([name]) => name.startsWith('--confab-'));
    expect(knobs.map(([, value]) => value).join(' ')).to.not.include('var(--confab-color-');
    // Only theme="light" and theme="dark" set a colour scheme; auto inherits the page's.
    const schemes = rules.filter((rule) => rule.style.colorScheme).map(bare);
    expect(schemes).to.deep.equal([':host([theme=light])', ':host([theme=dark])']);
  });

  it('have one avatar hue rule per hue the avatars use', () => {
    const hues = styleRules(commentsStyles.styleSheet!.cssRules).filter((rule) =>
      /^\.hue-\d+$/.test(rule.selectorText),
    );
    expect(hues.map((rule) => rule.selectorText)).to.deep.equal(
      Array.from({ length: AVATAR_HUES }, (_, index) => `.hue-${index}`),
    );
  });
});

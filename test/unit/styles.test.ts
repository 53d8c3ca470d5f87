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
    if (name.startsWith('--confab-')) found[name] = rule.style.getPropertyValue(name).trim();
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
    expect(selectors).to.include.members([':host', ':host([theme=light])']);
    for (const styles of [tokens, commentsStyles, composerStyles]) {
      expect(styles.styleSheet?.cssRules.length, styles.cssText.slice(0, 40)).to.be.greaterThan(3);
    }
  });

  it('give the forced dark theme the same colours as the dark colour scheme', () => {
    const parsed = sheet(tokensText);
    const media = [...parsed.cssRules].find(
      (rule): rule is CSSMediaRule =>
        rule instanceof CSSMediaRule && rule.conditionText.includes('prefers-color-scheme: dark'),
    );
    const automatic = styleRules(media!.cssRules).find((rule) =>
      rule.selectorText.includes(':not'),
    );
    const forced = styleRules(parsed.cssRules).find((rule) => bare(rule) === ':host([theme=dark])');
    const darkColours = customProperties(automatic!);
    expect(Object.keys(darkColours)).to.have.length.greaterThan(5);
    expect(customProperties(forced!)).to.deep.equal(darkColours);
    // Only colours change between the schemes.
    for (const name of Object.keys(darkColours)) expect(name).to.match(/^--confab-color-/);
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

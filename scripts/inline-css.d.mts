export const CSS_TARGET: string[];
export const LIGHTNING_CSS: { exclude: number };
export function lightningTargets(target?: readonly string[]): Record<string, number>;
export function minifyCss(text: string, filename?: string): string;
export function inlineCssPlugin(options?: { minify?: boolean }): {
  name: string;
  resolveMimeType(context: { path: string; url: string }): string | undefined;
  transform(context: { path: string; url: string; body: unknown }): { body: string } | undefined;
};

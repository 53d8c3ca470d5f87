import type { AxeResults, RunOptions } from 'axe-core';

/**
 * axe's violations under `scope`, one line each (rule, target). Unlike chai-a11y-axe's
 * `accessible()`, this can run rules that axe leaves off by default, such as target-size.
 */
export async function axeViolations(scope: Element, options: RunOptions): Promise<string[]> {
  const global = window as unknown as {
    axe?: { run(s: Element, o: RunOptions): Promise<AxeResults> };
  };
  // The script registers window.axe (as chai-a11y-axe loads it); it has no types of its own.
  // @ts-expect-error: no declaration for axe.min.js
  if (!global.axe) await import('axe-core/axe.min.js');
  const { violations } = await global.axe!.run(scope, { ...options, resultTypes: ['violations'] });
  return violations.flatMap(({ id, nodes }) =>
    nodes.map(({ target, failureSummary }) => `${id} ${JSON.stringify(target)}: ${failureSummary}`),
  );
}

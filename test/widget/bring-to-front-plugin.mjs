// A web-test-runner command, `bring-to-front`, for browser tests that need the page to be the
// visible tab: with several test files open at once only the front tab renders, and
// IntersectionObserver (the widget's lazy start) reports only from rendered pages.

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function bringToFrontPlugin() {
  return {
    name: 'confab-bring-to-front',
    async executeCommand({ command, session }) {
      if (command !== 'bring-to-front') return undefined;
      const page = /** @type {any} */ (session.browser).getPage?.(session.id);
      if (!page) return false;
      await page.bringToFront();
      return true;
    },
  };
}

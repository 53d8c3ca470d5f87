/**
 * Yields to the browser with an ordinary-priority task (scheduler.postTask, else setTimeout), not
 * scheduler.yield(): its continuations outrank every other task, so the rich renderer's chunk (a
 * module-loading task) waited until the whole thread was rendered and then re-rendered it in one
 * long task. Not a throwaway MessageChannel either: a port nothing references may be collected
 * with its message, and rendering would stop.
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (
    globalThis as { scheduler?: { postTask?: (task: () => void) => Promise<void> } }
  ).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => {});
  return new Promise((resolve) => setTimeout(resolve, 0));
}

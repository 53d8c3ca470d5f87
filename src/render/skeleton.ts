/** Marks a node of a skeleton with a name; returns the node. */
export type Name<R> = <K extends keyof R>(name: K, node: R[K]) => R[K];

/**
 * A piece of DOM built once and then cloned for every use (a native deep copy costs a fraction of
 * building it), with its nodes found by name in each clone. The names are given where the nodes
 * are built, and each is looked up in a clone at the place in document order it had in the
 * original, so adding a node to the skeleton can never send updates to the wrong one.
 *
 * The original is built on the first clone and never changes, so widgets may share it.
 */
export function skeleton<R extends Record<string, Element>>(
  build: (name: Name<R>) => R[keyof R],
): () => R {
  let original: Element | null = null;
  let places: Array<[keyof R, number]> = [];
  return () => {
    if (!original) {
      const names = new Map<Element, keyof R>();
      original = build((name, node) => {
        names.set(node, name);
        return node;
      });
      places = inOrder(original).flatMap((node, index): Array<[keyof R, number]> => {
        const name = names.get(node);
        return name === undefined ? [] : [[name, index]];
      });
    }
    const nodes = inOrder(original.cloneNode(true) as Element);
    const named: Partial<R> = {};
    for (const [name, index] of places) named[name] = nodes[index] as R[keyof R];
    return named as R;
  };
}

/** The element and every element inside it, in document order. */
function inOrder(root: Element): Element[] {
  return [root, ...root.querySelectorAll('*')];
}

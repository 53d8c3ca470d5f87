// The little of domino (Turndown's own DOM, a dependency of it and of this server) that
// html.ts uses; its bundled declarations describe a global module named 'domino' instead.
declare module '@mixmark-io/domino' {
  export interface DominoElement {
    innerHTML: string;
    textContent: string | null;
  }
  interface DominoDocument {
    createElement(name: string): DominoElement;
  }
  const domino: { createDocument(html?: string): DominoDocument };
  export default domino;
}

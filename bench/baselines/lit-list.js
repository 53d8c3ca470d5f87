// The minimal-Lit baseline: what the least a Lit element can do with the same
// thread. It fetches the same answer, builds the reply tree and renders every
// comment at once as nested plain text (no Markdown, no sanitiser, no
// mentions, no actions, no chunking). The widget's heap is compared with this.
import { LitElement, css, html, nothing } from 'lit';

function tree(comments) {
  const nodes = new Map();
  const roots = [];
  for (const comment of comments) {
    const node = { comment, children: [] };
    nodes.set(comment.id, node);
    const parent = comment.parentId === null ? null : nodes.get(comment.parentId);
    if (parent) parent.children.push(node);
    else if (comment.parentId === null) roots.push(node);
  }
  return roots;
}

// Written without whitespace between tags so that the baseline carries no
// text nodes the widget would not have: a lean baseline is the fair one.
const renderComment = (node) =>
  html`<article part="comment" data-comment-id=${node.comment.id}>
    <header>
      <strong>${node.comment.author.name}</strong
      ><time datetime=${node.comment.createdAt}>${node.comment.createdAt.slice(0, 10)}</time
      ><span>${node.comment.votes.up - node.comment.votes.down}</span>
    </header>
    <p>${node.comment.body}</p>
    ${node.children.length > 0 ? html`<div class="replies">${node.children.map(renderComment)}</div>` : nothing}
  </article>`;

class BenchLitList extends LitElement {
  static properties = { src: {}, roots: { state: true } };

  static styles = css`
    :host {
      display: block;
    }
    article {
      margin: 1rem 0;
    }
    .replies {
      margin-left: 1.25rem;
      padding-left: 0.75rem;
      border-left: 2px solid #ddd;
    }
    p {
      white-space: pre-wrap;
      margin: 0.25rem 0;
    }
    time {
      color: #666;
      margin: 0 0.5rem;
    }
  `;

  constructor() {
    super();
    this.roots = null;
  }

  connectedCallback() {
    super.connectedCallback();
    fetch(this.src)
      .then((response) => response.json())
      .then((answer) => {
        this.roots = tree(answer.comments);
      })
      .catch((error) => console.error('lit baseline could not load the thread', error));
  }

  render() {
    return this.roots ? html`<section>${this.roots.map(renderComment)}</section>` : nothing;
  }
}

customElements.define('bench-lit-list', BenchLitList);

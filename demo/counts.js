// Fills in "N comments" next to each article on the index page with one
// request to the comment server's GET /counts. If the server cannot be
// reached the links keep saying "Comments", so the page never shows a
// made-up number.
const endpoint = document.querySelector('meta[name="confab-endpoint"]')?.content;
const links = [...document.querySelectorAll('a[data-comment-count]')];

function label(count) {
  if (count === 0) return 'No comments yet';
  return count === 1 ? '1 comment' : `${count} comments`;
}

async function showCounts() {
  if (!endpoint || links.length === 0) return;
  const query = new URLSearchParams();
  for (const link of links) query.append('page', link.dataset.commentCount);
  const response = await fetch(`${endpoint.replace(/\/$/, '')}/counts?${query}`);
  if (!response.ok) throw new Error(`GET /counts answered ${response.status}`);
  const { counts } = await response.json();
  for (const link of links) {
    const count = counts[link.dataset.commentCount];
    if (typeof count === 'number') link.textContent = label(count);
  }
}

showCounts().catch((error) => {
  console.warn('Comment counts are unavailable:', error);
});

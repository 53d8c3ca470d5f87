/**
 * Where the moderation console shows one comment: `<public URL>/admin/#comment=<id>`. Mail to
 * moderators and the command line link there; the console reads the fragment.
 */
export function consoleLink(publicUrl: string, commentId: string | number): string {
  const base = publicUrl.replace(/\/+$/, '');
  return `${base}/admin/#comment=${encodeURIComponent(String(commentId))}`;
}

// The staff links printed on a post page for a signed-in user: the tools that post has for their role.
import { can, canEditPost, canManageRemarks, canSeePost, type Actor } from '../auth/permissions.js';

/** The links to a post's staff tools that this user may use; empty for readers. Pure. */
export function staffToolsFor(user: Actor | null, post: { id: number; authorId: number }): { href: string; label: string }[] {
  // The post page shows published posts only.
  const target = { author_id: post.authorId, status: 'published' as const };
  const tools: { href: string; label: string }[] = [];
  if (canEditPost(user, target)) tools.push({ href: `/staff/posts/${post.id}/edit`, label: 'Edit the post' });
  if (canSeePost(user, target)) tools.push({ href: `/staff/posts/${post.id}/stances`, label: 'Stances' });
  if (canManageRemarks(user, target)) tools.push({ href: `/staff/posts/${post.id}/remarks`, label: 'Add remarks from another group' });
  if (can(user, 'comment:moderate')) tools.push({ href: `/staff/moderation?status=pending&post=${post.id}`, label: 'Moderate its comments' });
  return tools;
}

// Who may do what: one pure table, checked by every staff route on the server.
import type { Role } from './roles.js';

export const ACTIONS = [
  'dashboard:view',
  'post:create',
  'post:edit',
  'comment:moderate',
  'stance:read',
  'stance:review',
  'settings:edit',
  'audit:read',
  'users:manage',
  'mail:read',
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Action, readonly Role[]> = {
  'dashboard:view': ['admin', 'moderator', 'author'],
  'post:create': ['admin', 'author'],
  // Authors only their own posts: see canEditPost.
  'post:edit': ['admin', 'author'],
  'comment:moderate': ['admin', 'moderator'],
  // Authors read the stances of their own posts only (see canSeePost); labelling stays with moderators.
  'stance:read': ['admin', 'moderator', 'author'],
  'stance:review': ['admin', 'moderator'],
  'settings:edit': ['admin'],
  'audit:read': ['admin'],
  'users:manage': ['admin'],
  // The outbox holds readers' addresses and what was written to them.
  'mail:read': ['admin'],
};

export interface Actor {
  id: number;
  role: Role;
}

/** Whether a signed-in user (or an anonymous reader, null) may perform an action at all. */
export function can(actor: Actor | null, action: Action): boolean {
  return actor !== null && GRANTS[action].includes(actor.role);
}

/** Whether a user may edit this post: admins any, authors their own. */
export function canEditPost(actor: Actor | null, post: { author_id: number }): boolean {
  if (!can(actor, 'post:edit') || actor === null) return false;
  return actor.role === 'admin' || post.author_id === actor.id;
}

/**
 * Whether a staff page may show a post (its title, stance summary, exports): admins any, authors their
 * own, moderators published ones. A draft is its author's work in progress; moderators look after the
 * public conversation, so they never see someone's unpublished title.
 */
export function canSeePost(actor: Actor | null, post: { author_id: number; status: 'draft' | 'published' }): boolean {
  if (actor === null) return false;
  return actor.role === 'admin' || post.author_id === actor.id || (actor.role === 'moderator' && post.status === 'published');
}

/** Whether a user may add or change group remarks on a post's comments: whoever may edit the post, and moderators on published posts. */
export function canManageRemarks(actor: Actor | null, post: { author_id: number; status: 'draft' | 'published' }): boolean {
  return canEditPost(actor, post) || (can(actor, 'comment:moderate') && post.status === 'published');
}

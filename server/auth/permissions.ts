// Who may do what: one pure table, checked by every staff route on the server.
import type { Role } from './roles.js';

export const ACTIONS = [
  'dashboard:view',
  'post:create',
  'post:edit',
  'comment:moderate',
  'stance:review',
  'settings:edit',
  'audit:read',
  'users:manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Action, readonly Role[]> = {
  'dashboard:view': ['admin', 'moderator', 'author'],
  'post:create': ['admin', 'author'],
  // Authors only their own posts: see canEditPost.
  'post:edit': ['admin', 'author'],
  'comment:moderate': ['admin', 'moderator'],
  'stance:review': ['admin', 'moderator'],
  'settings:edit': ['admin'],
  'audit:read': ['admin'],
  'users:manage': ['admin'],
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

/** Staff roles, most powerful first; this constant drives the TS type, the zod enum and the labels. */
export const ROLES = ['admin', 'moderator', 'author'] as const;
export type Role = (typeof ROLES)[number];

/** Whether a value is one of the ROLES. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

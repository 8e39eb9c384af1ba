/** Staff roles, most powerful first; this constant drives the TS type, the zod enum and the labels. */
export const ROLES = ['admin', 'moderator', 'author'] as const;
export type Role = (typeof ROLES)[number];

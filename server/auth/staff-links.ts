import { can, type Action } from './permissions.js';
import type { SessionUser } from './user.repository.js';

const STAFF_LINKS: { action: Action; href: string; label: string }[] = [
  { action: 'dashboard:view', href: '/staff', label: 'Dashboard' },
  { action: 'comment:moderate', href: '/staff/moderation', label: 'Moderation' },
  { action: 'stance:read', href: '/staff/stances', label: 'Stances' },
  { action: 'comment:moderate', href: '/staff/votes', label: 'Vote bursts' },
  { action: 'settings:edit', href: '/staff/settings', label: 'Settings' },
  { action: 'audit:read', href: '/staff/audit', label: 'Audit log' },
  { action: 'users:manage', href: '/staff/users', label: 'Users' },
  { action: 'mail:read', href: '/staff/outbox', label: 'Outbox' },
  { action: 'settings:edit', href: '/staff/mail', label: 'Mail' },
  { action: 'settings:edit', href: '/staff/webhooks', label: 'Webhooks' },
  { action: 'dashboard:view', href: '/staff/mail-preferences', label: 'Your mail' },
  { action: 'dashboard:view', href: '/staff/account', label: 'Your account' },
];

/** The staff links a user's role allows, for the layout's staff bar (only the account page while a new password is due). */
export function staffLinksFor(user: SessionUser | null): { href: string; label: string }[] {
  if (user?.must_change_password === 1) return [{ href: '/staff/account', label: 'Your account' }];
  return STAFF_LINKS.filter((l) => can(user, l.action)).map(({ href, label }) => ({ href, label }));
}

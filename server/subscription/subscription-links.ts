// The signed links a subscription's messages carry. Pure: the token is signed with the site's secret.
import type { MailContext } from '../mail/mail-queue.service.js';
import { signMailToken } from '../mail/mail-tokens.js';

/** The address of an email's subscriptions page, signed for it. */
export function managePath(secret: string, email: string): string {
  return `/mail/subscriptions?t=${signMailToken(secret, { purpose: 'manage', email })}`;
}

/** The links every notification carries: end this subscription, see them all. */
export function subscriptionLinks(ctx: MailContext, subscriptionId: number, email: string) {
  return {
    unsubscribeUrl: `${ctx.site.publicUrl}/mail/unsubscribe?t=${signMailToken(ctx.secret, { purpose: 'unsubscribe', subscriptionId })}`,
    manageUrl: `${ctx.site.publicUrl}${managePath(ctx.secret, email)}`,
  };
}

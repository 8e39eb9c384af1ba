// The links in mail: confirm an address, one-click unsubscribe (RFC 8058), and an address's subscriptions page.
// The signed token in the link is the only credential; these POSTs come from mail clients too, so they carry no CSRF token.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readMailToken } from '../mail/mail-tokens.js';
import { parseId } from '../shared/params.js';
import { confirmAddress, endAllSubscriptions, endSubscription, unsubscribeByLink, unsubscribeStaffByLink } from './subscription.service.js';
import { managePath } from './subscription-links.js';
import { listSubscriptionsForEmail } from './subscription.repository.js';

type TokenQuery = { Querystring: { t?: unknown } };

const INVALID_LINK = 'This link is not valid or has expired. Links in our messages work as they were sent; a confirmation link works for a week.';

function notice(reply: FastifyReply, title: string, message: string, code = 200) {
  reply.code(code);
  return reply.viewAsync('pages/mail/notice.hbs', { title, message });
}

export default async function subscriptionRoutes(app: FastifyInstance): Promise<void> {
  // RFC 8058 lets a mail client post the one-click body as multipart/form-data; the token is in the URL, the body is ignored.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));
  const tokenOf = (t: unknown) => readMailToken(app.config.secret, t, app.clock());

  // GET /mail/confirm?t= : the double opt-in link; the address may be mailed from now on.
  app.get<TokenQuery>('/mail/confirm', async (request, reply) => {
    const token = tokenOf(request.query.t);
    if (token?.purpose !== 'confirm') return notice(reply, 'Link not valid', INVALID_LINK, 400);
    await confirmAddress(app.db, token.email, app.clock());
    return notice(reply, 'Address confirmed', `Thank you: ${token.email} is confirmed. You will be emailed about what you asked to follow.`);
  });

  // GET /mail/unsubscribe?t= : asks before ending (link scanners open links; they do not press buttons).
  app.get<TokenQuery>('/mail/unsubscribe', async (request, reply) => {
    const token = tokenOf(request.query.t);
    if (token?.purpose !== 'unsubscribe' && token?.purpose !== 'staff-mail') return notice(reply, 'Link not valid', INVALID_LINK, 400);
    return reply.viewAsync('pages/mail/unsubscribe.hbs', { title: 'Unsubscribe', token: request.query.t });
  });

  // POST /mail/unsubscribe?t= : ends the subscription; a mail client's one-click unsubscribe lands here too.
  app.post<TokenQuery>('/mail/unsubscribe', { config: { csrf: 'manual' } }, async (request, reply) => {
    const token = tokenOf(request.query.t);
    if (token?.purpose === 'staff-mail') {
      await unsubscribeStaffByLink(app.db, token.userId, token.what);
      return notice(
        reply,
        'Unsubscribed',
        'You are unsubscribed: no more messages of this kind. Your mail preferences, in the staff pages, turn them on again.',
      );
    }
    if (token?.purpose !== 'unsubscribe') return notice(reply, 'Link not valid', INVALID_LINK, 400);
    const email = await unsubscribeByLink(app.db, token.subscriptionId);
    return reply.viewAsync('pages/mail/notice.hbs', {
      title: 'Unsubscribed',
      message: 'You are unsubscribed: no more messages about this.',
      manageHref: email ? managePath(app.config.secret, email) : null,
    });
  });

  // GET /mail/subscriptions?t= : what an address follows, each with a button to end it.
  app.get<TokenQuery>('/mail/subscriptions', async (request, reply) => {
    const token = tokenOf(request.query.t);
    if (token?.purpose !== 'manage') return notice(reply, 'Link not valid', INVALID_LINK, 400);
    const t = encodeURIComponent(String(request.query.t));
    const rows = await listSubscriptionsForEmail(app.db, token.email);
    return reply.viewAsync('pages/mail/subscriptions.hbs', {
      title: 'Your subscriptions',
      email: token.email,
      endAllAction: `/mail/subscriptions/end-all?t=${t}`,
      subscriptions: rows.map((s) => ({
        what: s.kind === 'replies' ? 'Replies to your comment on' : 'New comments on',
        postTitle: s.post_title,
        postHref: s.kind === 'replies' ? `/posts/${encodeURIComponent(s.post_slug)}/comments/${s.comment_id}` : `/posts/${encodeURIComponent(s.post_slug)}`,
        since: request.site.time.dateTime(s.created_at),
        endAction: `/mail/subscriptions/${s.id}/end?t=${t}`,
      })),
    });
  });

  // POST /mail/subscriptions/:id/end?t= : ends one of the address's subscriptions, back to the list.
  app.post<TokenQuery & { Params: { id: string } }>('/mail/subscriptions/:id/end', { config: { csrf: 'manual' } }, async (request, reply) => {
    const token = tokenOf(request.query.t);
    if (token?.purpose !== 'manage') return notice(reply, 'Link not valid', INVALID_LINK, 400);
    await endSubscription(app.db, parseId(request.params.id, 'subscription id'), token.email);
    return reply.redirect(`/mail/subscriptions?t=${encodeURIComponent(String(request.query.t))}`, 303);
  });

  // POST /mail/subscriptions/end-all?t= : ends them all.
  app.post<TokenQuery>('/mail/subscriptions/end-all', { config: { csrf: 'manual' } }, async (request, reply) => {
    const token = tokenOf(request.query.t);
    if (token?.purpose !== 'manage') return notice(reply, 'Link not valid', INVALID_LINK, 400);
    await endAllSubscriptions(app.db, token.email);
    return reply.redirect(`/mail/subscriptions?t=${encodeURIComponent(String(request.query.t))}`, 303);
  });
}

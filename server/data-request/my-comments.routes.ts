// A reader's own comments: ask by email, follow the signed link in the message, read them or download them.
// The link is the only credential, so its pages are never cached and send no referrer.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { mailContextOf } from '../mail/mail-queue.service.js';
import { readMailToken } from '../mail/mail-tokens.js';
import { parseForm } from '../shared/form.js';
import { MY_COMMENTS_LINK_HOURS } from './my-comments-mail.js';
import { MY_COMMENTS_FIELDS, myCommentsSchema } from './my-comments.forms.js';
import { readMyComments, requestMyComments } from './my-comments.service.js';

type TokenQuery = { Querystring: { t?: unknown } };

const INVALID_LINK = `This link is not valid or has expired: a link to your comments works for ${MY_COMMENTS_LINK_HOURS} hours. Ask for a new one below.`;
const STANCE_WORDS = { pro: 'for the subject', against: 'against the subject', neutral: 'neutral' } as const;
const SOURCE_WORDS = { auto: 'worked out automatically', self: 'as you said', moderator: 'set by a moderator' } as const;

function renderForm(reply: FastifyReply, form: { values: Record<string, unknown>; errors: Record<string, string>; notice?: string }, code = 200) {
  reply.code(code);
  return reply.viewAsync('pages/my-comments.hbs', { title: 'Download my comments', form, linkHours: MY_COMMENTS_LINK_HOURS });
}

/** Pages behind the link: the token is in the address, so nothing keeps them or passes them on. */
function privatePage(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
}

export default async function myCommentsRoutes(app: FastifyInstance): Promise<void> {
  const emailOf = (t: unknown) => {
    const token = readMailToken(app.config.secret, t, app.clock());
    return token?.purpose === 'my-comments' ? token.email : null;
  };

  // GET /my-comments : asks for the address the comments were written from.
  app.get<{ Querystring: { sent?: unknown } }>('/my-comments', async (request, reply) => {
    const notice =
      request.query.sent === '1'
        ? `If comments were written here from that address, a message with a link to them is on its way. The link works for ${MY_COMMENTS_LINK_HOURS} hours.`
        : undefined;
    return renderForm(reply, { values: {}, errors: {}, notice });
  });

  // POST /my-comments : queues the link when the address has comments; the same answer either way (303), 422 for a malformed address.
  app.post('/my-comments', async (request, reply) => {
    const form = parseForm(myCommentsSchema, request.body, MY_COMMENTS_FIELDS);
    if (!form.ok) return renderForm(reply, { values: form.values, errors: form.fields }, 422);
    if (await requestMyComments(app.db, mailContextOf(app.config, request.site), form.data.email, app.clock())) app.wakeOutbox();
    return reply.redirect('/my-comments?sent=1', 303);
  });

  // GET /my-comments/download?t= : the address's comments as a page, with the file to download.
  app.get<TokenQuery>('/my-comments/download', async (request, reply) => {
    const email = emailOf(request.query.t);
    if (email === null) return renderForm(privatePage(reply), { values: {}, errors: {}, notice: INVALID_LINK }, 400);
    const { rows, labels } = await readMyComments(app.db, app.config.publicUrl, email, app.clock());
    const time = request.site.time;
    return privatePage(reply).viewAsync('pages/my-comments-download.hbs', {
      title: 'Your comments',
      email,
      fileHref: `/my-comments/download.json?t=${encodeURIComponent(String(request.query.t))}`,
      comments: rows.map((r) => {
        const label = labels.get(r.id);
        return {
          id: r.id,
          postTitle: r.post_title,
          href: r.status === 'approved' ? `/posts/${encodeURIComponent(r.post_slug)}/comments/${r.id}` : `/posts/${encodeURIComponent(r.post_slug)}`,
          when: time.dateTime(r.created_at),
          held: r.status === 'pending',
          stance: label ? `${STANCE_WORDS[label.label]}, ${SOURCE_WORDS[label.source]}` : null,
          bodyHtml: r.body_html,
        };
      }),
    });
  });

  // GET /my-comments/download.json?t= : the file (README, "Your own comments", documents its shape).
  app.get<TokenQuery>('/my-comments/download.json', async (request, reply) => {
    const email = emailOf(request.query.t);
    if (email === null) return renderForm(privatePage(reply), { values: {}, errors: {}, notice: INVALID_LINK }, 400);
    const { file } = await readMyComments(app.db, app.config.publicUrl, email, app.clock());
    return privatePage(reply)
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="my-comments.json"')
      .send(JSON.stringify(file, null, 2));
  });
}

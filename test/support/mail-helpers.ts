// What the mail tests share: a real SMTP server and transport, posting comments as a visitor, draining the outbox.
import request from 'supertest';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ParsedMail } from 'mailparser';
import type { Db } from '../../server/db/database.js';
import { sendDueMessages } from '../../server/mail/outbox-sender.service.js';
import type { MailTransport } from '../../server/mail/smtp-transport.js';
import type { Agent } from './auth.js';
import { formBody } from './factories.js';

export const BLANK_COMMENT = { author_url: '', parent_id: '', stance: '', notify_replies: '', notify_post: '' };

/** Posts a comment through the form as a visitor would; returns its id. */
export async function postCommentAs(agent: Agent, csrf: string, slug: string, fields: Record<string, string>): Promise<number> {
  const res = await agent
    .post(`/posts/${slug}/comments`)
    .type('form')
    .send(formBody({ ...BLANK_COMMENT, ...fields, _csrf: csrf }));
  expect(res.status).toBe(303);
  return Number(/#comment-(\d+)/.exec(res.headers.location as string)![1]);
}

/** Sends everything due at `now`, as the background loop would, until nothing is left. */
export async function drainOutbox(db: Db, transport: MailTransport, now: Date): Promise<void> {
  while ((await sendDueMessages(db, transport, { now: () => now, leaseSeconds: 60 })) > 0);
}

/** The path and query of a link in a message's text that starts with https://blog.example and the given path. */
export function linkIn(text: string, path: string): string {
  const match = new RegExp(`https://blog\\.example(${path.replace(/[?]/g, '\\?')}[^\\s]*)`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[1]!;
}

/** The raw value of a header as sent. */
export function rawHeader(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name);
  if (!line) throw new Error(`no ${name} header`);
  return line.line.slice(line.line.indexOf(':') + 1).trim();
}

/** Follows a confirmation link found in a message. */
export async function confirmFrom(app: FastifyInstance, mail: ParsedMail): Promise<void> {
  await request(app.server).get(linkIn(mail.text!, '/mail/confirm?t=')).expect(200);
}

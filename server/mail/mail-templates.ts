// Every message's text and HTML parts from one description, so both say the same. Pure: everything
// user-supplied goes into the HTML escaped, and no message carries script, styles from outside, or images.
import { escapeHtml } from '../shared/html.js';
import type { TimeFormat } from '../shared/time.js';

export interface SiteIdentity {
  name: string;
  /** The site's address for links, without a trailing slash. */
  publicUrl: string;
  /** The site's time zone and date format. */
  time: TimeFormat;
}

export interface MailContent {
  subject: string;
  /** Plain sentences, one paragraph each. */
  paragraphs: string[];
  /** A reader's text, quoted as typed. */
  quote?: { by: string; text: string };
  /** Several readers' texts (a batch of new comments), each with a heading and its own link. */
  items?: { heading: string; text: string; url: string }[];
  action: { label: string; url: string };
  /** Why this arrived and how to stop it; the unsubscribe link goes in the List-Unsubscribe header too. */
  footer: string;
  unsubscribeUrl?: string;
  manageUrl?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** "2 December 2026, 15:04 CET": a time in the site's zone and format, named, as a message travels to readers elsewhere. */
export function formatSiteTime(iso: string, time: TimeFormat): string {
  return `${time.dateTime(iso)} ${time.zoneName(iso)}`;
}

/** The message's two parts. */
export function renderMail(site: SiteIdentity, content: MailContent): RenderedMail {
  const text = [
    ...content.paragraphs,
    ...(content.quote ? [`${content.quote.by} wrote:`, content.quote.text.replace(/^/gm, '> ')] : []),
    ...(content.items ?? []).flatMap((item) => [`${item.heading}:`, item.text.replace(/^/gm, '> '), item.url]),
    `${content.action.label}: ${content.action.url}`,
    '-- ',
    `${content.footer}`,
    ...(content.unsubscribeUrl ? [`Unsubscribe: ${content.unsubscribeUrl}`] : []),
    ...(content.manageUrl ? [`Your subscriptions: ${content.manageUrl}`] : []),
    site.name,
  ].join('\n\n');
  const link = (url: string, label: string) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
  const html = [
    '<!doctype html><html><head><meta charset="utf-8"><title>',
    escapeHtml(content.subject),
    '</title></head><body style="font-family:sans-serif;line-height:1.5;max-width:40em">',
    ...content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    content.quote
      ? `<p>${escapeHtml(content.quote.by)} wrote:</p><blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${escapeHtml(content.quote.text).replace(/\n/g, '<br>')}</blockquote>`
      : '',
    ...(content.items ?? []).map(
      (item) =>
        `<p>${escapeHtml(item.heading)}:</p><blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${escapeHtml(item.text).replace(/\n/g, '<br>')}</blockquote><p>${link(item.url, 'Read it in the thread')}</p>`,
    ),
    `<p>${link(content.action.url, content.action.label)}</p>`,
    '<hr><p style="font-size:smaller;color:#555">',
    escapeHtml(content.footer),
    content.unsubscribeUrl ? ` ${link(content.unsubscribeUrl, 'Unsubscribe')}.` : '',
    content.manageUrl ? ` ${link(content.manageUrl, 'Your subscriptions')}.` : '',
    `<br>${escapeHtml(site.name)}</p></body></html>`,
  ].join('');
  return { subject: content.subject, text, html };
}

/** The threading and one-click unsubscribe headers (RFC 5322 Message-ID, In-Reply-To, References; RFC 8058). */
export function mailHeaders(options: { messageId: string; inReplyTo?: string; references?: string[]; unsubscribeUrl?: string }): Record<string, string> {
  const headers: Record<string, string> = { 'Message-ID': options.messageId };
  if (options.inReplyTo) headers['In-Reply-To'] = options.inReplyTo;
  if (options.references && options.references.length > 0) headers.References = options.references.join(' ');
  if (options.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${options.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return headers;
}

/** A Message-ID in the site's own domain: `<local@host>`. */
export function siteMessageId(site: SiteIdentity, local: string): string {
  return `<${local}@${new URL(site.publicUrl).hostname}>`;
}

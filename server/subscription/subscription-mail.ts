// The messages subscriptions send, as MailContent: pure, given the rows and the links.
import type { MailContent, SiteIdentity } from '../mail/mail-templates.js';
import { formatSiteTime } from '../mail/mail-templates.js';
import type { Stance } from '../shared/stances.js';

/** How long a confirmation link works. */
export const CONFIRM_LINK_DAYS = 7;

/** The confirmation asked of a new address before anything else is mailed to it. */
export function confirmationMail(site: SiteIdentity, postTitle: string, confirmUrl: string): MailContent {
  return {
    subject: `Confirm your email address for ${site.name}`,
    paragraphs: [
      `Someone, we hope you, asked ${site.name} to email this address about comments on “${postTitle}”.`,
      `Nothing else is sent to this address until you confirm it. The link works for ${CONFIRM_LINK_DAYS} days.`,
    ],
    action: { label: 'Confirm my address', url: confirmUrl },
    footer: 'If it was not you, ignore this message: without a confirmation nothing more will come.',
  };
}

function stanceText(stance: Stance | null, subject: string): string {
  if (stance === 'pro') return `for ${subject}`;
  if (stance === 'against') return `against ${subject}`;
  if (stance === 'neutral') return `neither for nor against ${subject}`;
  return 'not known yet';
}

export interface ReplyFacts {
  replierName: string;
  replyText: string;
  replyCreatedAt: string;
  stance: Stance | null;
  subjectName: string;
  postTitle: string;
  replyUrl: string;
}

/** A reply to a subscriber's comment: who, where they stand, what they wrote, where to read it. */
export function replyMail(site: SiteIdentity, facts: ReplyFacts, links: { unsubscribeUrl: string; manageUrl: string }): MailContent {
  return {
    subject: `${facts.replierName} replied to you on “${facts.postTitle}”`,
    paragraphs: [
      `${facts.replierName} replied to your comment on “${facts.postTitle}” on ${formatSiteTime(facts.replyCreatedAt, site.time)}.`,
      `Where they stand: ${stanceText(facts.stance, facts.subjectName)}.`,
    ],
    quote: { by: facts.replierName, text: facts.replyText },
    action: { label: 'Read the reply', url: facts.replyUrl },
    footer: 'You get this because you asked to be emailed when someone replies to your comment.',
    ...links,
  };
}

export interface CommentNews {
  id: number;
  authorName: string;
  text: string;
  createdAt: string;
  stance: Stance | null;
  url: string;
}

export interface PostNews {
  postTitle: string;
  subjectName: string;
  postUrl: string;
  /** The comments the message shows (the batch's first BATCH_SHOWN_MAX). */
  comments: CommentNews[];
  /** How many the batch holds, shown or not. */
  total: number;
}

/**
 * A batched message shows at most this many comments and counts the rest: it is written again on every comment
 * of its interval, and rendering all of them each time made a busy debate's POSTs slower with every comment.
 */
export const BATCH_SHOWN_MAX = 20;

/** The sentence for the comments a batched message counts but does not show; none when it shows them all. */
export function moreText(shown: number, total: number, where: string): string[] {
  return total > shown ? [`The first ${shown} are below; read the other ${total - shown} ${where}.`] : [];
}

/** A batch's comments as mail items: who, when, where they stand, the text and its link. */
export function followedPostItems(site: SiteIdentity, news: PostNews) {
  return news.comments.map((c) => ({
    heading: `${c.authorName}, ${formatSiteTime(c.createdAt, site.time)}, ${stanceText(c.stance, news.subjectName)}`,
    text: c.text,
    url: c.url,
  }));
}

function countText(n: number): string {
  return n === 1 ? 'A new comment' : `${n} new comments`;
}

/** New comments on a post a reader follows, several in one message when they came close together. */
export function followedPostMail(site: SiteIdentity, news: PostNews, links: { unsubscribeUrl: string; manageUrl: string }): MailContent {
  return {
    subject: `${countText(news.total)} on “${news.postTitle}”`,
    paragraphs: [
      `${countText(news.total)} on “${news.postTitle}”, which you follow on ${site.name}. Where each stands on ${news.subjectName} is given.`,
      ...moreText(news.comments.length, news.total, 'in the debate'),
    ],
    items: followedPostItems(site, news),
    action: { label: 'Read the debate', url: news.postUrl },
    footer: 'You get this because you asked to be emailed about new comments on this post; comments that come close together arrive in one message.',
    ...links,
  };
}

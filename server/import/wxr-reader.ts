// WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) as a stream of authors and items. Elements are recognised by their
// namespace URI, never their prefix, and every optional element may be missing (WXR 1.0 has no wp:author at all).
import type { SaxesTagNS } from 'saxes';
import { ImportFormatError, readXml, type XmlAt, type XmlHandler } from './xml-stream.js';

const WP_NS = /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/$/;
const EXCERPT_NS = /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/;
const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/';
const DC_NS = 'http://purl.org/dc/elements/1.1/';

export interface WxrAuthor {
  login: string;
  email: string;
  displayName: string;
}

export interface WxrComment {
  /** WordPress's comment_id, unique within the export; the parent is named by it ('0' or '' for none). */
  id: string;
  parentId: string;
  author: string;
  email: string;
  url: string;
  /** ISO-8601 UTC, or null when the export gives no usable date. */
  date: string | null;
  content: string;
  /** comment_approved: '1', '0', 'spam', 'trash' or 'post-trashed'. */
  approved: string;
  /** comment_type: '' or 'comment' for a comment, 'pingback', 'trackback'. */
  type: string;
  meta: Record<string, string>;
}

export interface WxrItem {
  /** The line its <item> opened on, for messages. */
  line: number;
  title: string;
  link: string;
  guid: string;
  postId: string;
  slug: string;
  /** publish, draft, pending, private, future, trash, inherit... */
  status: string;
  /** post, page, attachment, nav_menu_item, revision... */
  type: string;
  date: string | null;
  creator: string;
  content: string;
  excerpt: string;
  comments: WxrComment[];
}

export interface WxrChannel {
  version: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
  link: string;
}

export type WxrEvent = { kind: 'author'; author: WxrAuthor } | { kind: 'item'; item: WxrItem } | { kind: 'channel'; channel: WxrChannel };

const ZERO_DATE = /^0000-00-00/;
const WP_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** A WordPress "YYYY-MM-DD HH:MM:SS" read as UTC, an RFC 822 pubDate, or null (WordPress writes 0000-00-00 for unset). */
export function wxrDate(...candidates: string[]): string | null {
  for (const raw of candidates) {
    const value = raw.trim();
    if (value === '' || ZERO_DATE.test(value)) continue;
    const m = WP_DATE.exec(value);
    const time = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Date.parse(value);
    if (Number.isFinite(time)) return new Date(time).toISOString();
  }
  return null;
}

function newItem(line: number): WxrItem {
  return {
    line,
    title: '',
    link: '',
    guid: '',
    postId: '',
    slug: '',
    status: '',
    type: 'post',
    date: null,
    creator: '',
    content: '',
    excerpt: '',
    comments: [],
  };
}

function newComment(): WxrComment {
  return { id: '', parentId: '', author: '', email: '', url: '', date: null, content: '', approved: '1', type: '', meta: {} };
}

/** The handler behind readWxr: a small state machine over channel, author, item, comment and their meta. */
class WxrHandler implements XmlHandler<WxrEvent> {
  private depth = 0;
  private sawWp = false;
  private rootChecked = false;
  private channel: WxrChannel = { version: '', baseSiteUrl: '', baseBlogUrl: '', link: '' };
  private channelSent = false;
  private author: WxrAuthor | null = null;
  private item: WxrItem | null = null;
  private comment: WxrComment | null = null;
  private dates = { gmt: '', local: '', pub: '' };
  private commentDates = { gmt: '', local: '' };
  private meta: { key: string; value: string } | null = null;
  private inPostmeta = false;

  open(tag: SaxesTagNS, at: XmlAt<WxrEvent>): void {
    this.depth++;
    if (!this.rootChecked) return this.checkRoot(tag, at.line);
    const wp = WP_NS.test(tag.uri);
    if (wp) this.sawWp = true;
    if (tag.uri === '' && tag.local === 'item' && this.depth === 3) {
      this.sendChannel(at);
      this.item = newItem(at.line);
      this.dates = { gmt: '', local: '', pub: '' };
    } else if (wp && tag.local === 'author' && !this.item) this.author = { login: '', email: '', displayName: '' };
    else if (wp && tag.local === 'comment' && this.item && !this.comment) {
      this.comment = newComment();
      this.commentDates = { gmt: '', local: '' };
    } else if (wp && tag.local === 'commentmeta' && this.comment) this.meta = { key: '', value: '' };
    else if (wp && tag.local === 'postmeta' && this.item) this.inPostmeta = true;
  }

  private checkRoot(tag: SaxesTagNS, line: number): void {
    this.rootChecked = true;
    if (tag.local === 'disqus') throw new ImportFormatError(line, 'this is a Disqus export: run `npm run import -- disqus FILE`');
    if (tag.local !== 'rss' || tag.uri !== '') throw new ImportFormatError(line, `not a WordPress export: the file starts with <${tag.name}>, not <rss>`);
  }

  private sendChannel(at: XmlAt<WxrEvent>): void {
    if (this.channelSent) return;
    this.channelSent = true;
    at.emit({ kind: 'channel', channel: { ...this.channel } });
  }

  close(tag: SaxesTagNS, text: string, at: XmlAt<WxrEvent>): void {
    this.depth--;
    const wp = WP_NS.test(tag.uri);
    const name = wp ? tag.local : tag.uri === '' ? tag.local : '';
    if (this.meta) this.closeMeta(wp, tag.local, text);
    else if (this.comment) this.closeComment(wp, tag.local, text);
    else if (this.item) this.closeItem(tag, wp, name, text, at);
    else if (this.author) this.closeAuthor(wp, tag.local, text, at);
    else if (this.depth === 2) this.closeChannelField(tag, wp, text);
  }

  private closeMeta(wp: boolean, local: string, text: string): void {
    if (!wp) return;
    if (local === 'meta_key') this.meta!.key = text;
    else if (local === 'meta_value') this.meta!.value = text;
    else if (local === 'commentmeta') {
      if (this.meta!.key !== '') this.comment!.meta[this.meta!.key] = this.meta!.value;
      this.meta = null;
    }
  }

  private closeComment(wp: boolean, local: string, text: string): void {
    if (!wp) return;
    const c = this.comment!;
    // A switch, not a table of closures: this runs for every field of every comment.
    switch (local) {
      case 'comment_id':
        c.id = text.trim();
        break;
      case 'comment_parent':
        c.parentId = text.trim();
        break;
      case 'comment_author':
        c.author = text;
        break;
      case 'comment_author_email':
        c.email = text.trim();
        break;
      case 'comment_author_url':
        c.url = text.trim();
        break;
      case 'comment_date':
        this.commentDates.local = text;
        break;
      case 'comment_date_gmt':
        this.commentDates.gmt = text;
        break;
      case 'comment_content':
        c.content = text;
        break;
      case 'comment_approved':
        c.approved = text.trim();
        break;
      case 'comment_type':
        c.type = text.trim();
        break;
      case 'comment':
        c.date = wxrDate(this.commentDates.gmt, this.commentDates.local);
        this.item!.comments.push(c);
        this.comment = null;
    }
  }

  private closeItem(tag: SaxesTagNS, wp: boolean, name: string, text: string, at: XmlAt<WxrEvent>): void {
    const item = this.item!;
    if (wp && tag.local === 'postmeta') this.inPostmeta = false;
    if (this.inPostmeta) return;
    if (tag.uri === CONTENT_NS && tag.local === 'encoded') item.content = text;
    else if (EXCERPT_NS.test(tag.uri) && tag.local === 'encoded') item.excerpt = text;
    else if (tag.uri === DC_NS && tag.local === 'creator') item.creator = text.trim();
    else if (tag.uri === '' && name === 'item' && this.depth === 2) {
      item.date = wxrDate(this.dates.gmt, this.dates.pub, this.dates.local);
      at.emit({ kind: 'item', item });
      this.item = null;
    } else if (tag.uri === '' && this.depth === 3) {
      if (name === 'title') item.title = text;
      else if (name === 'link') item.link = text.trim();
      else if (name === 'guid') item.guid = text.trim();
      else if (name === 'pubDate') this.dates.pub = text;
    } else if (wp && this.depth === 3) {
      if (name === 'post_id') item.postId = text.trim();
      else if (name === 'post_name') item.slug = text.trim();
      else if (name === 'status') item.status = text.trim();
      else if (name === 'post_type') item.type = text.trim();
      else if (name === 'post_date') this.dates.local = text;
      else if (name === 'post_date_gmt') this.dates.gmt = text;
    }
  }

  private closeAuthor(wp: boolean, local: string, text: string, at: XmlAt<WxrEvent>): void {
    if (!wp) return;
    const a = this.author!;
    if (local === 'author_login') a.login = text.trim();
    else if (local === 'author_email') a.email = text.trim();
    else if (local === 'author_display_name') a.displayName = text.trim();
    else if (local === 'author') {
      if (a.login !== '') at.emit({ kind: 'author', author: a });
      this.author = null;
    }
  }

  private closeChannelField(tag: SaxesTagNS, wp: boolean, text: string): void {
    if (wp && tag.local === 'wxr_version') this.channel.version = text.trim();
    else if (wp && tag.local === 'base_site_url') this.channel.baseSiteUrl = text.trim();
    else if (wp && tag.local === 'base_blog_url') this.channel.baseBlogUrl = text.trim();
    else if (tag.uri === '' && tag.local === 'link') this.channel.link = text.trim();
  }

  end(at: XmlAt<WxrEvent>): void {
    if (!this.sawWp) throw new ImportFormatError(at.line, 'not a WordPress export: an RSS feed without the wp: namespace (http://wordpress.org/export/1.2/)');
  }
}

/** Reads a WXR file's chunks as they come; throws ImportFormatError (with its line) on anything that is not WXR. */
export function readWxr(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<WxrEvent> {
  return readXml(chunks, new WxrHandler());
}

// A Disqus export (<disqus> with <category>, <thread> and <post> elements, as its admin's Export writes it) as a
// stream of threads and posts. Disqus lists every thread first and then every post, flat, each post naming its
// thread and its parent by dsq:id; elements are recognised by their namespace URI, never their prefix.
import type { SaxesTagNS } from 'saxes';
import { ImportFormatError, readXml, type XmlAt, type XmlHandler } from './xml-stream.js';

const DISQUS_NS = 'http://disqus.com';
const INTERNALS_NS = 'http://disqus.com/disqus-internals';

export interface DisqusThread {
  /** The line its <thread> opened on, for messages. */
  line: number;
  dsqId: string;
  /** The page's own identifier (WordPress's plugin writes "123 http://site/?p=123"); often empty. */
  identifier: string;
  link: string;
  title: string;
  date: string | null;
  isDeleted: boolean;
  isClosed: boolean;
}

export interface DisqusPost {
  line: number;
  dsqId: string;
  threadId: string;
  /** The dsq:id of the post it answers; '' at the top level. */
  parentId: string;
  /** HTML, as Disqus stored it. */
  message: string;
  date: string | null;
  isDeleted: boolean;
  isSpam: boolean;
  /** False only when the export says <isApproved>false</isApproved> (older exports have no such element). */
  isApproved: boolean;
  authorName: string;
  authorEmail: string;
  authorUsername: string;
}

export type DisqusEvent = { kind: 'thread'; thread: DisqusThread } | { kind: 'post'; post: DisqusPost };

/** An ISO-8601 date as UTC, or null when the export gives none usable. */
function disqusDate(raw: string): string | null {
  const time = Date.parse(raw.trim());
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

const isTrue = (text: string) => text.trim().toLowerCase() === 'true';

/** The dsq:id attribute of a tag ('' when it has none). */
function dsqIdOf(tag: SaxesTagNS): string {
  for (const attr of Object.values(tag.attributes)) if (attr.uri === INTERNALS_NS && attr.local === 'id') return attr.value.trim();
  return '';
}

const newThread = (line: number, dsqId: string): DisqusThread => ({
  line,
  dsqId,
  identifier: '',
  link: '',
  title: '',
  date: null,
  isDeleted: false,
  isClosed: false,
});

const newPost = (line: number, dsqId: string): DisqusPost => ({
  line,
  dsqId,
  threadId: '',
  parentId: '',
  message: '',
  date: null,
  isDeleted: false,
  isSpam: false,
  isApproved: true,
  authorName: '',
  authorEmail: '',
  authorUsername: '',
});

/** The handler behind readDisqus: threads and posts are the root's children, their fields one level down. */
class DisqusHandler implements XmlHandler<DisqusEvent> {
  private depth = 0;
  private rootChecked = false;
  private thread: DisqusThread | null = null;
  private post: DisqusPost | null = null;
  private inAuthor = false;

  open(tag: SaxesTagNS, at: XmlAt<DisqusEvent>): void {
    this.depth++;
    if (!this.rootChecked) return this.checkRoot(tag, at.line);
    if (tag.uri !== DISQUS_NS) return;
    if (this.depth === 2 && tag.local === 'thread') this.thread = newThread(at.line, this.requireId(tag, at));
    else if (this.depth === 2 && tag.local === 'post') this.post = newPost(at.line, this.requireId(tag, at));
    else if (this.depth === 3 && this.post && tag.local === 'thread') this.post.threadId = dsqIdOf(tag);
    else if (this.depth === 3 && this.post && tag.local === 'parent') this.post.parentId = dsqIdOf(tag);
    else if (this.depth === 3 && tag.local === 'author') this.inAuthor = true;
  }

  private requireId(tag: SaxesTagNS, at: XmlAt<DisqusEvent>): string {
    const id = dsqIdOf(tag);
    if (id === '') throw new ImportFormatError(at.line, `a <${tag.local}> without its dsq:id attribute`);
    return id;
  }

  private checkRoot(tag: SaxesTagNS, line: number): void {
    this.rootChecked = true;
    if (tag.local === 'rss') throw new ImportFormatError(line, 'this looks like a WordPress export: run `npm run import -- wordpress FILE`');
    if (tag.local !== 'disqus' || tag.uri !== DISQUS_NS)
      throw new ImportFormatError(line, `not a Disqus export: the file starts with <${tag.name}>, not <disqus xmlns="${DISQUS_NS}">`);
  }

  close(tag: SaxesTagNS, text: string, at: XmlAt<DisqusEvent>): void {
    this.depth--;
    if (tag.uri !== DISQUS_NS) return;
    if (this.depth === 1 && this.thread && tag.local === 'thread') {
      at.emit({ kind: 'thread', thread: this.thread });
      this.thread = null;
    } else if (this.depth === 1 && this.post && tag.local === 'post') {
      if (this.post.threadId === '') throw new ImportFormatError(at.line, `post ${this.post.dsqId} names no thread`);
      at.emit({ kind: 'post', post: this.post });
      this.post = null;
    } else if (this.depth === 2 && tag.local === 'author') this.inAuthor = false;
    else if (this.depth === 3 && this.inAuthor) this.closeAuthorField(tag.local, text);
    else if (this.depth === 2 && this.thread) this.closeThreadField(this.thread, tag.local, text);
    else if (this.depth === 2 && this.post) this.closePostField(this.post, tag.local, text);
  }

  private closeThreadField(t: DisqusThread, local: string, text: string): void {
    if (local === 'id') t.identifier = text.trim();
    else if (local === 'link') t.link = text.trim();
    else if (local === 'title') t.title = text;
    else if (local === 'createdAt') t.date = disqusDate(text);
    else if (local === 'isDeleted') t.isDeleted = isTrue(text);
    else if (local === 'isClosed') t.isClosed = isTrue(text);
  }

  private closePostField(p: DisqusPost, local: string, text: string): void {
    if (local === 'message') p.message = text;
    else if (local === 'createdAt') p.date = disqusDate(text);
    else if (local === 'isDeleted') p.isDeleted = isTrue(text);
    else if (local === 'isSpam') p.isSpam = isTrue(text);
    else if (local === 'isApproved') p.isApproved = text.trim().toLowerCase() !== 'false';
  }

  private closeAuthorField(local: string, text: string): void {
    // A thread's author is whoever opened the page: only a post's author is kept.
    const p = this.post;
    if (!p) return;
    if (local === 'name') p.authorName = text;
    else if (local === 'email') p.authorEmail = text.trim();
    else if (local === 'username') p.authorUsername = text.trim();
  }

  end(): void {}
}

/** Reads a Disqus export's chunks as they come; throws ImportFormatError (with its line) on anything that is not one. */
export function readDisqus(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<DisqusEvent> {
  return readXml(chunks, new DisqusHandler());
}

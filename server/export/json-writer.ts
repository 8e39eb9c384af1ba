// The JSON export (schema in the README, "format": "rejoinder-export", "version": 1): written a post at a time, so
// it streams. JSON columns (aliases, cues, settings) are parsed into values, not left as strings. Pure.
import type { PostThread } from './export-types.js';

export const JSON_EXPORT_VERSION = 1;

const parse = (json: string): unknown => {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
};

/** Everything before the first post: the header, settings and users (no password hashes). */
export function jsonHead(exportedAt: string, settings: readonly { key: string; value_json: string; updated_at: string }[], users: readonly object[]): string {
  const head = {
    format: 'rejoinder-export',
    version: JSON_EXPORT_VERSION,
    exported_at: exportedAt,
    settings: settings.map((s) => ({ key: s.key, value: parse(s.value_json), updated_at: s.updated_at })),
    users,
  };
  // The object stays open: "posts" is written item by item.
  return `${JSON.stringify(head, null, 1).replace(/\n}$/, '')},\n "posts": [\n`;
}

/** One post with its whole thread; `first` says whether a comma goes before it. */
export function jsonPost(thread: PostThread, first: boolean): string {
  const { post } = thread;
  const item = {
    ...post,
    subject_aliases: parse(post.subject_aliases),
    subject_allies: parse(post.subject_allies),
    subject_rivals: parse(post.subject_rivals),
    // The IP hash only serves the throttle, and is worth nothing outside this site's secret: it stays behind.
    comments: thread.comments.map(({ author_ip_hash: _ip, ...c }) => c),
    remarks: thread.remarks,
    labels: thread.labels.map((l) => ({ ...l, cues: parse(l.cues) })),
    linkbacks: thread.linkbacks,
  };
  return `${first ? '' : ',\n'}${JSON.stringify(item)}`;
}

/** The end of the posts and of the file. */
export function jsonTail(): string {
  return '\n ]\n}\n';
}

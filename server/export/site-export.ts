// The site as an export walks it: users and settings first, then each post with its whole thread, one post at a time.
import type { DbOrTx } from '../db/database.js';
import {
  listSettingsForExport,
  listUsersForExport,
  listCommentsOfPostForExport,
  listLabelsOfPostForExport,
  listLinkbacksOfPostForExport,
  listPostsForExport,
  listRemarksOfPostForExport,
} from './export.repository.js';
import { jsonHead, jsonPost, jsonTail } from './json-writer.js';
import { wxrHead, wxrItem, wxrTail, type WxrSite } from './wxr-writer.js';
import type { PostThread } from './export-types.js';

/** Each post with its comments, remarks, every label they ever had and its pingbacks, post by post. */
async function* walkPostThreads(db: DbOrTx): AsyncGenerator<PostThread> {
  for (const post of await listPostsForExport(db)) {
    yield {
      post,
      comments: await listCommentsOfPostForExport(db, post.id),
      remarks: await listRemarksOfPostForExport(db, post.id),
      labels: await listLabelsOfPostForExport(db, post.id),
      linkbacks: await listLinkbacksOfPostForExport(db, post.id),
    };
  }
}

/** Writes the whole site in one format through `write` (which should wait while its output is full); returns the post count. */
export async function writeSiteExport(db: DbOrTx, format: 'wxr' | 'json', site: WxrSite, write: (text: string) => Promise<void>): Promise<number> {
  const users = await listUsersForExport(db);
  const authors = new Map(users.map((u) => [u.id, u]));
  await write(format === 'wxr' ? wxrHead(site, users) : jsonHead(site.exportedAt, await listSettingsForExport(db), users));
  let posts = 0;
  for await (const thread of walkPostThreads(db)) {
    const author = authors.get(thread.post.author_id) ?? { email: 'unknown' };
    await write(format === 'wxr' ? wxrItem(site, thread, author) : jsonPost(thread, posts === 0));
    posts++;
  }
  await write(format === 'wxr' ? wxrTail() : jsonTail());
  return posts;
}

// The other client of the page-15-during-edits row (issue 19: "edits and deletes never block readers"): one
// connection that posts a comment, edits it through its writer's own-comment cookie back to back, and every
// EDITS_PER_COMMENT edits deletes it and posts the next, each new comment from its own address.
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { generateThread, insertThread, type SeededPost } from './bench-data.js';
import type { BenchStore } from './bench-db.js';
import { measureBeside, SEED, withServer, type Loaded } from './harness.js';
import type { LoadSettings } from './measure.js';
import { openCommentForm } from './requests.js';
import type { ServerEntry, ServerProcess } from './server-process.js';

const EDITS_PER_COMMENT = 10;

/** What the editor managed: edits and deletes answered 303, and any other answer. */
export interface EditorTally {
  edits: number;
  deletes: number;
  failed: number;
}

type Form = { cookie: string; token: string };

function cookiesOf(response: Response, previous: string): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => [c.split('=')[0] ?? '', c] as const),
  );
  for (const c of response.headers.getSetCookie()) {
    const pair = c.split(';')[0] ?? '';
    jar.set(pair.split('=')[0] ?? '', pair);
  }
  return [...jar.values()].join('; ');
}

async function send(server: ServerProcess, path: string, cookie: string, fields: Record<string, string>, address: string) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
    body: new URLSearchParams(fields).toString(),
  });
  await response.arrayBuffer();
  return response;
}

/** Starts editing at once; stop() ends the loop after the request in flight and gives the tally. */
export function startEditor(server: ServerProcess, post: SeededPost, form: Form): { stop: () => Promise<EditorTally> } {
  const tally: EditorTally = { edits: 0, deletes: 0, failed: 0 };
  let running = true;
  const loop = (async () => {
    for (let n = 0; running; n++) {
      // From 198.18.0.0/15 (benchmarking addresses), apart from the readers' and the adversary's ranges.
      const address = `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
      const posted = await send(
        server,
        `/posts/${post.slug}/comments`,
        form.cookie,
        {
          _csrf: form.token,
          author_name: `Editor ${n}`,
          author_email: `editor-${n}@example.com`,
          author_url: '',
          parent_id: '',
          body: `A first draft, number ${n}.`,
        },
        address,
      );
      const id = /comment-(\d+)/.exec(posted.headers.get('location') ?? '')?.[1];
      if (posted.status !== 303 || !id) {
        tally.failed += 1;
        continue;
      }
      const cookie = cookiesOf(posted, form.cookie);
      const base = `/posts/${post.slug}/comments/${id}`;
      for (let e = 0; e < EDITS_PER_COMMENT && running; e++) {
        const edited = await send(
          server,
          `${base}/edit`,
          cookie,
          { _csrf: form.token, body: `Draft ${e + 2} of comment ${n}: the bridge should stay.` },
          address,
        );
        if (edited.status === 303) tally.edits += 1;
        else tally.failed += 1;
      }
      const deleted = await send(server, `${base}/delete`, cookie, { _csrf: form.token }, address);
      if (deleted.status === 303) tally.deletes += 1;
      else tally.failed += 1;
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return tally;
    },
  };
}

/**
 * Readers of a 15-comment thread of its own (the POST rows grow the first thread) while the editor edits and
 * deletes on it: the page cache is refreshed after every edit, and no reader may wait on the writes.
 */
export async function measureReadersBesideEdits(
  store: BenchStore,
  settings: LoadSettings,
  fixedBytes: number,
  nodeArgs: string[],
  into: Loaded[],
  entry?: ServerEntry,
): Promise<string> {
  const url = await store.createDatabase('edits');
  const db = openDatabase(url);
  let post: SeededPost;
  try {
    await migrateToLatest(db);
    post = await insertThread(db, generateThread(15, SEED + 15));
  } finally {
    await db.destroy();
  }
  return withServer({ databaseUrl: url, fixedBytes, nodeArgs, entry }, async (server) => {
    const form = await openCommentForm(server, post.slug);
    const editor = startEditor(server, post, form);
    await measureBeside(server, [{ name: 'page-15-beside-edits', path: `/posts/${post.slug}`, expectStatus: 200 }], settings, into);
    const tally = await editor.stop();
    return `  editor beside the readers: ${tally.edits} edits and ${tally.deletes} deletes answered 303, ${tally.failed} other answers`;
  });
}

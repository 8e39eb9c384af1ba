// The embed rows (issue 21): the framed thread of another site's page, as its iframe asks for it (served from the page
// cache), and the batched comment counts a list page of that site asks for, naming 50 pages. Their own database: 50
// external pages of 15 comments each, the site allowed to embed. Compared with the fixed route of the same run.
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { setExternalPage } from '../server/embed/external-page.repository.js';
import { normalisePageUrl } from '../server/settings/embed-origins.js';
import { DEFAULT_EMBED_SETTINGS, EMBED_SETTINGS_KEY } from '../server/settings/embed-settings.js';
import { saveSettingJson } from '../server/settings/settings.repository.js';
import { generateThread, insertThread } from './bench-data.js';
import type { BenchStore } from './bench-db.js';
import type { Target } from './measure.js';

const ORIGIN = 'https://blog.example';
const PAGES = 50;
const COMMENTS_PER_PAGE = 15;
const AT = '2026-11-20T10:00:00.000Z';

export interface EmbedSeed {
  databaseUrl: string;
  /** The host site's page addresses, as its snippet names them (with a fragment, which the server drops). */
  pageUrls: string[];
}

/** Creates the embed database: the allowed site and its pages' threads. */
export async function seedEmbedPages(store: BenchStore, seed: number): Promise<EmbedSeed> {
  const databaseUrl = await store.createDatabase('embed');
  const db = openDatabase(databaseUrl);
  const pageUrls: string[] = [];
  try {
    await migrateToLatest(db);
    await saveSettingJson(db, EMBED_SETTINGS_KEY, JSON.stringify({ ...DEFAULT_EMBED_SETTINGS, origins: [ORIGIN] }), AT);
    for (let i = 0; i < PAGES; i++) {
      const thread = generateThread(COMMENTS_PER_PAGE, seed + i);
      const post = await insertThread(db, { ...thread, slug: `embed-page-${i}` });
      const pageUrl = `${ORIGIN}/2026/11/page-${i}/#comments`;
      const normal = normalisePageUrl(pageUrl, false);
      if (!normal.ok) throw new Error(normal.message);
      await setExternalPage(db, post.postId, normal.value);
      pageUrls.push(pageUrl);
    }
  } finally {
    await db.destroy();
  }
  return { databaseUrl, pageUrls };
}

/** The frame's first request, as the browser makes it for embed.js's iframe, and the list page's count request. */
export function embedTargets(seedData: EmbedSeed): Target[] {
  const [first] = seedData.pageUrls;
  if (!first) throw new Error('no embed pages were seeded');
  const counts = seedData.pageUrls.map((u) => `page=${encodeURIComponent(u)}`).join('&');
  return [
    {
      name: 'embed-15',
      path: `/embed?page=${encodeURIComponent(first)}&title=${encodeURIComponent('A page of another site')}`,
      expectStatus: 200,
      headers: { referer: first, 'sec-fetch-dest': 'iframe' },
    },
    { name: 'counts-50', path: `/api/counts?${counts}`, expectStatus: 200, headers: { origin: ORIGIN } },
  ];
}

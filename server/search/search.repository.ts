// The full-text lookups: FTS5 on SQLite, the GIN-indexed tsvector expressions on PostgreSQL (migration 20261202040000).
import { sql, type RawBuilder } from 'kysely';
import { isPostgres, type DbOrTx } from '../db/database.js';
import type { CommentStatus } from '../comment/comment.repository.js';

/** The most matches of each kind read, newest first; ranking happens among them. */
export const SEARCH_CANDIDATES = 100;

/**
 * Whether a row's indexed columns hold every term. The terms are runs of letters and digits (search-terms.ts),
 * bound as parameters and quoted for FTS5, so no query syntax reaches either engine. The PostgreSQL
 * expression is the index's, word for word, or the planner would not use the index.
 */
function matchesAll(db: DbOrTx, table: 'posts' | 'comments', terms: readonly string[]): RawBuilder<boolean> {
  const [a, b] = table === 'posts' ? ['title', 'body_raw'] : ['author_name', 'body_raw'];
  if (isPostgres(db)) {
    const vector = sql.raw(`to_tsvector('simple', regexp_replace(${table}.${a} || ' ' || ${table}.${b}, '[^[:alnum:]]+', ' ', 'g'))`);
    return sql<boolean>`${vector} @@ plainto_tsquery('simple', ${terms.join(' ')})`;
  }
  const fts = sql.raw(`${table}_fts`);
  return sql<boolean>`${sql.ref(`${table}.id`)} in (select rowid from ${fts} where ${fts} match ${terms.map((t) => `"${t}"`).join(' ')})`;
}

export interface PostMatch {
  id: number;
  slug: string;
  title: string;
  body_raw: string;
  published_at: string | null;
  author_name: string;
}

/** Published posts holding every term, newest first. */
export async function searchPosts(db: DbOrTx, terms: readonly string[]): Promise<PostMatch[]> {
  return db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .where('posts.status', '=', 'published')
    .where(matchesAll(db, 'posts', terms))
    .select(['posts.id', 'posts.slug', 'posts.title', 'posts.body_raw', 'posts.published_at', 'users.name as author_name'])
    .orderBy('posts.id', 'desc')
    .limit(SEARCH_CANDIDATES)
    .execute();
}

export interface CommentMatch {
  id: number;
  post_id: number;
  author_name: string;
  /** What the commenter typed: shown only escaped, in an excerpt. */
  body_raw: string;
  status: CommentStatus;
  created_at: string;
  post_slug: string;
  post_title: string;
}

/** Comments in the given statuses on published posts holding every term, newest first. */
export async function searchComments(db: DbOrTx, terms: readonly string[], statuses: readonly CommentStatus[]): Promise<CommentMatch[]> {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .where('posts.status', '=', 'published')
    .where('comments.status', 'in', statuses)
    .where(matchesAll(db, 'comments', terms))
    .select([
      'comments.id',
      'comments.post_id',
      'comments.author_name',
      'comments.body_raw',
      'comments.status',
      'comments.created_at',
      'posts.slug as post_slug',
      'posts.title as post_title',
    ])
    .orderBy('comments.id', 'desc')
    .limit(SEARCH_CANDIDATES)
    .execute();
}

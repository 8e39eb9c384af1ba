import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Full-text search over posts (title, text) and comments (author, text), every status: the public search
 * filters to approved comments of published posts, staff also find held and spam ones.
 *
 * SQLite: FTS5 tables over the rows (external content, so the text is stored once) kept in step by
 * triggers on insert, on edits of the indexed columns and on delete; status changes touch nothing.
 * PostgreSQL: GIN indexes on the same tsvector expressions the search queries use, so the index is in
 * step by construction. Both tokenise without stemming or accent folding ('simple', unicode61 with
 * remove_diacritics 0), so the two engines match the same words. Existing rows are indexed here.
 */

const TOKENIZE = `tokenize = "unicode61 remove_diacritics 0"`;
const INDEXED: Record<string, [string, string]> = { posts: ['title', 'body_raw'], comments: ['author_name', 'body_raw'] };

function sqliteStatements(table: string, [a, b]: [string, string]): string[] {
  const fts = `${table}_fts`;
  const insertNew = `INSERT INTO ${fts}(rowid, ${a}, ${b}) VALUES (NEW.id, NEW.${a}, NEW.${b});`;
  const deleteOld = `INSERT INTO ${fts}(${fts}, rowid, ${a}, ${b}) VALUES ('delete', OLD.id, OLD.${a}, OLD.${b});`;
  return [
    `CREATE VIRTUAL TABLE ${fts} USING fts5(${a}, ${b}, content = '${table}', content_rowid = 'id', ${TOKENIZE})`,
    `CREATE TRIGGER ${fts}_ins AFTER INSERT ON ${table} BEGIN ${insertNew} END`,
    `CREATE TRIGGER ${fts}_del AFTER DELETE ON ${table} BEGIN ${deleteOld} END`,
    `CREATE TRIGGER ${fts}_upd AFTER UPDATE OF ${a}, ${b} ON ${table} BEGIN ${deleteOld} ${insertNew} END`,
    `INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`,
  ];
}

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, columns] of Object.entries(INDEXED)) {
    if (isPostgres(db)) {
      const [a, b] = columns;
      // The expression must read exactly as the search query writes it, or the planner cannot use the index.
      await sql
        .raw(`CREATE INDEX ${table}_search_idx ON ${table} USING GIN (to_tsvector('simple', regexp_replace(${a} || ' ' || ${b}, '[^[:alnum:]]+', ' ', 'g')))`)
        .execute(db);
    } else {
      for (const statement of sqliteStatements(table, columns)) await sql.raw(statement).execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(INDEXED)) {
    if (isPostgres(db)) {
      await sql.raw(`DROP INDEX ${table}_search_idx`).execute(db);
    } else {
      for (const suffix of ['ins', 'del', 'upd']) await sql.raw(`DROP TRIGGER ${table}_fts_${suffix}`).execute(db);
      await sql.raw(`DROP TABLE ${table}_fts`).execute(db);
    }
  }
}

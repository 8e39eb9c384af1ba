import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * posts.thread_version goes up whenever anything the post page shows below the post changes:
 * a comment, a remark or a stance label. Triggers do it, so every writer (moderation, remarks,
 * imports, other instances) keeps rendered-thread caches honest without having to remember to.
 */

const SQLITE_TRIGGERS = [
  `CREATE TRIGGER comments_bump_thread_ins AFTER INSERT ON comments BEGIN
     UPDATE posts SET thread_version = thread_version + 1 WHERE id = NEW.post_id; END`,
  `CREATE TRIGGER comments_bump_thread_upd AFTER UPDATE ON comments BEGIN
     UPDATE posts SET thread_version = thread_version + 1 WHERE id IN (OLD.post_id, NEW.post_id); END`,
  `CREATE TRIGGER comments_bump_thread_del AFTER DELETE ON comments BEGIN
     UPDATE posts SET thread_version = thread_version + 1 WHERE id = OLD.post_id; END`,
  `CREATE TRIGGER group_remarks_bump_thread_ins AFTER INSERT ON group_remarks BEGIN
     UPDATE posts SET thread_version = thread_version + 1 WHERE id = (SELECT post_id FROM comments WHERE id = NEW.comment_id); END`,
  `CREATE TRIGGER group_remarks_bump_thread_upd AFTER UPDATE ON group_remarks BEGIN
     UPDATE posts SET thread_version = thread_version + 1
     WHERE id IN (SELECT post_id FROM comments WHERE id IN (OLD.comment_id, NEW.comment_id)); END`,
  `CREATE TRIGGER group_remarks_bump_thread_del AFTER DELETE ON group_remarks BEGIN
     UPDATE posts SET thread_version = thread_version + 1 WHERE id = (SELECT post_id FROM comments WHERE id = OLD.comment_id); END`,
  `CREATE TRIGGER stance_labels_bump_thread_ins AFTER INSERT ON stance_labels BEGIN
     UPDATE posts SET thread_version = thread_version + 1 WHERE id IN (
       SELECT post_id FROM comments WHERE id = NEW.comment_id
       UNION SELECT c.post_id FROM group_remarks r JOIN comments c ON c.id = r.comment_id WHERE r.id = NEW.remark_id); END`,
];
const SQLITE_TRIGGER_NAMES = SQLITE_TRIGGERS.map((t) => /CREATE TRIGGER (\w+)/.exec(t)![1]!);

const POSTGRES_FUNCTIONS: Record<string, string> = {
  comments: `IF TG_OP <> 'INSERT' THEN UPDATE posts SET thread_version = thread_version + 1 WHERE id = OLD.post_id; END IF;
             IF TG_OP <> 'DELETE' THEN UPDATE posts SET thread_version = thread_version + 1 WHERE id = NEW.post_id; END IF;`,
  group_remarks: `IF TG_OP <> 'INSERT' THEN UPDATE posts SET thread_version = thread_version + 1 WHERE id = (SELECT post_id FROM comments WHERE id = OLD.comment_id); END IF;
                  IF TG_OP <> 'DELETE' THEN UPDATE posts SET thread_version = thread_version + 1 WHERE id = (SELECT post_id FROM comments WHERE id = NEW.comment_id); END IF;`,
  stance_labels: `UPDATE posts SET thread_version = thread_version + 1 WHERE id IN (
                    SELECT post_id FROM comments WHERE id = NEW.comment_id
                    UNION SELECT c.post_id FROM group_remarks r JOIN comments c ON c.id = r.comment_id WHERE r.id = NEW.remark_id);`,
};
const POSTGRES_EVENTS: Record<string, string> = {
  comments: 'INSERT OR UPDATE OR DELETE',
  group_remarks: 'INSERT OR UPDATE OR DELETE',
  stance_labels: 'INSERT',
};

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('thread_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (!isPostgres(db)) {
    for (const trigger of SQLITE_TRIGGERS) await sql.raw(trigger).execute(db);
    return;
  }
  for (const [table, body] of Object.entries(POSTGRES_FUNCTIONS)) {
    await sql.raw(`CREATE FUNCTION ${table}_bump_thread() RETURNS trigger AS $$ BEGIN ${body} RETURN NULL; END $$ LANGUAGE plpgsql`).execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_bump_thread AFTER ${POSTGRES_EVENTS[table]} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_bump_thread()`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of Object.keys(POSTGRES_FUNCTIONS)) {
      await sql.raw(`DROP TRIGGER ${table}_bump_thread ON ${table}`).execute(db);
      await sql.raw(`DROP FUNCTION ${table}_bump_thread()`).execute(db);
    }
  } else {
    for (const name of SQLITE_TRIGGER_NAMES) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  }
  await db.schema.alterTable('posts').dropColumn('thread_version').execute();
}

import { PostgresAdapter, type Kysely } from 'kysely';

// Mail: the outbox a background loop sends from (written in the transaction that causes a message, so
// a crash loses none), the addresses readers confirmed (double opt-in) and what each one follows.
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const withId = (name: string) => {
    const table = db.schema.createTable(name);
    return isPostgres ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  };

  await withId('mail_outbox')
    .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // Message-ID, In-Reply-To, References, List-Unsubscribe...: a JSON object of header name to value.
    .addColumn('headers_json', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(32)', (c) => c.notNull())
    // Set while one sender holds the row; another instance takes it over only once this has passed.
    .addColumn('claimed_until', 'varchar(32)')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('mail_outbox_due_idx').on('mail_outbox').columns(['status', 'next_attempt_at', 'id']).execute();
  await db.schema.createIndex('mail_outbox_recipient_idx').on('mail_outbox').columns(['recipient', 'created_at']).execute();

  await db.schema
    .createTable('mail_addresses')
    .addColumn('email', 'varchar(320)', (c) => c.primaryKey())
    .addColumn('confirmed_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await withId('mail_subscriptions')
    .addColumn('email', 'varchar(320)', (c) => c.notNull().references('mail_addresses.email').onDelete('cascade'))
    // 'replies': replies to one comment of theirs; 'post': new comments on a post.
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_subscriptions_comment_idx').on('mail_subscriptions').columns(['comment_id']).execute();
  await db.schema.createIndex('mail_subscriptions_post_idx').on('mail_subscriptions').columns(['post_id', 'kind']).execute();
  await db.schema.createIndex('mail_subscriptions_email_idx').on('mail_subscriptions').columns(['email']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_subscriptions').execute();
  await db.schema.dropTable('mail_addresses').execute();
  await db.schema.dropTable('mail_outbox').execute();
}

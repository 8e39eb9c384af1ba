import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import underPressure from '@fastify/under-pressure';
import authRoutes from './auth/auth.routes.js';
import sessionPlugin from './auth/session.plugin.js';
import usersRoutes from './users/users.routes.js';
import accountRoutes from './users/account.routes.js';
import fixedRoutes from './bench/fixed.routes.js';
import ownCommentRoutes from './thread/own-comment.routes.js';
import commentRoutes from './thread/comment.routes.js';
import voteRoutes from './debate/vote.routes.js';
import voteReviewRoutes from './debate/vote-review.routes.js';
import viewChangeRoutes from './debate/view-change.routes.js';
import stancePreviewRoutes from './debate/stance-preview.routes.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import context from './plugins/context.js';
import errorPages from './plugins/error-pages.js';
import readOnly from './plugins/read-only.js';
import healthRoutes from './health/health.routes.js';
import pageCache from './page-cache/page-cache.plugin.js';
import forms from './plugins/forms.js';
import metrics from './plugins/metrics.js';
import staticFiles from './plugins/static.js';
import views from './plugins/views.js';
import security from './plugins/security.js';
import feedRoutes from './feed/feed.routes.js';
import searchRoutes from './search/search.routes.js';
import siteRoutes from './site/site.routes.js';
import siteContext from './site/site-context.plugin.js';
import dashboardRoutes from './dashboard/dashboard.routes.js';
import postEditorRoutes from './post/post-editor.routes.js';
import auditRoutes from './moderation/audit.routes.js';
import queueRoutes from './moderation/queue.routes.js';
import linkbackStaffRoutes from './linkback/linkback-staff.routes.js';
import settingsRoutes from './moderation/settings.routes.js';
import reviewRoutes from './review/review.routes.js';
import postRoutes from './thread/post.routes.js';
import remarkEditRoutes from './remark/remark-edit.routes.js';
import legacyLinkRoutes from './import/legacy-links.routes.js';
import stanceBatch from './stance/stance-batch.plugin.js';
import remarkRoutes from './remark/remark.routes.js';
import avatarRoutes from './shared/avatar.routes.js';
import mail from './mail/mail.plugin.js';
import outboxRoutes from './mail/outbox.routes.js';
import mailSettingsRoutes from './mail/mail-settings.routes.js';
import webhooksRoutes from './mail/webhooks.routes.js';
import mailPreferencesRoutes from './users/mail-preferences.routes.js';
import subscriptionRoutes from './subscription/subscription.routes.js';
import myCommentsRoutes from './data-request/my-comments.routes.js';
import countsRoutes from './embed/counts.routes.js';
import embedRoutes from './embed/embed.routes.js';

const BUSY_RETRY_AFTER_SECONDS = 5;
// Answers up to this size are compressed on the event loop (tens of microseconds), not on libuv's threads, which
// password hashing and the SQLite log flush need (see auth/hash-slots.ts).
const COMPRESS_ON_LOOP_BYTES = 256 * 1024;
const BUSY_MESSAGE = 'The site is too busy to answer just now. Please try again in a few seconds; nothing was changed.\n';

/** A one-time set-password link's token, as request logs must not keep it (it would open the account). Pure. */
function redactLinkTokens(url: string): string {
  return url.replace(/^\/password\/[^/?#]+/, '/password/[token]');
}

export interface AppDeps {
  db: Db;
  clock?: () => Date;
  /** Where the log goes instead of stdout (tests read what was logged). */
  logStream?: { write: (line: string) => void };
}

/** Builds the whole app on an open, migrated database; never listens. */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            ...(deps.logStream ? { stream: deps.logStream } : {}),
            serializers: {
              req: (req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
                method: req.method,
                url: redactLinkTokens(req.url),
                host: req.host,
                remoteAddress: req.ip,
                remotePort: req.socket?.remotePort,
              }),
            },
          },
    // Ids and slugs are validated by zod in each route; this only keeps absurd URLs out.
    routerOptions: { maxParamLength: 500 },
    // Only the configured proxies: otherwise anyone could claim any address and dodge per-IP limits.
    trustProxy: config.trustProxy,
  });

  // An event loop this late answers 503 at once (with Retry-After) rather than queue requests it cannot serve in time.
  // The answer is plain and cheap: rendering an error page is more of the work the process has no time for.
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    pressureHandler: (_request, reply) =>
      void reply.code(503).header('retry-after', BUSY_RETRY_AFTER_SECONDS).type('text/plain; charset=utf-8').send(BUSY_MESSAGE),
  });
  // What is not compressed yet (the cached pages bring their own gzip), brotli first when the client asks for it.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip', 'deflate'], syncThreshold: COMPRESS_ON_LOOP_BYTES });
  await app.register(fastifyCookie, { secret: config.secret });
  await app.register(context, { config, db: deps.db, clock: deps.clock ?? (() => new Date()) });
  await app.register(views);
  // Session and security hooks come before the static files, so every response gets the headers.
  await app.register(sessionPlugin);
  await app.register(siteContext);
  await app.register(readOnly);
  await app.register(security);
  await app.register(staticFiles);
  await app.register(forms);
  await app.register(errorPages);
  await app.register(pageCache);
  await app.register(metrics);
  await app.register(stanceBatch);
  await app.register(mail);

  await app.register(postRoutes);
  await app.register(commentRoutes);
  await app.register(ownCommentRoutes);
  await app.register(feedRoutes);
  await app.register(searchRoutes);
  await app.register(siteRoutes);
  await app.register(voteRoutes);
  await app.register(voteReviewRoutes);
  await app.register(viewChangeRoutes);
  await app.register(stancePreviewRoutes);
  await app.register(avatarRoutes);
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(dashboardRoutes);
  await app.register(postEditorRoutes);
  await app.register(queueRoutes);
  await app.register(linkbackStaffRoutes);
  await app.register(settingsRoutes);
  await app.register(auditRoutes);
  await app.register(reviewRoutes);
  await app.register(usersRoutes);
  await app.register(accountRoutes);
  await app.register(remarkRoutes);
  await app.register(remarkEditRoutes);
  await app.register(legacyLinkRoutes);
  await app.register(outboxRoutes);
  await app.register(mailSettingsRoutes);
  await app.register(webhooksRoutes);
  await app.register(mailPreferencesRoutes);
  await app.register(subscriptionRoutes);
  await app.register(myCommentsRoutes);
  await app.register(embedRoutes);
  await app.register(countsRoutes);
  if (config.benchFixedBytes > 0) await app.register(fixedRoutes);
  return app;
}

// The one place that speaks SMTP: nodemailer over SMTP_URL, pooled so a backlog goes out over a few connections
// that stay open (a new connection per hundred messages, nodemailer's default, cost a third of the drain).
import nodemailer from 'nodemailer';
import type { OutboxMessage } from '../db/schema.js';

const POOL_CONNECTIONS = 8;

export interface MailTransport {
  /** Hands one message to the SMTP server; rejects with the server's reason. */
  send(message: OutboxMessage): Promise<void>;
  close(): void;
}

/** An SMTP error the server says will not go away on retry (5xx), as opposed to a 4xx or a lost connection. */
export function isPermanentFailure(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The transport for an smtp:// or smtps:// URL, sending as `from`. */
export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: POOL_CONNECTIONS, maxMessages: Infinity });
  return {
    async send(message) {
      const {
        'Message-ID': messageId,
        'In-Reply-To': inReplyTo,
        References: references,
        ...headers
      } = JSON.parse(message.headers_json) as Record<string, string>;
      await transporter.sendMail({
        from,
        to: message.recipient,
        subject: message.subject,
        text: message.body_text,
        html: message.body_html,
        messageId,
        inReplyTo,
        references,
        headers,
      });
    },
    close: () => transporter.close(),
  };
}

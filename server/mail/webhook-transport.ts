// The one place that speaks HTTP to webhook receivers: a signed POST whose socket connects only to an address
// checked in its own lookup (no second resolution between the check and the connection).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { AddressRefused, resolvePublicAddresses } from './public-address.js';

const TIMEOUT_MS = 10_000;
/** The receiver's answer kept in the log, at most. */
const RESPONSE_MAX_BYTES = 2000;

export interface WebhookTarget {
  url: string;
  secret: string;
}

/** A receiver's answer other than 2xx: its status goes in the log. */
export class WebhookRefused extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body}` : ''}`);
  }
}

/** The signature header's value: HMAC-SHA256 of `<timestamp>.<body>` with the endpoint's secret, hex. Pure. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** POSTs one delivery; resolves with the HTTP status (2xx), rejects with WebhookRefused, AddressRefused or a network error. */
export async function postWebhook(
  target: WebhookTarget,
  delivery: { id: number; event: string; body: string },
  options: { now: Date; allowPrivate: boolean },
): Promise<number> {
  const url = new URL(target.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AddressRefused(`${url.protocol} is not http or https`);
  // A literal IP host skips the socket's lookup: it is checked here, before any connection.
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) await resolvePublicAddresses(url.hostname, options.allowPrivate);
  const timestamp = Math.floor(options.now.getTime() / 1000);
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolvePublicAddresses(hostname, options.allowPrivate).then(
      (found) => {
        const first = found[0]!;
        if (lookupOptions.all) callback(null, found);
        else callback(null, first.address, first.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
  return new Promise<number>((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(
      url,
      {
        method: 'POST',
        lookup,
        timeout: TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Rejoinder-Webhooks',
          'x-rejoinder-event': delivery.event,
          'x-rejoinder-delivery': String(delivery.id),
          'x-rejoinder-timestamp': String(timestamp),
          'x-rejoinder-signature': signWebhook(target.secret, timestamp, delivery.body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < RESPONSE_MAX_BYTES) text += chunk;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(status);
          else reject(new WebhookRefused(status, text.slice(0, RESPONSE_MAX_BYTES)));
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(delivery.body);
  });
}

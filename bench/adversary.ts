// The other client of the post-comment-adversarial row: one connection posting maximum-size adversarial
// comments back to back (tools/stance/adversarial-bodies.ts), each from its own address and email so that
// the throttle and the duplicate check let them all through to the classifier.
import { adversarialBodies } from '../tools/stance/adversarial-bodies.js';
import type { SeededPost } from './bench-data.js';
import type { ServerProcess } from './server-process.js';

/** What the adversary managed: comments sent, and those accepted (303) and so classified. */
export interface AdversaryTally {
  sent: number;
  accepted: number;
}

/** Starts posting at once; stop() ends the loop after the comment in flight and gives the tally. */
export function startAdversary(server: ServerProcess, post: SeededPost, form: { cookie: string; token: string }): { stop: () => Promise<AdversaryTally> } {
  const bodies = adversarialBodies();
  const tally: AdversaryTally = { sent: 0, accepted: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const n = tally.sent;
      tally.sent += 1;
      const body = new URLSearchParams({
        _csrf: form.token,
        author_name: `Adversary ${n}`,
        author_email: `adversary-${n}@example.com`,
        author_url: '',
        body: bodies[n % bodies.length]!.body,
        parent_id: '',
      }).toString();
      const response = await fetch(`${server.baseUrl}/posts/${post.slug}/comments`, {
        method: 'POST',
        redirect: 'manual',
        // From 100.64.0.0/10 (shared address space), apart from the readers' range, one address each.
        headers: {
          cookie: form.cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `100.${64 + ((n >> 16) & 63)}.${(n >> 8) & 255}.${n & 255}`,
        },
        body,
      });
      await response.arrayBuffer();
      if (response.status === 303) tally.accepted += 1;
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

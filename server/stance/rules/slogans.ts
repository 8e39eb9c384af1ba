// A slogan or hashtag the author named as an ally's or a rival's takes that side by being used (see sides.ts).
import type { ContentContext, Evidence } from './evidence.js';
import { quote } from './phrases.js';

const SLOGAN_POLARITY = 0.8;

/** Using an ally's slogan or hashtag leans for the subject, a rival's against; negated, quoted or asked, it says nothing. */
export function findSloganEvidence(ctx: ContentContext): Evidence[] {
  const { scope } = ctx;
  const evidence: Evidence[] = [];
  for (const m of ctx.mentions.mentions) {
    if (!m.side?.slogan || (m.kind !== 'ally' && m.kind !== 'rival')) continue;
    const tok = scope.tokens[m.start];
    if (!tok || tok.quoted || scope.negatorOf(m.start) >= 0 || scope.isQuestion(m.start) || scope.isReported(m.start)) continue;
    const ally = m.kind === 'ally';
    evidence.push({
      kind: 'sent:subject',
      polarity: ally ? SLOGAN_POLARITY : -SLOGAN_POLARITY,
      cue: `uses ${ally ? 'an ally' : 'a rival'}'s slogan (${quote(m.side.name)})`,
    });
  }
  return evidence;
}

/** Text for benchmark threads: names, sentences, bodies of realistic length, all from a seeded PRNG. */

const MIN_BODY_CHARS = 40;
const MAX_BODY_CHARS = 1500;

/** A small seeded PRNG (mulberry32): the same seed gives the same thread on every run. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// prettier-ignore
export const FIRST_NAMES = ['Amara', 'Bruno', 'Chiara', 'Dmitri', 'Esther', 'Farid', 'Grete', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lars', 'Maya', 'Nikhil', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sven', 'Tala', 'Ugo', 'Vera', 'Wen', 'Yusuf', 'Zoë'];
// prettier-ignore
export const LAST_NAMES = ['Abara', 'Berg', 'Costa', 'Dubois', 'Eklund', 'Fischer', 'García', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Sato', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Yilmaz', 'Zhou'];
const SENTENCES = [
  'I think you are missing the point of what he actually said in that interview.',
  'A million followers does not make anyone an expert on public health, or on anything else.',
  'He has every right to speak, and we have every right to ignore him.',
  'Honestly the tone of this post is the problem, not the question itself.',
  'My daughter follows him and she was the one who showed me the clip.',
  'Fame is a megaphone; it should come with a little more care about what goes into it.',
  'Nobody asked for his opinion, yet here we all are, discussing it for the third day.',
  'The open letter format feels a bit theatrical, but I see why you chose it.',
  'Could we talk about the substance instead of the follower count for once?',
  'I used to defend him. After last week I am not so sure anymore.',
  'This is exactly the kind of debate the comment section was made for.',
  'Let us be fair: he apologised, which is more than most people do.',
  'The numbers he quoted were wrong, and that matters more than who he is.',
  'I read the whole thread twice and still cannot tell what he is for.',
  'Good question. I doubt he will answer it, but it needed asking.',
  'Celebrities have always said silly things; the difference now is the reach.',
  'You are being too kind. This was not a slip, it was a pattern.',
  'Maybe the answer is to follow fewer famous people and more local ones.',
  'Café talk in my town was about nothing else this morning — c’est la vie.',
  'I agree with half of this and strongly disagree with the other half 🙂',
];
const LINKS = [
  'https://example.org/2026/01/interview-transcript',
  'https://news.example.com/articles/12345?ref=blog&lang=en',
  'https://www.example.net/wiki/Public_figure',
];
export const GROUPS = ['Media Ethics Circle', 'Independent Bloggers Network', 'Digital Culture Forum'];
export const HEADLINES = ['Editor at a regional daily', 'Communications consultant', 'PhD student, media studies', 'Retired teacher', 'Product manager'];

/** One item of a list, chosen by the PRNG. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** An integer in [min, max], chosen by the PRNG. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Most comments are a short paragraph; a few are one-liners and a few are essays. */
function bodyLength(random: () => number): number {
  const r = random();
  if (r < 0.12) return between(random, MIN_BODY_CHARS, 200);
  if (r < 0.8) return between(random, 200, 400);
  if (r < 0.95) return between(random, 400, 900);
  return between(random, 900, MAX_BODY_CHARS);
}

function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > MIN_BODY_CHARS / 2 ? cut : max).trimEnd();
}

/** A comment body of realistic length, now and then quoting the text it answers. */
export function generateCommentBody(random: () => number, quoteFrom: string | null): string {
  const target = bodyLength(random);
  let text = '';
  if (quoteFrom !== null) text = `> ${cutAtWord(quoteFrom.split('\n')[0] ?? '', 120)}\n\n`;
  let sentencesInParagraph = 0;
  while (text.length < target) {
    if (sentencesInParagraph >= 3 && target > 400 && random() < 0.5) {
      text = `${text.trimEnd()}\n\n`;
      sentencesInParagraph = 0;
    }
    const sentence = random() < 0.08 ? `See ${pick(random, LINKS)} for the full quote.` : pick(random, SENTENCES);
    text += `${sentence} `;
    sentencesInParagraph += 1;
  }
  return cutAtWord(text.trim(), Math.min(target, MAX_BODY_CHARS));
}

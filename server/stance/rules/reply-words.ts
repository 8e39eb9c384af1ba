// Words by which a reply takes or rejects the side of whoever it answers ("Agreed.", "I'm on your side", "Nope").
// Kept general on purpose (no names, no thread-specific phrasing) so they carry over to unseen sites.

/** Opening words of a reply that agree with whoever it answers. */
// prettier-ignore
export const AGREE_OPENERS: readonly string[] = [
  'agreed', 'agree', 'i agree', 'i totally agree', 'i fully agree', 'i completely agree', 'completely agree',
  'totally agree', 'strongly agree', 'fully agree', "couldn't agree more", 'could not agree more', 'exactly',
  'this', 'this 100%', '+1', 'same', 'same here', 'well said', 'spot on', 'you nailed it', 'nailed it',
  'you are right', "you're right", 'your right', 'so true', 'true', 'yes', 'yep', 'yup', 'absolutely', 'totally',
  '100%', 'preach', 'bingo', 'correct', 'seconded', 'hear hear', 'thank you', 'thanks for writing', 'ha',
  'perfect summary', 'dead on', 'amen', 'facts', 'truth', 'word', 'big agree', 'precisely', 'indeed',
  'i think your sentiments', 'thanks', 'same experience', 'same with me', 'same for me', 'right?', 'good point', 'great point', 'fair point',
  // Terse social replies: pointing at, applauding or conceding the comment answered.
  'hard agree', 'fair enough', 'fair', 'this right here', 'this 💯', '👆', '👆👆', '💯', '👏', '👏👏', '👏👏👏', '❤️', '❤️❤️', '🫡',
];

/** Opening words of a reply that reject whoever it answers. */
// prettier-ignore
export const DISAGREE_OPENERS: readonly string[] = [
  'nope', 'no', 'nah', 'wrong', 'disagree', 'i disagree', 'strongly disagree', 'not true', 'nonsense', 'rubbish',
  'false', 'incorrect', 'give over', 'hardly', 'bs', 'please', 'lol no', "you're missing the point",
  'you are missing the point', 'missing the point', 'sorry but', 'with respect', 'with all due respect',
  'funny how', 'that is not', "that's not", 'thats not', 'not really', 'except', 'wrong again',
  'hard disagree', 'respectfully disagree', 'sure buddy', 'sure jan', 'yeah right', 'ok buddy', 'okay buddy', '🙄',
];

/** Anywhere in a reply: words that side with whoever it answers, by "you" ("I'm on your side"). */
// prettier-ignore
export const ADDRESSEE_AGREEMENT: readonly string[] = [
  'on your side', 'i with you', 'i am with you', 'agree with you', 'agreed with you', 'you are right', "you're right",
  'you are so right', 'you are spot on', "you're spot on", 'you nailed it', 'you said it', 'you make a good point',
  'you make a fair point', 'you have a point', 'you got it right', 'you have it right', 'with you on this', 'with you on that',
  'put your finger on it', 'hit the nail on the head', 'took the words out of my mouth', 'said it better than i could',
];
/** Anywhere in a reply: words that reject whoever it answers, by "you". */
// prettier-ignore
export const ADDRESSEE_DISAGREEMENT: readonly string[] = [
  "you're wrong", 'you are wrong', 'disagree with you', 'you have it wrong', 'you got it wrong', "you're mistaken",
  'you are mistaken', "you've got it backwards", 'you have got it backwards', 'you are kidding yourself', "you're kidding yourself",
];

/** Anywhere in a reply: rebuttal phrases that reject the answered comment. */
// prettier-ignore
export const REBUTTAL_PHRASES: readonly string[] = [
  'get your facts straight', 'check before you post', 'look it up', 'read the filing', 'read the whole thing',
  'read the article', 'maybe read', 'been debunked', 'is a rumour', 'is a rumor', 'not true', "isn't true",
  'is not true', "that's a myth", "you're assuming", 'you are assuming',
  "doesn't make", "doesn't mean", "doesn't fix", "doesn't change", "doesn't undo", "doesn't erase",
  'missing the point', 'short memories', 'give over', 'nobody said', 'nobody is saying', "nobody's saying",
];

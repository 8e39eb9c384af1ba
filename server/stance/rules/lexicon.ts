import afinn from './afinn-en-165.json' with { type: 'json' };

// Word lists the rule layer reads. Weights are signed: > 0 praises whoever the words are aimed at, < 0 criticises.
// Kept general on purpose (no names, no thread-specific phrasing) so they carry over to unseen sites.

// prettier-ignore
const PRAISE_WORDS: Record<number, string[]> = {
  2: [
    'brilliant', 'amazing', 'outstanding', 'incredible', 'legend', 'legendary', 'hero', 'heroic', 'genius', 'phenomenal', 'superb', 'fantastic', 'excellent', 'masterpiece', 'admire', 'applaud', 'applauded', 'proud', 'inspiring', 'inspirational', 'courageous', 'backbone', 'respect', 'respected', 'kudos', 'bravo', 'best', 'greatest', 'unmatched', 'love', 'loved', 'adore',
  ],
  1.5: [
    'great', 'good', 'talented', 'talent', 'smart', 'intelligent', 'capable', 'generous', 'humble', 'decent', 'classy', 'brave', 'strong', 'principled', 'impressive', 'awesome', 'superstar', 'deserve', 'deserves', 'deserved', 'earned', 'trust', 'trusted', 'trustworthy', 'accountable', 'accountability', 'transparent', 'careful', 'consistent', 'dedicated', 'hardworking', 'reliable', 'credit', 'praise', 'favourite', 'favorite', 'carried', 'carry', 'win', 'won', 'wins', 'winner', 'powerful', 'important', 'valuable', 'helped', 'fixed', 'right',
  ],
  1: [
    'fine', 'solid', 'nice', 'fair', 'better', 'support', 'supported', 'defend', 'glad', 'grateful', 'rare', 'caring', 'kind', 'benefit', 'positive', 'gift', 'pertinent', 'effort', 'efforts', 'donated',
  ],
};

/** Weight per AFINN point (AFINN runs -5..5; our own lists run -2.5..2.5). */
const AFINN_SCALE = 0.35;
/** AFINN words weaker than this are mostly mood, not judgement. */
const AFINN_MIN_SCORE = 2;
// Words AFINN scores that, in a thread, usually report events rather than judge anyone.
// prettier-ignore
const AFINN_EVENT_WORDS = new Set([
  'won', 'win', 'wins', 'winner', 'winning', 'lose', 'lost', 'loses', 'losing', 'loss', 'missed', 'miss', 'missing',
  'penalty', 'champion', 'champions', 'crying', 'cry', 'dispute', 'affected', 'died', 'dead', 'death', 'killed',
  'kill', 'war', 'attack', 'attacked', 'crash', 'accident', 'injury', 'injured', 'hurt', 'pain', 'sick', 'storm',
  'fire', 'cancer', 'tragedy', 'tragic', 'celebrate', 'celebrates', 'celebration', 'celebrations', 'celebrating',
  'stuck', 'delay', 'flagship', 'losses', 'honestly', 'worth', 'enjoy', 'delayed', 'problem', 'problems', 'vote', 'votes', 'prize', 'award', 'awards', 'party',
  'ban', 'banned', 'fines', 'warning', 'warnings', 'disagree',
]);

// General English evaluative words, added as one batch (not picked from any thread).
// prettier-ignore
const MORE_PRAISE = [
  'admirable', 'commendable', 'gracious', 'selfless', 'genuine', 'authentic', 'sincere', 'integrity', 'ethical',
  'trailblazer', 'pioneer', 'icon', 'iconic', 'champion', 'world-class', 'gifted', 'skilled', 'clever', 'wise',
  'sensible', 'reasonable', 'measured', 'resilient', 'fearless', 'bold', 'honest', 'truthful', 'self-aware',
  'self-awareness', 'mature', 'professional', 'responsible', 'loyal', 'devoted', 'committed', 'passionate',
  'tireless', 'beloved', 'deserving', 'worthy', 'justified', 'vindicated', 'credible', 'qualified', 'effective',
  'successful', 'success', 'accomplished', 'delivered', 'underrated', 'competent', 'thoughtful', 'saved', 'raised',
  'donated', 'worked', 'upfront', 'cared', 'classy', 'legit', 'goodwill', 'forgive', 'forgiven', 'rooting',
  'extraordinary', 'exceptional', 'stellar', 'hardest', 'hard-working', 'visionary', 'elite', 'clutch', 'goat',
  'guts', 'gutsy', '🐐', 'queen', '👑',
];
// prettier-ignore
const MORE_CRITICISM = [
  'ancient', 'retract', 'misinformation', 'quack', 'con', 'conman', 'sham', 'farce', 'lecture', 'lecturing',
  'moralising', 'moralizing', 'preachy', 'entitled', 'spoiled', 'childish', 'disrespectful', 'disrespect',
  'insulting', 'offensive', 'cruel', 'heartless', 'callous', 'ruthless', 'disaster', 'disastrous', 'catastrophic',
  'fiasco', 'chaos', 'failing', 'overhyped', 'gimmick', 'crime', 'criminal', 'illegal', 'unethical', 'lame',
  'loser', 'blunder', 'letdown', 'betrayed', 'betrayal', 'disloyal', 'traitor', 'unfit', 'unqualified',
  'incompetence', 'negligent', 'negligence', 'cover-up', 'spin', 'propaganda', 'bully', 'bullying', 'tyrant',
  'self-serving', 'self-absorbed', 'narcissistic', 'attention-seeking', 'clout', 'manipulative', 'sleazy', 'slimy',
  'creepy', 'sketchy', 'dodgy', 'fishy', 'bogus', 'cheat', 'cheater', 'cheating', 'tantrum', 'whiny', 'crybaby',
  'diva', 'ungrateful', 'mercenary', 'smug', 'condescending', 'patronising', 'patronizing', 'dismissive',
  'ignorant', 'delusional', 'deluded', 'embarrass', 'hype', 'overrated', 'retire', 'hypocrites', 'predictable',
  'theft', 'copying', 'copied', 'plagiarism', 'plagiarised', 'plagiarized', 'ducked', 'ducking', 'insufferable',
  'mid', 'washed', 'coasting', 'lazy', 'opportunist', 'opportunistic', 'self-indulgent', 'exploiting', 'exploited', 'misled', 'dodged', 'dodging',
];

// prettier-ignore
const CRITICISM_WORDS: Record<number, string[]> = {
  2: [
    'disgrace', 'disgraceful', 'disgusting', 'pathetic', 'fraud', 'grift', 'grifter', 'scam', 'scammer', 'liar', 'lying', 'lies', 'hypocrite', 'hypocrisy', 'hypocritical', 'clown', 'idiot', 'idiots', 'moron', 'joke', 'embarrassing', 'embarrassment', 'shameful', 'shame', 'shady', 'corrupt', 'coward', 'cowardly', 'selfish', 'arrogant', 'greedy', 'greed', 'incompetent', 'useless', 'worst', 'terrible', 'awful', 'horrible', 'garbage', 'trash', 'resign', 'unfollow', 'unfollowed', 'misleading', 'showboat', 'grandstanding', 'grandstand', 'sellout', 'overrated', 'cringe', 'toxic', 'dishonest', 'deceptive', 'stunt', 'shill', 'gross', 'vile', 'spineless', 'goose',
  ],
  1.5: [
    'bad', 'poor', 'wrong', 'sad', 'clueless', 'empty', 'fake', 'phony', 'vanity', 'excuse', 'excuses', 'blame', 'fault', 'failed', 'fail', 'failure', 'flop', 'flopped', 'mess', 'messed', 'tone-deaf', 'deaf', 'ego', 'narcissist', 'gloat', 'gloating', 'salesman', 'publicity', 'pr', 'stunt', 'harm', 'harmful', 'dangerous', 'false', 'misuse', 'abandoned', 'disappointed', 'disappointing', 'never again', 'cancel', 'sold out', 'cash', 'shameless', 'careless', 'reckless', 'stupid', 'dumb', 'ridiculous', 'absurd', 'nonsense', 'noise', 'unprofessional', 'immature', 'irresponsible', 'greedy', 'bonus', 'sideshow', 'coincidence', 'convenient', 'grim',
  ],
  1: [
    'problem', 'issue', 'concern', 'worried', 'doubt', 'boring', 'meh', 'annoying', 'overpriced', 'weak', 'slow', 'mistake', 'mistakes', 'apology', 'apologise', 'apologize', 'lost', 'loses', 'losing', 'struggling', 'attention', 'spotlight', 'promo', 'promos', 'selfies', 'unfortunately', 'questionable',
  ],
};

// Filled while the word map is built: words weighted only by AFINN.
const LOOSE_WORDS = new Set<string>();
/** Signed single-word weights. */
export const WORD_SENTIMENT: ReadonlyMap<string, number> = buildWordMap();

/** Signed multi-word phrases, matched on the space-joined token texts (after contraction stripping). */
// prettier-ignore
export const PHRASE_SENTIMENT: readonly (readonly [string, number])[] = [
  // Zero weights swallow set phrases whose words would otherwise be read as praise or criticism.
  ['to be fair', 0], ['with respect', 0], ['with all due respect', 0], ['respectfully', 0], ['fair enough', 0], ['honest question', 0],
  ['not even', -1], ['done more', 1.5], ["i'm done", -1.5], ['bad back', 0], ['bad week', -0.5],
  ['class act', 2], ['more than any', 1.5], ['says it all', -1.5], ['spare me', -2], ['typical', -1.5],
  ['red flag', -2], ['selling a dream', -1.5], ['too thin', -1.5], ['cash grab', -2], ['money grab', -2], ['out of touch', -2], ['snake oil', -2.5],
  ['dropped the ball', -2], ['let down', -1.5], ['screwed up', -2], ['not a crime', 1], ['it worked', 1.5], ['past it', -1.5], ['over the hill', -1.5],
  ['price tag', -1.5], ['pulled this before', -2], ['more than most', 1.5], ['than most', 1], ['good job', 2], ['great job', 2], ['well done', 2], ['way to go', 2], ['hats off', 2],
  ['good for', 1.5], ['props to', 2], ['a lot of good', 2], ['good use', 1.5], ['did them a', 1], ['huge favour', 2],
 
  ['stood up', 1.5], ['stand up', 1.5], ['made the call', 1],
  ['the right call', 2], ['right to', 1], ['leave the kid alone', 2], ['leave him alone', 2], ['leave her alone', 2],
  ['get behind', 2], ['pay the man', 2], ['pay him', 1.5],
  ['stands by', 1.5], ['the real deal', 2], ['next level', 1.5],
  ['lost all respect', -2.5], ['lost my respect', -2.5], ['tone deaf', -2],
  ['cash out', -1.5], ['cashed out', -2], ['sore loser', -2],
  ['press release', -1], ['walking press release', -2], ['no clue', -2], ['has no idea', -1.5], ['not a leader', -2],
  ['bad look', -2], ['stupid look', -2], ['bad call', -1], ['step down', -2], ['should resign', -2.5],
  ['sell him', -2], ['sell her', -2], ['fire him', -2], ['fire her', -2],
  ['kiss of death', -1.5], ['follow the money', -2],
  ['about himself', -1.5], ['about herself', -1.5], ['not anymore', -1.5], ['no more chances', -2],
  ['owes', -1], ["doesn't care", -2], ['does not care', -2], ['did not care', -2], ['in it for', -1.5],
  ['made sure we all saw', -1.5],
  ['going to lose', -1], ['waste of', -2], ['wasted', -1], ['nothing to say', -2], ['nothing more', -1.5],
  ['nothing else', -1],
  // Discourse fillers and set phrases that look evaluative but judge nobody.
  ['open about', 1.5], ['fun fact', 0], ['honestly', 0], ['genuinely', 0], ['kind of', 0], ['would love', 0], ['love to see', 0], ['love to know', 0], ['love to hear', 0], ['some kind', 0], ['worth a look', 0], ['worth a listen', 0], ['worth a read', 0],
  // "Sorry" is mostly sympathy ("so sorry about your dad") or a softener ("sorry, but no"); only these judge.
  ['sorry excuse', -2], ['sorry state', -1.5], ['not even sorry', -1.5],
  // Thanks for a personal story is kindness to the teller, not a side in the debate.
  ['thank you for sharing', 0], ['thanks for sharing', 0],
  ['bless her', 2], ['bless him', 2], ['long overdue', 1.5], ['about time', 1.5],
  ['thank you', 1.5], ['thanks to', 0], ['owed an apology', 2], ['deserves an apology', 2], ['benefit of the doubt', 1.5], ['hard working', 1.5],
  ['be honest', 0], ['to be honest', 0],
  // Everyday idioms of dismissal and of defence, general English rather than any thread's wording.
  ['virtue signalling', -2], ['virtue signaling', -2], ['good riddance', -2.5], ['got lucky', -1.5], ['right place right time', -2], ['right place at the right time', -2],
  ['give her a chance', 1.5], ['give him a chance', 1.5], ['cut her some slack', 1.5], ['cut him some slack', 1.5],
  ['what a man', 2], ['what a woman', 2], ['what a player', 2], ['happy for her', 2], ['happy for him', 2], ['no skips', 2],
];

/** Words that negate the sentiment word within the next few tokens. */
// prettier-ignore
export const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'nobody', 'none', 'neither', 'nor', 'without', 'hardly', 'barely', 'nothing', 'zero', 'lack',
]);
/** How many tokens after a negator still fall in its scope. */
export const NEGATION_WINDOW = 4;

/** Names for the subject's critics that are insults in themselves: using them defends the subject. */
// prettier-ignore
export const CRITIC_INSULTS: readonly string[] = [
  'haters', 'hater', 'trolls', 'keyboard warriors', 'armchair', 'snobs', 'purists', 'naysayers', 'doubters',
  'you people', 'drama farmers', 'mob', 'pile-on', 'pile on', 'piling on', 'people acting like', 'calm down', 'get a grip', 'cancel mob', 'clout chasers', 'outrage merchants', 'the usual suspects',
];
/** Neutral names for the subject's critics: attacking them (with a mocking word) defends the subject. */
// prettier-ignore
export const CRITIC_REFERENCES: readonly string[] = [
  'critics', 'critic', 'some of you', 'half of you', "y'all", 'yall', 'people mad at', 'everyone complaining',
  'the people baying', 'the people complaining', 'anyone who turns', 'the experts', 'people complaining', 'people crying',
];
/** Words that, in the sentence naming the subject's critics, mock them ("whining", "crying", "touch grass"). */
// prettier-ignore
export const MOCKING_WORDS: ReadonlySet<string> = new Set([
  'whining', 'whine', 'crying', 'cry', 'screaming', 'scream', 'complain', 'complaining', 'baying', 'hating', 'mad',
  'jealous', 'seething', 'hilarious', 'wild', 'reaching', 'grow', 'chill', 'grass', 'expert', 'experts', 'asked',
  'never', 'waiting', 'excuse', 'clearly', 'literally', 'ever', 'nothing', 'gate', 'acting',
]);

/** Words of contrast: what follows carries the writer's view, what precedes concedes ("good, but lazy"). */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set(['but', 'though', 'although', 'however', 'yet']);
/** Words that open a new clause: the contrast words and a few more ("whereas", "while"). */
export const CLAUSE_WORDS: ReadonlySet<string> = new Set([...CONTRAST_WORDS, 'whereas', 'except', 'whilst', 'while']);
/** Openers of a sentence that concedes the one before ("Nice he raised money. Still, ..."). */
export const SENTENCE_CONTRAST_OPENERS: ReadonlySet<string> = new Set(['but', 'however', 'still', 'yet']);

/** Groups that, followed by an attacking verb ("people hating on her"), name the subject's critics. */
// prettier-ignore
export const CRITIC_GROUP_NOUNS: ReadonlySet<string> = new Set([
  'people', 'those', 'everyone', 'anyone', 'folks', 'ones', 'all', 'y\'all', 'yall', 'guys',
]);
/** Verbs that, after a group noun, say the group is attacking the subject. */
// prettier-ignore
export const CRITIC_GROUP_VERBS: ReadonlySet<string> = new Set([
  'hating', 'hate', 'attacking', 'demanding', 'complaining', 'criticising', 'criticizing', 'mocking', 'screaming',
  'moaning', 'whining', 'piling', 'slamming', 'bashing', 'trashing', 'booing', 'acting', 'crying', 'calling',
  'pretending', 'outraged', 'raging', 'ranting', 'sneering', 'attack', 'attacked', 'criticise', 'criticize',
  'criticised', 'criticized', 'mock', 'mocked', 'slam', 'bash', 'trash', 'boo', 'booed', 'hated', 'blame', 'blaming',
  'blamed', 'complain', 'complained', 'moan', 'whine', 'rant', 'sneer',
]);

/** People who defend the subject; attacking them is against the subject. */
// prettier-ignore
export const DEFENDER_NOUNS: readonly string[] = [
  'fans', 'fanboys', 'fanboy', 'fangirls', 'stans', 'stan', 'apologists', 'apologist', 'defenders', 'glazers',
  'cult', 'sycophants', 'bootlickers', 'simps', 'fan club',
];
/** Phrases saying the defenders will excuse anything. */
// prettier-ignore
export const DEFENDER_MOCKERY: readonly string[] = [
  'defend anything', 'defend literally anything', 'defend everything', 'make excuses', 'still defending',
  'keep defending', 'will defend', 'excuse anything',
];

/** Markers that the praise around them is meant the other way round. */
// prettier-ignore
export const SARCASM_MARKERS: readonly string[] = [
  '/s', 'oh sure', 'oh yes', 'oh yeah', 'oh wow', 'oh great', 'oh brilliant', 'oh good', 'oh look', 'yeah right',
  'sure because', 'because nothing says', 'nothing says', 'genius move', 'slow clap',
  'give the man a medal', 'give her a medal', 'give him a medal', 'what a saint', 'so generous', 'cool cool',
  'aged well', 'yeah yeah', 'very convenient', 'how convenient', 'what a coincidence', 'ok buddy', 'okay buddy',
  'sure he did', 'sure she did', 'profile in courage',
  'really mature', 'bold strategy',
  'stunning and brave', '👏', '🙄', '🤡',
];

/** Signals of information, questions or logistics rather than opinion. */
// prettier-ignore
export const INFO_MARKERS: readonly string[] = [
  'for context', 'fyi', 'f y i', 'fun fact', 'for the record', 'for anyone', 'anyone know', 'does anyone', 'anyone have',
  'is there', 'per the', 'according to', 'off topic', 'btw', 'small correction', 'quick note', 'the list is',
  "for what it's worth", 'fwiw', 'source:', 'link', 'schedule', 'tickets', 'ticket', 'tee times', 'kickoff',
  'pairings', 'statement is due', 'genuinely asking', 'genuinely curious', 'curious what', 'question:',
  'what channel', 'injury report', 'is up on', 'are up on', 'are out', 'starts', 'will be', 'has requested',
  'be useful', 'would help', 'replies from', 'comments from', 'cross-posting', 'sharing some', 'a few replies', 'would like to', 'id like to', "i'd like to", 'can someone', 'transcript',
  'if anyone', 'all welcome',
];

/** Signals of a deliberately balanced or undecided view. */
// prettier-ignore
export const BALANCE_MARKERS: readonly string[] = [
  'both sides', 'both things can be true', 'i see both sides', "can't decide", 'cannot decide', 'mixed feelings',
  'not defending or attacking', 'on the fence', 'no strong opinion', "don't have a strong",
  'do not have a strong', 'hard to judge', 'both have a point', 'both sides have a point',
  'not sure how i feel', "can't decide how i feel", 'not sure this changes',
  'mixed bag', 'are mixed', 'is mixed', 'depends what', 'depends on what', 'no idea if', 'no opinion',
];

/** Nouns that, after "the/this/that", point at a person ("the guy", "this clown"). */
// prettier-ignore
export const PERSON_NOUNS: ReadonlySet<string> = new Set([
  'guy', 'man', 'woman', 'lad', 'kid', 'dude', 'fella', 'fellow', 'bloke', 'gal', 'lady', 'girl', 'boy', 'clown',
  'chap', 'gentleman', 'person',
]);
/** Role nouns that mean the subject when the post uses them ("the mayor", "the founder"). */
// prettier-ignore
export const ROLE_NOUNS: ReadonlySet<string> = new Set([
  'mayor', 'senator', 'governor', 'president', 'ceo', 'founder', 'chairman', 'chair', 'coach', 'captain', 'author',
  'singer', 'artist', 'actor', 'actress', 'streamer', 'creator', 'host', 'player', 'striker', 'quarterback', 'qb',
  'minister', 'councillor', 'candidate', 'director', 'writer', 'rapper', 'chef', 'boss', 'star', 'novelist',
]);

/** People other than the writer whose views a comment may report ("critics say", "my dad hates"). */
// prettier-ignore
export const THIRD_PARTY_WORDS: ReadonlySet<string> = new Set([
  'critics', 'critic', 'people', 'fans', 'pundits', 'reporters', 'media', 'press', 'some', 'many', 'others', 'they',
  'everyone', 'everybody', 'dad', 'mum', 'mom', 'father', 'mother', 'brother', 'sister', 'husband', 'wife',
  'friend', 'friends', 'mate', 'mates', 'colleagues', 'parents', 'son', 'daughter', 'supporters', 'opponents',
  'haters', 'detractors', 'commentators', 'analysts', 'experts', 'folks', 'half',
  'sponsors', 'committees', 'committee', 'judges', 'voters', 'readers', 'viewers', 'listeners', 'audiences',
  'teammates', 'staff', 'employees', 'investors', 'shareholders', 'advertisers', 'brands', 'journalists',
]);
/** People around the subject who are not the subject: "the director is brilliant" judges the director. */
// prettier-ignore
export const OTHER_PERSON_NOUNS: ReadonlySet<string> = new Set([
  'director', 'producer', 'producers', 'engineer', 'manager', 'agent', 'referee', 'ref', 'umpire', 'owner', 'board',
  'coach', 'writer', 'writers', 'editor', 'label', 'studio', 'sponsor', 'opposition', 'opponent', 'rival',
  'government', 'council', 'club', 'team', 'company', 'network', 'police', 'media', 'press', 'judge', 'jury',
  'casting', 'script', 'cast', 'crew', 'band', 'teammate', 'partner', 'predecessor', 'successor', 'replacement',
]);
/** Verbs that introduce someone's opinion or feeling rather than state the writer's own. */
// prettier-ignore
export const REPORTED_ATTITUDE_VERBS: ReadonlySet<string> = new Set([
  'say', 'says', 'said', 'claim', 'claims', 'claimed', 'think', 'thinks', 'thought', 'call', 'calls', 'called',
  'hate', 'hates', 'love', 'loves', 'adore', 'adores', 'stand', 'believe', 'believes', 'reckon', 'reckons', 'argue',
  'argues', 'insist', 'insists', 'accuse', 'accused', 'accuses', 'praise', 'praised', 'praises', 'blame', 'blames',
]);

/** Whether a word's weight comes only from the general-purpose AFINN list. */
export function isLooseLexiconWord(word: string): boolean {
  return LOOSE_WORDS.has(word);
}

function buildWordMap(): Map<string, number> {
  const map = new Map<string, number>();
  for (const [weight, words] of Object.entries(PRAISE_WORDS)) for (const w of words) map.set(w, Number(weight));
  for (const [weight, words] of Object.entries(CRITICISM_WORDS)) for (const w of words) map.set(w, -Number(weight));
  for (const w of MORE_PRAISE) if (!map.has(w)) map.set(w, 1.5);
  for (const w of MORE_CRITICISM) if (!map.has(w)) map.set(w, -1.5);
  // The general AFINN list fills gaps; our own lists, written for stance, win where both have a word.
  for (const [w, score] of Object.entries(afinn.words as Record<string, number>)) {
    if (!map.has(w) && Math.abs(score) >= AFINN_MIN_SCORE && !AFINN_EVENT_WORDS.has(w)) {
      map.set(w, score * AFINN_SCALE);
      LOOSE_WORDS.add(w);
    }
  }
  return map;
}

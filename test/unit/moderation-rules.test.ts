import { describe, expect, it } from 'vitest';
import { evaluateRules, findLinks, findListedWord, type RuleFacts } from '../../server/comment/moderation-rules.js';
import { DEFAULT_SETTINGS, parseStoredSettings, parseWordList, type ModerationSettings } from '../../server/settings/moderation-settings.js';

const facts: RuleFacts = {
  body: 'A fair point.',
  authorName: 'Rosa',
  authorEmail: 'rosa@example.test',
  authorUrl: null,
  postMode: 'open',
  hasApprovedBefore: true,
};
const settings: ModerationSettings = { ...DEFAULT_SETTINGS, holdWords: ['refund', 'crypto deal'], blockWords: ['viagra'] };

describe('evaluateRules', () => {
  it.each<[string, Partial<RuleFacts>, Partial<ModerationSettings>, string, string | null, string | null]>([
    ['a plain comment', {}, {}, 'approved', null, null],
    ['a block word in the body', { body: 'Buy VIAGRA now' }, {}, 'spam', 'block_word', 'VIAGRA'],
    ['a block word in the website', { authorUrl: 'https://viagra.example' }, {}, 'spam', 'block_word', 'viagra'],
    ['block words switched off', { body: 'viagra' }, { blockWordsOn: false }, 'approved', null, null],
    ['a block word beats "hold all"', { body: 'viagra', postMode: 'all' }, {}, 'spam', 'block_word', 'viagra'],
    ['a post that holds everything', { postMode: 'all' }, {}, 'pending', 'post_all', null],
    ['a hold phrase', { body: 'Great Crypto  Deal here' }, { holdWords: ['crypto  deal'] }, 'pending', 'hold_word', 'Crypto  Deal'],
    ['a hold word inside another word does not count', { body: 'refunded' }, {}, 'approved', null, null],
    ['hold words switched off', { body: 'refund' }, { holdWordsOn: false }, 'approved', null, null],
    [
      'links at the limit',
      { body: 'see https://a.example and http://b.example and www.c.example' },
      {},
      'pending',
      'links',
      'https://a.example http://b.example www.c.example',
    ],
    ['links under the limit', { body: 'see https://a.example and http://b.example' }, {}, 'approved', null, null],
    ['links rule with a lower limit', { body: 'https://a.example' }, { linkLimit: 1 }, 'pending', 'links', 'https://a.example'],
    ['first comment, site rule on', { hasApprovedBefore: false }, { holdFirstComment: true }, 'pending', 'first_comment', 'rosa@example.test'],
    ['first comment, site rule off', { hasApprovedBefore: false }, {}, 'approved', null, null],
    ['first comment on a first-time post', { hasApprovedBefore: false, postMode: 'first_time' }, {}, 'pending', 'first_comment', 'rosa@example.test'],
    ['returning commenter on a first-time post', { postMode: 'first_time' }, {}, 'approved', null, null],
  ])('%s', (_name, change, settingsChange, status, rule, match) => {
    expect(evaluateRules({ ...facts, ...change }, { ...settings, ...settingsChange })).toEqual({ status, rule, match });
  });
});

describe('word and link helpers', () => {
  it('match whole words in any script, ignoring case', () => {
    expect(findListedWord('Ça va, GRÜN!', ['grün'])).toBe('GRÜN');
    expect(findListedWord('grünlich', ['grün'])).toBeNull();
    expect(findListedWord('a (b.c) d', ['(b.c)'])).toBe('(b.c)');
  });

  it('find links', () => {
    expect(findLinks('x https://a.example/p?q=1, www.b.example y')).toEqual(['https://a.example/p?q=1,', 'www.b.example']);
  });

  it('parse word lists and stored settings tolerantly', () => {
    expect(parseWordList('Spam\n eggs, ,spam\n')).toEqual(['spam', 'eggs']);
    expect(parseStoredSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseStoredSettings('not json')).toEqual(DEFAULT_SETTINGS);
    expect(parseStoredSettings('{"linkLimit": 7, "holdLinks": "yes", "holdWords": ["a"]}')).toEqual({ ...DEFAULT_SETTINGS, linkLimit: 7, holdWords: ['a'] });
  });
});

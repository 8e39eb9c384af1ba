// Issue 14 item 10: Markdown nested deeper than marked's stack holds is refused before it renders,
// with a 422 that keeps every field, on save and preview, for a new post and an edit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, type Agent } from '../support/auth.js';
import { formFields } from '../support/html.js';
import { BODY_MAX_BYTES } from '../../server/post/post.forms.js';
import { MAX_MARKDOWN_NESTING } from '../../server/post/post-markdown.js';

let t: TestContext;
let agent: Agent;
let csrf: string;
beforeEach(async () => {
  t = await createTestApp();
  ({ agent, csrf } = await signInAs(t.app, t.db, 'author'));
});
afterEach(async () => t.close());

const fields = {
  title: 'Deep thoughts',
  slug: '',
  subject_name: 'Jamie Rivera',
  subject_aliases: 'Rivera',
  author_stance: '',
  status: 'published',
  comments_open: '1',
  moderation_mode: 'open',
  intent: 'save',
};

/** The largest body the form allows, made of one nesting unit repeated. */
const deepest = (unit: string) => `${unit.repeat(Math.floor((BODY_MAX_BYTES - 1) / unit.length))}x`;

const BODIES: [string, string][] = [
  ['quotes', deepest('> ')],
  ['quotes without spaces', deepest('>')],
  ['ordered lists', deepest('1. ')],
  ['bullet lists', deepest('- ')],
  ['quoted lists', deepest('> 1. ')],
  ['lists nested by indentation', Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')],
];

describe('post Markdown nested too deep', () => {
  it.each(BODIES)('%s: 422 on save and preview, the text kept, nothing stored', async (_name, body) => {
    for (const intent of ['save', 'preview']) {
      const res = await agent
        .post('/staff/posts')
        .type('form')
        .send({ ...fields, body, intent, _csrf: csrf });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/<span class="field-error" id="body-error">Quotes and lists nest \d+ levels deep here; at most 64 can be shown<\/span>/);
      expect(formFields(res.text)).toMatchObject({ body, title: fields.title, subject_name: fields.subject_name });
    }
    expect(await t.db.selectFrom('posts').selectAll().execute()).toHaveLength(0);
  });

  it('is refused on an edit too, and the stored post is left as it was', async () => {
    await agent
      .post('/staff/posts')
      .type('form')
      .send({ ...fields, body: 'Shallow.', _csrf: csrf })
      .expect(303);
    const post = await t.db.selectFrom('posts').selectAll().executeTakeFirstOrThrow();
    for (const intent of ['save', 'preview']) {
      const res = await agent
        .post(`/staff/posts/${post.id}`)
        .type('form')
        .send({ ...fields, body: deepest('> 1. '), intent, _csrf: csrf });
      expect(res.status).toBe(422);
      expect(formFields(res.text).body).toBe(deepest('> 1. '));
    }
    expect((await t.db.selectFrom('posts').select('body_raw').executeTakeFirstOrThrow()).body_raw).toBe('Shallow.');
  });

  it('accepts nesting up to the limit and renders it', async () => {
    const body = `${'> '.repeat(MAX_MARKDOWN_NESTING)}deep enough`;
    await agent
      .post('/staff/posts')
      .type('form')
      .send({ ...fields, body, _csrf: csrf })
      .expect(303);
    const { body_html } = await t.db.selectFrom('posts').select('body_html').executeTakeFirstOrThrow();
    expect(body_html.match(/<blockquote>/g)).toHaveLength(MAX_MARKDOWN_NESTING);
  });
});

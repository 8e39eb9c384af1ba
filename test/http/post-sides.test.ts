import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent, type Agent } from '../support/auth.js';
import { formBody } from '../support/factories.js';

// The editor's allies and rivals, through real HTTP: stored, shown again, refused with the text kept, and read by
// the classifier when a reader's comment arrives.
let t: TestContext;
let agent: Agent;
let csrf: string;
beforeEach(async () => {
  t = await createTestApp();
  ({ agent, csrf } = await signInAs(t.app, t.db, 'author'));
});
afterEach(async () => t.close());

const valid = {
  title: 'The tram vote',
  slug: 'tram-vote',
  body: 'Ines Calder puts the tram plan to the council on Monday.',
  subject_name: 'Ines Calder',
  subject_aliases: 'Calder',
  subject_allies: 'Tomas Reyes, #KeepTheTrams, Tomas Reyes',
  subject_rivals: 'Victor Hale, Drivers First',
  author_stance: '',
  status: 'published',
  comments_open: '1',
  moderation_mode: 'open',
  intent: 'save',
};

function save(fields: Record<string, string>, path = '/staff/posts') {
  return agent
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: csrf });
}

async function comment(body: string) {
  const reader = await visitorAgent(t.app);
  await reader.agent
    .post('/posts/tram-vote/comments')
    .type('form')
    .send(formBody({ author_name: 'Rosa', author_email: 'rosa@example.test', author_url: '', parent_id: '', body, stance: '', _csrf: reader.csrf }))
    .expect(303);
}

describe('allies and rivals in the post editor', () => {
  it('stores them as lists, each name once, and shows them again in the editor', async () => {
    await save(valid).expect(303);
    const post = await t.db.selectFrom('posts').selectAll().executeTakeFirstOrThrow();
    expect(post.subject_allies).toBe('["Tomas Reyes","#KeepTheTrams"]');
    expect(post.subject_rivals).toBe('["Victor Hale","Drivers First"]');
    const page = await agent.get(`/staff/posts/${post.id}/edit`).expect(200);
    expect(page.text).toContain('id="subject_allies" name="subject_allies" type="text" value="Tomas Reyes, #KeepTheTrams"');
    expect(page.text).toContain('value="Victor Hale, Drivers First"');
  });

  it('refuses too many rivals with 422, the message by the field and the text kept', async () => {
    const many = Array.from({ length: 21 }, (_, k) => `Rival ${k}`).join(', ');
    const res = await save({ ...valid, subject_rivals: many }).expect(422);
    expect(res.text).toContain('id="subject_rivals-error">At most 20 rivals</span>');
    expect(res.text).toContain(`value="${many}"`);
    expect(await t.db.selectFrom('posts').selectAll().execute()).toHaveLength(0);
  });

  it('leaves both empty for a post saved without them', async () => {
    const { subject_allies: _a, subject_rivals: _r, ...without } = valid;
    await save(without).expect(303);
    const post = await t.db.selectFrom('posts').selectAll().executeTakeFirstOrThrow();
    expect([post.subject_allies, post.subject_rivals]).toEqual(['[]', '[]']);
  });

  it('labels praise of a rival against and an attack on a rival for, once the author has named them', async () => {
    await save(valid).expect(303);
    await comment('Victor Hale is brilliant, honest and right about this.');
    await comment('Drivers First are dishonest and selfish.');
    const labels = await t.db.selectFrom('stance_labels').select(['comment_id', 'label', 'cues']).orderBy('comment_id').execute();
    expect(labels.map((l) => l.label)).toEqual(['against', 'pro']);
    expect(labels[0]!.cues).toContain('a rival of the subject, Victor Hale');
    const page = await request(t.app.server).get('/posts/tram-vote').expect(200);
    expect(page.text).toMatch(/Against <strong>1<\/strong>/);
  });
});

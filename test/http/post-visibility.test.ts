import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';

// Drafts belong to their author (and admins): moderators see the published posts, and nobody learns
// from a status code, an error text or a slug check that a post they may not see exists.

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

/** Another author's draft that was never published, with one approved comment on it. */
async function secretDraft(slug = 'secret-plans') {
  const draft = await createPost(t.db, { slug, title: 'Secret plans', status: 'draft' });
  await t.db.updateTable('posts').set({ published_at: null }).where('id', '=', draft.id).execute();
  return { ...draft, commentId: await createComment(t.db, draft.id) };
}

const MISSING = 999_999;
const answer = (res: { status: number; text: string }) => ({ status: res.status, text: res.text });

describe('moderators and drafts', () => {
  it('lists published posts on the dashboard, never another author’s draft title; admins see all', async () => {
    await secretDraft();
    const published = await createPost(t.db, { title: 'Out in the open' });
    const moderator = await signInAs(t.app, t.db, 'moderator');
    const page = await moderator.agent.get('/staff').expect(200);
    expect(page.text).toContain('Out in the open');
    expect(page.text).not.toContain('Secret plans');
    expect(page.text).toContain('Published posts');
    const admin = await signInAs(t.app, t.db, 'admin');
    expect((await admin.agent.get('/staff').expect(200)).text).toContain('Secret plans');
    await moderator.agent.get(`/staff/posts/${published.id}/stances`).expect(200);
  });

  it.each(['/staff/posts/ID/stances', '/staff/posts/ID/stances.csv', '/staff/posts/ID/stances.json', '/staff/stances?post=ID'])(
    'answer %s for a draft exactly as for a missing post',
    async (path) => {
      const draft = await secretDraft();
      const { agent } = await signInAs(t.app, t.db, 'moderator');
      const forDraft = await agent.get(path.replace('ID', String(draft.id)));
      const forNothing = await agent.get(path.replace('ID', String(MISSING)));
      expect(forDraft.status).toBe(404);
      expect(answer(forDraft)).toEqual(answer(forNothing));
      expect(forDraft.text).not.toContain('Secret plans');
    },
  );

  it('may not add remarks to a draft: the same 404 as for a missing comment or post', async () => {
    const draft = await secretDraft();
    const { agent } = await signInAs(t.app, t.db, 'moderator');
    const onComment = await agent.get(`/staff/comments/${draft.commentId}/remarks`);
    expect(onComment.status).toBe(404);
    expect(answer(onComment)).toEqual(answer(await agent.get(`/staff/comments/${MISSING}/remarks`)));
    const onPost = await agent.get(`/staff/posts/${draft.id}/remarks`);
    expect(onPost.status).toBe(404);
    expect(answer(onPost)).toEqual(answer(await agent.get(`/staff/posts/${MISSING}/remarks`)));
  });
});

describe('authors and other authors’ posts', () => {
  it('get one answer for another author’s post and for none, in the editor and for remarks', async () => {
    const other = await secretDraft();
    const { agent } = await signInAs(t.app, t.db, 'author');
    for (const path of ['/staff/posts/ID/edit', '/staff/posts/ID/remarks']) {
      const existing = await agent.get(path.replace('ID', String(other.id)));
      expect(existing.status).toBe(403);
      expect(answer(existing)).toEqual(answer(await agent.get(path.replace('ID', String(MISSING)))));
    }
    const onComment = await agent.get(`/staff/comments/${other.commentId}/remarks`);
    expect(onComment.status).toBe(403);
    expect(answer(onComment)).toEqual(answer(await agent.get(`/staff/comments/${MISSING}/remarks`)));
  });

  it('can take a slug only another author’s unpublished draft holds, which moves aside', async () => {
    const draft = await secretDraft('secret-plans');
    const { agent, csrf } = await signInAs(t.app, t.db, 'author');
    const form = {
      title: 'Secret plans',
      slug: 'secret-plans',
      body: 'Mine.',
      subject_name: 'Jamie Rivera',
      subject_aliases: '',
      author_stance: '',
      status: 'published',
      comments_open: '1',
      moderation_mode: 'open',
      intent: 'save',
      _csrf: csrf,
    };
    await agent.post('/staff/posts').type('form').send(form).expect(303);
    // From the title too: the generated slug is not numbered around the hidden draft.
    await createPost(t.db, { slug: 'other-draft', status: 'draft' }).then((p) =>
      t.db.updateTable('posts').set({ published_at: null }).where('id', '=', p.id).execute(),
    );
    await agent
      .post('/staff/posts')
      .type('form')
      .send({ ...form, title: 'Other draft', slug: '' })
      .expect(303);
    const slugs = await t.db.selectFrom('posts').select(['id', 'slug']).orderBy('id').execute();
    expect(slugs.find((p) => p.id === draft.id)!.slug).toBe('secret-plans-2');
    expect(slugs.map((p) => p.slug)).toEqual(['secret-plans-2', 'secret-plans', 'other-draft-2', 'other-draft']);
  });

  it('still refuses a slug a published post, or a draft that was once published, has', async () => {
    await createPost(t.db, { slug: 'public-one' });
    await createPost(t.db, { slug: 'was-public', status: 'draft' });
    const { agent, csrf } = await signInAs(t.app, t.db, 'author');
    for (const slug of ['public-one', 'was-public']) {
      const res = await agent
        .post('/staff/posts')
        .type('form')
        .send({
          title: 'T',
          slug,
          body: 'B',
          subject_name: 'Jamie Rivera',
          subject_aliases: '',
          author_stance: '',
          status: 'published',
          comments_open: '1',
          moderation_mode: 'open',
          intent: 'save',
          _csrf: csrf,
        })
        .expect(422);
      expect(res.text).toContain('Another post uses (or used) this address');
    }
  });
});

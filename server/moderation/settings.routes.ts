import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { parseForm } from '../shared/form.js';
import { SETTINGS_FORM_FIELDS, settingsFormSchema, type ModerationSettings } from '../settings/moderation-settings.js';
import { loadDebateSettings, loadEmbedSettings, loadModerationSettings, loadStanceSettings, loadWriterEditSettings } from '../settings/settings.repository.js';
import { STANCE_SETTINGS_FORM_FIELDS, stanceSettingsFormSchema, type StanceSettings } from '../settings/stance-settings.js';
import { saveEmbedSettings, saveModerationSettings, saveStanceSettings } from './moderation.service.js';
import { DEBATE_FORM_FIELDS, debateFormSchema, type DebateSettings } from '../settings/debate-settings.js';
import { saveDebateSettings } from './debate-settings.service.js';
import { saveWriterEditSettings } from './writer-edit-settings.service.js';
import { WRITER_EDIT_FORM_FIELDS, writerEditFormSchema, type WriterEditSettings } from '../settings/writer-edit-settings.js';
import { embedSection, type EmbedSection } from './embed-settings-page.js';
import { EMBED_FORM_FIELDS, embedFormSchema, embedFormValues } from '../settings/embed-settings.js';
import { SITE_FORM_FIELDS, siteFormSchema } from '../settings/site-settings.js';
import { DATE_FORMAT_EXAMPLES, DATE_FORMATS } from '../shared/time.js';
import { loadDemoState, saveSiteSettings } from './site-settings.service.js';

/** Every zone Intl knows, offered as the time zone field's suggestions. */
const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/** What was typed in the site section, and what was wrong with it. */
interface SiteForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** The site section as the page prints it: the form, the date formats to choose from, the demo's posts. */
async function siteSection(app: FastifyInstance, request: FastifyRequest, form: SiteForm | undefined) {
  const demo = await loadDemoState(app.db);
  const s = request.site.settings;
  const current = form ?? {
    values: { siteName: s.siteName, tagline: s.tagline, timeZone: s.timeZone, dateFormat: s.dateFormat, showDemo: demo.shown ? '1' : '' },
    errors: {},
  };
  const query = request.query as Record<string, unknown>;
  return {
    ...current,
    saved: form === undefined && query.saved === 'site',
    hasErrors: Object.keys(current.errors).length > 0,
    showDemo: current.values.showDemo === '1',
    formats: DATE_FORMATS.map((f) => ({ value: f, example: DATE_FORMAT_EXAMPLES[f], selected: f === current.values.dateFormat })),
    timeZones: TIME_ZONES,
    demoPosts: demo.posts.map((p) => ({ ...p, draft: p.status === 'draft', deleteHref: `/staff/posts/${p.id}/delete` })),
  };
}

/** The settings as the form shows them: checkboxes '1' or '', word lists one per line. */
function formValues(settings: ModerationSettings): Record<string, string> {
  const box = (on: boolean) => (on ? '1' : '');
  return {
    holdFirstComment: box(settings.holdFirstComment),
    holdLinks: box(settings.holdLinks),
    linkLimit: String(settings.linkLimit),
    holdWordsOn: box(settings.holdWordsOn),
    holdWords: settings.holdWords.join('\n'),
    blockWordsOn: box(settings.blockWordsOn),
    blockWords: settings.blockWords.join('\n'),
    refuseDuplicates: box(settings.refuseDuplicates),
    duplicateMinutes: String(settings.duplicateMinutes),
    throttleByIp: box(settings.throttleByIp),
  };
}

/** The stance form's values: the threshold as a whole percentage. */
function stanceValues(settings: StanceSettings): Record<string, string> {
  return { unsurePercent: String(Math.round(settings.unsureBelow * 100)) };
}

/** The debate section's own form: its values, errors and whether it was just saved. */
interface DebateForm {
  values: Record<string, string>;
  errors: Record<string, string>;
  saved: boolean;
}

const debateValues = (settings: DebateSettings) => ({ showSideBadges: settings.showSideBadges ? '1' : '', stancePrompt: settings.stancePrompt ? '1' : '' });

/** The writers' edit window section: its own form, like the debate section. */
type EditsForm = DebateForm;

const editsValues = (settings: WriterEditSettings) => ({ editMinutes: String(settings.editMinutes) });

interface StanceForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

async function renderSettings(
  app: FastifyInstance,
  reply: FastifyReply,
  values: Record<string, string>,
  errors: Record<string, string>,
  saved: boolean,
  stance: StanceForm,
  code = 200,
  debate?: DebateForm,
  embed?: EmbedSection,
  edits?: EditsForm,
  site?: SiteForm,
) {
  reply.code(code);
  const request = reply.request;
  const debateForm = debate ?? { values: debateValues(await loadDebateSettings(app.db)), errors: {}, saved: false };
  const editsForm = edits ?? {
    values: editsValues(await loadWriterEditSettings(app.db)),
    errors: {},
    saved: (request.query as Record<string, unknown>).saved === 'edits',
  };
  return reply.viewAsync('pages/staff/settings.hbs', {
    title: 'Settings',
    site: await siteSection(app, request, site),
    values,
    checked: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '1'])),
    errors,
    hasErrors: Object.keys(errors).length > 0 || Object.keys(stance.errors).length > 0,
    stance,
    saved,
    throttle: { limit: app.config.commentRateLimit, minutes: app.config.commentRateWindowMinutes },
    debate: { ...debateForm, checked: { showSideBadges: debateForm.values.showSideBadges === '1', stancePrompt: debateForm.values.stancePrompt === '1' } },
    edits: editsForm,
    embed: embed ?? embedSection(request, embedFormValues(await loadEmbedSettings(app.db)), {}, request.query),
  });
}

export default async function settingsRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/settings : the comment rules, each with its switch (admins).
  app.get<{ Querystring: Record<string, unknown> }>('/staff/settings', async (request, reply) => {
    requirePermission(request, 'settings:edit');
    const stance = { values: stanceValues(await loadStanceSettings(app.db)), errors: {} };
    const debate = { values: debateValues(await loadDebateSettings(app.db)), errors: {}, saved: request.query.saved === 'debate' };
    return renderSettings(app, reply, formValues(await loadModerationSettings(app.db)), {}, request.query.saved === '1', stance, 200, debate);
  });

  // POST /staff/settings : saves the rules (logged); 422 keeps what was typed.
  app.post('/staff/settings', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    const form = parseForm(settingsFormSchema, request.body, SETTINGS_FORM_FIELDS);
    if (!form.ok) {
      const stance = { values: stanceValues(await loadStanceSettings(app.db)), errors: {} };
      return renderSettings(app, reply, form.values, form.fields, false, stance, 422);
    }
    await saveModerationSettings(app.db, user.id, form.data, app.clock());
    return reply.redirect('/staff/settings?saved=1', 303);
  });

  // POST /staff/settings/stance : saves the unsure threshold (logged); 422 keeps what was typed.
  app.post('/staff/settings/stance', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    const form = parseForm(stanceSettingsFormSchema, request.body, STANCE_SETTINGS_FORM_FIELDS);
    if (!form.ok) {
      const stance = { values: form.values, errors: form.fields };
      return renderSettings(app, reply, formValues(await loadModerationSettings(app.db)), {}, false, stance, 422);
    }
    await saveStanceSettings(app.db, user.id, form.data, app.clock());
    return reply.redirect('/staff/settings?saved=1#stance-settings', 303);
  });

  // POST /staff/settings/debate : how the post page shows the debate (side badges, the stance prompt); logged.
  app.post('/staff/settings/debate', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    const form = parseForm(debateFormSchema, request.body, DEBATE_FORM_FIELDS);
    if (!form.ok) {
      const stance = { values: stanceValues(await loadStanceSettings(app.db)), errors: {} };
      const rules = formValues(await loadModerationSettings(app.db));
      return renderSettings(app, reply, rules, {}, false, stance, 422, { values: form.values, errors: form.fields, saved: false });
    }
    await saveDebateSettings(app.db, user.id, form.data, app.clock());
    return reply.redirect('/staff/settings?saved=debate#debate-settings', 303);
  });

  // POST /staff/settings/edits : how long writers may edit or delete their own comments (logged); 422 keeps what was typed.
  app.post('/staff/settings/edits', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    const form = parseForm(writerEditFormSchema, request.body, WRITER_EDIT_FORM_FIELDS);
    if (!form.ok) {
      const stance = { values: stanceValues(await loadStanceSettings(app.db)), errors: {} };
      const rules = formValues(await loadModerationSettings(app.db));
      return renderSettings(app, reply, rules, {}, false, stance, 422, undefined, undefined, { values: form.values, errors: form.fields, saved: false });
    }
    await saveWriterEditSettings(app.db, user.id, form.data, app.clock());
    return reply.redirect('/staff/settings?saved=edits#writer-edits', 303);
  });

  // POST /staff/settings/site : the site's name, tagline, time zone, date format and whether the demo shows (logged); 422 keeps what was typed.
  app.post('/staff/settings/site', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    const form = parseForm(siteFormSchema, request.body, SITE_FORM_FIELDS);
    if (!form.ok) {
      const rules = formValues(await loadModerationSettings(app.db));
      const stance = { values: stanceValues(await loadStanceSettings(app.db)), errors: {} };
      return renderSettings(app, reply, rules, {}, false, stance, 422, undefined, undefined, undefined, { values: form.values, errors: form.fields });
    }
    await saveSiteSettings(app.db, user.id, form.data, app.clock(), app.config.siteTimeZone);
    return reply.redirect('/staff/settings?saved=site#site-settings', 303);
  });

  // POST /staff/settings/embed : saves the sites allowed to embed threads and the frame's theme (logged); 422 keeps what was typed.
  app.post('/staff/settings/embed', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    const form = parseForm(embedFormSchema, request.body, EMBED_FORM_FIELDS);
    if (!form.ok) {
      const rules = formValues(await loadModerationSettings(app.db));
      const stance = { values: stanceValues(await loadStanceSettings(app.db)), errors: {} };
      return renderSettings(app, reply, rules, {}, false, stance, 422, undefined, embedSection(request, form.values, form.fields, {}));
    }
    await saveEmbedSettings(app.db, user.id, form.data, app.clock());
    return reply.redirect('/staff/settings?embedSaved=1#embed', 303);
  });
}

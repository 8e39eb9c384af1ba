import { describe, expect, it } from 'vitest';
import { parseSiteSettings } from '../../server/settings/site-settings.js';
import { parseMailSettings } from '../../server/settings/mail-settings.js';
import { parseStoredStanceSettings } from '../../server/settings/stance-settings.js';
import { parseStoredSettings } from '../../server/settings/moderation-settings.js';

describe('stored settings, one value at a time', () => {
  it('keeps the values that parse when another no longer does', () => {
    const site = parseSiteSettings(JSON.stringify({ siteName: 'The Touchline', timeZone: 'Mars/Olympus', dateFormat: 'long' }), 'Europe/Paris');
    expect(site.siteName).toBe('The Touchline');
    expect(site.timeZone).toBe('Europe/Paris');
    const moderation = parseStoredSettings(JSON.stringify({ holdLinks: false, linkLimit: -3 }));
    expect(moderation.holdLinks).toBe(false);
    expect(moderation.linkLimit).toBeGreaterThan(0);
  });

  it('takes every default from missing, unreadable or non-object JSON', () => {
    for (const json of [undefined, '', '{not json', 'null', '42', '"text"', '[]']) {
      expect(parseMailSettings(json).followBatchMinutes).toBe(15);
      expect(parseStoredStanceSettings(json).unsureBelow).toBe(0.6);
    }
  });

  it('ignores keys it does not know and never lets one through', () => {
    const mail = parseMailSettings('{"followBatchMinutes":30,"__proto__":{"polluted":true},"extra":1}');
    expect(mail).toEqual({ followBatchMinutes: 30 });
  });
});

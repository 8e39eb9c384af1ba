import { describe, expect, it } from 'vitest';
import { normaliseOrigin, normalisePageUrl, originOfHeader } from '../../server/settings/embed-origins.js';
import { parseStoredEmbedSettings } from '../../server/settings/embed-settings.js';

describe('normaliseOrigin', () => {
  it.each([
    ['https://blog.example', 'https://blog.example'],
    ['  HTTPS://Blog.EXAMPLE/ ', 'https://blog.example'],
    ['https://blog.example:443', 'https://blog.example'],
    ['http://blog.example:80', 'http://blog.example'],
    ['http://127.0.0.1:4100', 'http://127.0.0.1:4100'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['https://[::1]:8443', 'https://[::1]:8443'],
  ])('%s -> %s', (raw, origin) => {
    expect(normaliseOrigin(raw)).toEqual({ ok: true, value: origin });
  });

  it.each([
    ['', 'empty'],
    ['blog.example', 'start with https://'],
    ['//blog.example', 'start with https://'],
    ['https://*.blog.example', 'wildcards'],
    ['*', 'wildcards'],
    ['https://blog.example/blog', 'without a path'],
    ['https://blog.example/?', 'without a path'],
    ['https://blog.example/#top', 'without a path'],
    ['https://ann@blog.example', 'user name or password'],
    ['javascript://blog.example', 'not an http:// or https://'],
    ['https://', 'not an http:// or https://'],
    [`https://${'a'.repeat(200)}.example`, 'longer than 200'],
  ])('refuses %j (%s)', (raw, reason) => {
    const result = normaliseOrigin(raw);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(reason);
  });
});

describe('normalisePageUrl', () => {
  it.each([
    ['https://Blog.example:443/2009/04/one-question/?utm=x#c', false, 'https://blog.example/2009/04/one-question/'],
    ['https://blog.example/a/../b/./c', false, 'https://blog.example/b/c'],
    ['https://blog.example/?p=12#c', true, 'https://blog.example/?p=12'],
    ['https://blog.example', false, 'https://blog.example/'],
  ])('%s (query kept: %s) -> %s', (raw, keepQuery, url) => {
    expect(normalisePageUrl(raw, keepQuery)).toEqual({ ok: true, value: { url, origin: new URL(url).origin } });
  });

  it.each(['', 'not a url', 'data:text/html,hi', 'https://a:b@blog.example/', `https://blog.example/${'x'.repeat(500)}`])('refuses %j', (raw) => {
    expect(normalisePageUrl(raw, false).ok).toBe(false);
  });
});

describe('originOfHeader', () => {
  it('reads the origin of a Referer or Origin, and nothing of "null" or other schemes', () => {
    expect(originOfHeader('https://blog.example/2009/04/?q=1')).toBe('https://blog.example');
    expect(originOfHeader('null')).toBeNull();
    expect(originOfHeader('file:///home/x.html')).toBeNull();
    expect(originOfHeader(undefined)).toBeNull();
  });
});

describe('parseStoredEmbedSettings', () => {
  it('normalises stored origins again and drops broken ones, so a hand edit never widens the list', () => {
    const stored = JSON.stringify({ origins: ['https://Blog.example/', 'https://*.example', 'ftp://x'], keepQuery: 'yes', newPagesPerHour: 5 });
    expect(parseStoredEmbedSettings(stored)).toMatchObject({ origins: ['https://blog.example'], keepQuery: false, newPagesPerHour: 5 });
    expect(parseStoredEmbedSettings('{not json').origins).toEqual([]);
  });
});

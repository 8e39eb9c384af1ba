import type { Post } from '../db/schema.js';

/** The aliases column as a list; anything unreadable counts as no aliases. */
export function parseAliases(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The person a post is about: name plus aliases. */
export function subjectOf(post: Pick<Post, 'subject_name' | 'subject_aliases'>): { name: string; aliases: string[] } {
  return { name: post.subject_name, aliases: parseAliases(post.subject_aliases) };
}

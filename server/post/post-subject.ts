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

/** The person a post is about: name plus aliases, and the allies and rivals where the row has them. */
export function subjectOf(post: Pick<Post, 'subject_name' | 'subject_aliases'> & Partial<Pick<Post, 'subject_allies' | 'subject_rivals'>>): {
  name: string;
  aliases: string[];
  allies: string[];
  rivals: string[];
} {
  return {
    name: post.subject_name,
    aliases: parseAliases(post.subject_aliases),
    allies: parseAliases(post.subject_allies ?? '[]'),
    rivals: parseAliases(post.subject_rivals ?? '[]'),
  };
}

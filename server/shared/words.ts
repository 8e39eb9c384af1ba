// Plain wording for counts: "1 label", "3 labels", never "label(s)".

/** A count with its noun, singular for one: plural(3, 'reply', 'replies') is "3 replies". Pure. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

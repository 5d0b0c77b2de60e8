/**
 * `{client.name}`-style substitutions. Placeholders are `{a.b}` with a known root; a missing value
 * becomes the empty string (a script never shows raw braces to a customer). `{{` is a literal brace.
 */
export const placeholderRoots = ['client', 'contact', 'agent', 'campaign', 'answer'] as const;
export type PlaceholderRoot = (typeof placeholderRoots)[number];

const pattern = /\{\{|\{([a-z]+)\.([A-Za-z0-9_-]+)\}/g;

/** Every placeholder of a template as "root.name". */
export function placeholdersOf(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(pattern)) if (m[1] !== undefined && m[2] !== undefined) out.push(`${m[1]}.${m[2]}`);
  return out;
}

export type SubstitutionVars = Readonly<Record<string, string | undefined>>;

export function substitute(template: string, vars: SubstitutionVars): string {
  return template.replace(pattern, (whole: string, root?: string, name?: string) => {
    if (whole === '{{') return '{';
    return vars[`${root ?? ''}.${name ?? ''}`] ?? '';
  });
}

import { ZariError } from '../../kernel/index.js';

/** The client fields a template may use: `{client.name}`, `{client.<custom field>}`. */
export type TemplateContext = { readonly client: Readonly<Record<string, string | number | boolean | null>> };

const placeholder = /\{\s*client\.([A-Za-z_][\w-]{0,63})\s*\}/g;

/** Fields a template refers to (in order, unique). */
export function templateFields(template: string): string[] {
  return [...new Set([...template.matchAll(placeholder)].map((m) => m[1] ?? ''))];
}

/**
 * Fills `{client.<field>}` placeholders. A field that is missing or empty is an error (a message saying
 * "Dear ," is worse than none), reported with every missing field at once.
 */
export function renderTemplate(template: string, ctx: TemplateContext): string {
  const missing = templateFields(template).filter((f) => ctx.client[f] === undefined || ctx.client[f] === null || ctx.client[f] === '');
  if (missing.length > 0) {
    throw new ZariError('validation_failed', `template needs client fields: ${missing.join(', ')}`, { missing });
  }
  return template.replace(placeholder, (_, field: string) => String(ctx.client[field]));
}

/** The template context of a client row: built-in fields plus its custom fields (JSON object). */
export function clientContext(c: { name: string; legalName: string | null; email: string | null; segment: string | null; customFields: string }): TemplateContext {
  let custom: Record<string, string | number | boolean | null> = {};
  try {
    const parsed: unknown = JSON.parse(c.customFields);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      custom = Object.fromEntries(Object.entries(parsed).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))) as typeof custom;
    }
  } catch {
    custom = {};
  }
  return { client: { ...custom, name: c.name, legalName: c.legalName, email: c.email, segment: c.segment } };
}

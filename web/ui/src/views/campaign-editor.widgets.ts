import { ApiError } from '../api.js';
import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import type { ValidationIssue } from '../telemarketing.types.js';
import { errorText } from './widgets.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The problems a 400 `validation_failed` carries in `details`: script errors `{code, path, message}`, zod
 * issues (`path` an array) or route issues (`path` "body.x.y"). Anything else gives an empty list.
 */
export function issuesOf(err: unknown): ValidationIssue[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return (err.details as unknown[]).filter(isRecord).map((d) => {
    const path = Array.isArray(d['path']) ? d['path'].map(String).join('.') : typeof d['path'] === 'string' ? d['path'] : '';
    return {
      code: typeof d['code'] === 'string' ? d['code'] : 'invalid',
      path: path.replace(/^body\.?/, ''),
      message: typeof d['message'] === 'string' ? d['message'] : '',
    };
  });
}

/** Shows problems as a list (code, path, message; text only) under an optional headline. */
export function showIssues(into: HTMLElement, issues: readonly ValidationIssue[], itemTestid: string, headline: string | null): void {
  into.hidden = false;
  replace(into,
    headline !== null ? h('p', { class: 'error' }, headline) : null,
    h('ul', { class: 'issues' }, issues.map((i) => h('li', { testid: itemTestid, data: { code: i.code, path: i.path } },
      h('code', { class: 'issue-code' }, i.code), ' ', i.path !== '' ? h('span', { class: 'issue-path' }, i.path) : null, ' ', h('span', { class: 'issue-message' }, i.message)))));
}

/** Shows an API error inside a form: its issues as a list, or its message when it carries none. */
export function showError(ctx: AppContext, into: HTMLElement, err: unknown, itemTestid: string): ValidationIssue[] {
  const issues = issuesOf(err);
  if (issues.length > 0) {
    showIssues(into, issues, itemTestid, ctx.i18n.t('editor.invalid'));
    return issues;
  }
  into.hidden = false;
  replace(into, h('p', { class: 'error', testid: `${itemTestid}-message` }, err instanceof ApiError ? err.message : errorText(ctx, err)));
  return issues;
}

export function clearError(into: HTMLElement): void {
  into.hidden = true;
  replace(into);
}

/** a labelled checkbox */
export function checkbox(name: string, label: string, checked: boolean, testid: string): HTMLLabelElement {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', name, checked, testid }), ' ', label);
}

import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import type { CampaignDto, ScriptVersionDto, ValidationIssue } from '../telemarketing.types.js';
import { clearError, showError, showIssues } from './campaign-editor.widgets.js';
import { errorText, section } from './widgets.js';

type Step = ScriptVersionDto['script']['steps'][number];

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** a step in one line: what it says, asks, where it branches or how it ends (all text) */
function stepSummary(s: Step, questions: ScriptVersionDto['script']['questions']): string {
  const question = (id: unknown): string => questions.find((q) => q.id === id)?.text ?? str(id);
  switch (s.type) {
    case 'say': return `${str(s['text'])} → ${str(s['next'])}`;
    case 'ask': return `${question(s['question'])} → ${str(s['next'])}`;
    case 'branch': {
      const cases = Array.isArray(s['cases']) ? (s['cases'] as Record<string, unknown>[]).map((c) => str(c['next'])) : [];
      return `${question(s['question'])} → ${[...cases, str(s['default'])].join(' | ')}`;
    }
    case 'end': return `${str(s['disposition'])}${str(s['text']) !== '' ? ` · ${str(s['text'])}` : ''}`;
    case 'transfer': return `${str(s['to'])}`;
    case 'set_field': return `${str(s['field'])} → ${str(s['next'])}`;
    case 'schedule_callback': return `${str(s['atAnswer']) || str(s['inMinutes'])} → ${str(s['next'])}`;
    default: return '';
  }
}

function currentScript(ctx: AppContext, v: ScriptVersionDto): HTMLElement {
  const { t } = ctx.i18n;
  const sc = v.script;
  return h('div', { class: 'script-current', testid: 'script-current', data: { id: String(v.id), key: v.key, version: String(v.version) } },
    h('p', {}, h('strong', { testid: 'script-title' }, sc.title), ' ', h('span', { class: 'muted', testid: 'script-version' }, t('editor.scriptVersion', { key: v.key, version: v.version }))),
    h('ol', { class: 'script-steps', testid: 'script-steps' }, sc.steps.map((s) => h('li', { testid: 'script-step', data: { stepId: s.id, type: s.type }, class: s.id === sc.start ? 'start' : '' },
      h('code', {}, s.id), ' ', h('span', { class: 'lamp' }, s.type), ' ', h('span', { class: 'step-text' }, stepSummary(s, sc.questions))))));
}

/** the textarea as a script object, or the problem with it */
function parseScript(ctx: AppContext, text: string): { body: Record<string, unknown> } | { issue: ValidationIssue } {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { issue: { code: 'invalid_json', path: '', message: ctx.i18n.t('editor.scriptNotObject') } };
    return { body: v as Record<string, unknown> };
  } catch (err) {
    return { issue: { code: 'invalid_json', path: '', message: err instanceof Error ? err.message : String(err) } };
  }
}

/**
 * The campaign's script: the current version (title, version, read-only steps) and a new version pasted or
 * read from a .json file. "Validate and save" stores it (the server validates: each problem shows with its
 * code, path and message) and puts it on the campaign.
 */
export function renderScriptPanel(ctx: AppContext, campaign: CampaignDto): HTMLElement {
  const { t } = ctx.i18n;
  const current = h('div', { testid: 'script-current-box' }, h('p', { class: 'muted', testid: 'script-none' }, t('editor.noScript')));
  if (campaign.scriptVersionId !== null) {
    ctx.api.get<ScriptVersionDto>(`/api/campaigns/scripts/${campaign.scriptVersionId}`)
      .then((v) => replace(current, currentScript(ctx, v)), (err: unknown) => replace(current, h('p', { class: 'error' }, errorText(ctx, err))));
  }
  const text = h('textarea', { name: 'script', testid: 'script-json', class: 'code', placeholder: '{ "key": "survey", "version": 1, "title": "…", "start": "hello", "questions": [], "steps": [] }' });
  text.spellcheck = false;
  const file = h('input', { type: 'file', testid: 'script-file', title: t('editor.scriptFile') });
  file.accept = '.json,application/json';
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) f.text().then((s) => { text.value = s; }, (err: unknown) => ctx.notify(errorText(ctx, err), 'error'));
  });
  const errors = h('div', { class: 'form-errors', testid: 'script-errors' });
  errors.hidden = true;
  const saved = h('p', { class: 'ok-text', testid: 'script-saved' });
  saved.hidden = true;
  const save = h('button', { type: 'button', class: 'primary', testid: 'script-save' }, t('editor.scriptSave'));
  save.addEventListener('click', () => {
    saved.hidden = true;
    const parsed = parseScript(ctx, text.value);
    if ('issue' in parsed) {
      showIssues(errors, [parsed.issue], 'script-error', t('editor.scriptInvalid'));
      return;
    }
    clearError(errors);
    save.disabled = true;
    (async () => {
      const v = await ctx.api.post<ScriptVersionDto>('/api/campaigns/scripts', parsed.body);
      await ctx.api.put<CampaignDto>(`/api/campaigns/${campaign.id}/script`, { scriptVersionId: v.id });
      saved.hidden = false;
      saved.dataset['key'] = v.key;
      saved.dataset['version'] = String(v.version);
      saved.textContent = t('editor.scriptSaved', { key: v.key, version: v.version });
      replace(current, currentScript(ctx, v));
    })().catch((err: unknown) => showError(ctx, errors, err, 'script-error')).finally(() => { save.disabled = false; });
  });
  return section(t('editor.script'), 'setup-script',
    current,
    h('h3', {}, t('editor.scriptNew')),
    h('label', { class: 'field' }, h('span', {}, t('editor.scriptPaste')), text),
    h('div', { class: 'row' }, h('label', { class: 'field' }, h('span', {}, t('editor.scriptFile')), file), h('span', { class: 'spacer' }), save),
    errors, saved);
}

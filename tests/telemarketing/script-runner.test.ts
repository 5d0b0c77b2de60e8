import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isZariError } from '../../kernel/index.js';
import { advance, initialRunnerState, substitute, validateScript, type RunnerContext, type Script } from '../../cti/index.js';

function loadGood(name: string): Script {
  const r = validateScript(JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'scripts', 'good', name), 'utf8')));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.script;
}

const ctx: RunnerContext = {
  now: new Date('2026-03-02T10:00:00Z'),
  vars: { 'client.name': 'ООО Ромашка', 'contact.name': 'Nino', 'agent.name': 'Anna', 'campaign.name': 'spring' },
};

describe('script runner', () => {
  const survey = loadGood('survey.json');

  it('substitutes placeholders, leaves {{ as a literal brace and empties unknown values', () => {
    expect(substitute('Hi {client.name} {{x}} {contact.email}!', { 'client.name': 'Gela' })).toBe('Hi Gela {x}} !');
  });

  it('says the greeting, then asks the first question with substitutions', () => {
    const out = advance(survey, initialRunnerState(survey), ctx);
    expect(out.actions).toEqual([{ type: 'say', stepId: 'greet', text: 'Good afternoon, Nino! This is Anna from spring.' }]);
    expect(out.ask?.question.id).toBe('interested');
    expect(out.ask?.text).toBe('ООО Ромашка, would you like a renewal offer?');
    expect(out.end).toBeUndefined();
  });

  it('yes → cars < 5 → products → field set → optional comment → success, with answer effects', () => {
    let out = advance(survey, initialRunnerState(survey), ctx);
    out = advance(survey, out.state, ctx, 'yes');
    expect(out.actions).toEqual([{ type: 'effect', questionId: 'interested', value: 'yes', effect: { type: 'create_deal', when: 'yes', title: 'Renewal for {client.name}' } }]);
    expect(out.ask?.question.id).toBe('cars');
    out = advance(survey, out.state, ctx, '2');
    expect(out.ask?.question.id).toBe('products');
    out = advance(survey, out.state, ctx, ['home', 'auto', 'home']);
    expect(out.actions).toEqual([
      expect.objectContaining({ type: 'effect', questionId: 'products', value: ['home', 'auto'] }),
      { type: 'set_field', stepId: 'segment', field: 'segment', value: 'renewal-spring' },
    ]);
    out = advance(survey, out.state, ctx, '  ');
    expect(out.end).toEqual({ type: 'end', disposition: 'success', text: 'Thank you, ООО Ромашка!' });
    expect(out.state.finished).toBe(true);
    expect(out.state.answers).toEqual({ interested: 'yes', cars: 2, products: ['home', 'auto'], comment: '' });
    expect(out.state.trail).toEqual(['greet', 'ask-interest', 'route', 'ask-cars', 'fleet', 'ask-products', 'segment', 'ask-comment', 'bye-yes']);
  });

  it('a fleet of 5 or more transfers to the responsible manager', () => {
    let out = advance(survey, initialRunnerState(survey), ctx);
    out = advance(survey, out.state, ctx, 'yes');
    out = advance(survey, out.state, ctx, 7);
    expect(out.end).toEqual({ type: 'transfer', to: 'responsible', text: 'A fleet of 7: connecting you to your manager.' });
  });

  it('later → date → callback at the answered time; no → the default branch', () => {
    let out = advance(survey, advance(survey, initialRunnerState(survey), ctx).state, ctx, 'later');
    out = advance(survey, out.state, ctx, '2026-03-03T15:30:00+03:00');
    expect(out.actions).toEqual([{ type: 'schedule_callback', stepId: 'cb', at: new Date('2026-03-03T12:30:00Z'), personal: true }]);
    expect(out.end).toEqual({ type: 'end', disposition: 'callback' });
    const no = advance(survey, advance(survey, initialRunnerState(survey), ctx).state, ctx, 'no');
    expect(no.end).toEqual({ type: 'end', disposition: 'not_interested' });
    expect(no.actions).toEqual([]);
  });

  it.each([
    ['single: not an option', 'maybe', 'interested'],
    ['number: not a number', 'many', 'cars'],
    ['number: above max', 51, 'cars'],
  ])('rejects a bad answer (%s) and keeps the state', (_name, answer, questionId) => {
    let out = advance(survey, initialRunnerState(survey), ctx);
    if (questionId === 'cars') out = advance(survey, out.state, ctx, 'yes');
    const before = out.state;
    let err: unknown;
    try { advance(survey, before, ctx, answer); } catch (e) { err = e; }
    expect(isZariError(err) && err.code).toBe('validation_failed');
    expect(advance(survey, before, ctx).ask?.question.id).toBe(questionId);
  });

  it('loops back to re-ask and refuses to run a finished script', () => {
    const loop = loadGood('retry-loop.json');
    let out = advance(loop, initialRunnerState(loop), ctx);
    out = advance(loop, out.state, ctx, 'repeat');
    expect(out.actions).toEqual([{ type: 'say', stepId: 'again', text: 'Of course: order repeat again.' }]);
    expect(out.ask?.question.id).toBe('ok');
    out = advance(loop, out.state, ctx, 'y');
    expect(out.end).toEqual({ type: 'end', disposition: 'success' });
    expect(() => advance(loop, out.state, ctx)).toThrow('finished');
  });
});

import type { Api } from '../api.js';
import { h, inputValue } from '../dom.js';
import type { I18n } from '../i18n/i18n.js';
import type { SessionUser } from '../types.js';
import { field, textInput } from './widgets.js';

/** The login screen: on success hands the user to `done`. */
export function renderLogin(api: Api, i18n: I18n, done: (user: SessionUser) => void): HTMLElement {
  const { t } = i18n;
  const error = h('p', { class: 'error', testid: 'login-error' });
  const form = h('form', { class: 'login', testid: 'login-form' },
    h('h1', {}, t('app.title')), h('h2', {}, t('login.title')),
    field(t('login.login'), textInput('login', '', { required: true })),
    field(t('login.password'), textInput('password', '', { type: 'password', required: true })),
    error,
    h('button', { type: 'submit', class: 'primary', testid: 'login-submit' }, t('login.submit')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    error.textContent = '';
    api.login(inputValue(form, 'login'), inputValue(form, 'password')).then(done, () => {
      error.textContent = t('login.failed');
    });
  });
  return h('div', { class: 'login-page' }, form);
}

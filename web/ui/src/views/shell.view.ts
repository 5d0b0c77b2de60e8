import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import { languageNames, languages, type Lang, type MessageKey } from '../i18n/i18n.js';
import type { Role } from '../types.js';

const pagesFor = (role: Role): { hash: string; key: MessageKey; testid: string }[] => {
  const pages: { hash: string; key: MessageKey; testid: string }[] = [];
  if (role !== 'telemarketer') pages.push({ hash: '#/desk', key: 'nav.desk', testid: 'nav-desk' });
  if (role === 'telemarketer' || role === 'operator' || role === 'supervisor' || role === 'admin') pages.push({ hash: '#/telemarketing', key: 'nav.telemarketing', testid: 'nav-telemarketing' });
  if (role === 'secretary' || role === 'supervisor' || role === 'admin') pages.push({ hash: '#/secretary', key: 'nav.secretary', testid: 'nav-secretary' });
  if (role === 'supervisor' || role === 'admin') pages.push({ hash: '#/supervisor', key: 'nav.supervisor', testid: 'nav-supervisor' }, { hash: '#/campaigns', key: 'nav.campaigns', testid: 'nav-campaigns' });
  pages.push({ hash: '#/clients', key: 'nav.clients', testid: 'nav-clients' }, { hash: '#/deals', key: 'nav.deals', testid: 'nav-deals' }, { hash: '#/tasks', key: 'nav.tasks', testid: 'nav-tasks' });
  if (role === 'supervisor' || role === 'admin') pages.push({ hash: '#/modems', key: 'nav.modems', testid: 'nav-modems' });
  return pages;
};

const homes: Partial<Readonly<Record<Role, string>>> = { secretary: '#/secretary', supervisor: '#/supervisor', telemarketer: '#/telemarketing' };

export const homeOf = (role: Role): string => homes[role] ?? '#/desk';

/** Header: navigation by role, connection lamp, language switcher, user and logout. */
export function renderHeader(ctx: AppContext, current: string, setLang: (lang: Lang) => void, logout: () => void): HTMLElement {
  const { t } = ctx.i18n;
  const conn = h('span', { class: 'conn', testid: 'connection' });
  const renderConn = (): void => {
    conn.className = `conn ${ctx.store.connected ? 'on' : 'off'}`;
    conn.dataset['state'] = ctx.store.connected ? 'online' : 'offline';
    conn.textContent = t(ctx.store.connected ? 'conn.online' : 'conn.offline');
  };
  ctx.onLeave(ctx.store.on('connection', renderConn));
  renderConn();
  const lang = h('select', { testid: 'lang-select', title: t('nav.language') }, languages.map((l) => h('option', { value: l, selected: l === ctx.i18n.lang }, languageNames[l])));
  lang.addEventListener('change', () => setLang(lang.value as Lang));
  return h('header', { class: 'top' },
    h('strong', { class: 'brand' }, t('app.title')),
    h('nav', {}, pagesFor(ctx.user.role).map((p) => h('a', { href: p.hash, testid: p.testid, class: current.startsWith(p.hash) ? 'current' : '' }, t(p.key)))),
    h('span', { class: 'spacer' }), conn, lang,
    h('span', { class: 'user', testid: 'user-name' }, ctx.user.name, ctx.user.extensions.length > 0 ? ` (${ctx.user.extensions.join(', ')})` : ''),
    h('button', { type: 'button', testid: 'logout', onclick: logout }, t('nav.logout')));
}

export function renderStatus(into: HTMLElement, message: string, kind: 'info' | 'error'): void {
  into.className = `status ${kind}`;
  replace(into, message);
}

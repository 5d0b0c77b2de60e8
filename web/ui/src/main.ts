import { Api } from './api.js';
import type { AppContext } from './context.js';
import { h, replace } from './dom.js';
import { I18n, type Lang } from './i18n/i18n.js';
import { connectRealtime, type ZariSocket } from './realtime.js';
import { parseRoute, type Route } from './router.js';
import { LiveStore } from './store.js';
import type { SessionUser } from './types.js';
import { renderCampaignMonitor } from './views/campaign-monitor.view.js';
import { renderNewCampaign } from './views/campaign-new.view.js';
import { renderCampaignSetup } from './views/campaign-setup.view.js';
import { renderCampaigns } from './views/campaigns.view.js';
import { renderClientPage, renderClients, renderDeals, renderNewClient, renderTasks } from './views/clients.view.js';
import { renderDesk } from './views/desk.view.js';
import { renderLogin } from './views/login.view.js';
import { renderModems } from './views/modems.view.js';
import { renderSecretary } from './views/secretary.view.js';
import { homeOf, renderHeader, renderStatus } from './views/shell.view.js';
import { renderSupervisor } from './views/supervisor.view.js';
import { renderTelemarketingDesk } from './views/telemarketing-desk.view.js';

function renderPage(ctx: AppContext, route: Route): HTMLElement {
  switch (route.page) {
    case 'desk': return renderDesk(ctx);
    case 'secretary': return renderSecretary(ctx);
    case 'supervisor': return renderSupervisor(ctx);
    case 'clients': return renderClients(ctx);
    case 'client': return renderClientPage(ctx, route.id);
    case 'client-new': return renderNewClient(ctx, route.phone);
    case 'deals': return renderDeals(ctx);
    case 'tasks': return renderTasks(ctx);
    case 'modems': return renderModems(ctx);
    case 'telemarketing': return renderTelemarketingDesk(ctx);
    case 'campaigns': return renderCampaigns(ctx);
    case 'campaign': return renderCampaignMonitor(ctx, route.id);
    case 'campaign-new': return renderNewCampaign(ctx);
    case 'campaign-setup': return renderCampaignSetup(ctx, route.id);
  }
}

/** The logged-in app: one socket and one live store for the session; pages re-render on hash change. */
function startApp(root: HTMLElement, api: Api, i18n: I18n, user: SessionUser, relogin: () => void): void {
  const store = new LiveStore();
  const socket: ZariSocket = connectRealtime(store);
  const status = h('div', { class: 'status', testid: 'status' });
  let leave: (() => void)[] = [];
  const ctx: AppContext = {
    api, i18n, store, socket, user,
    navigate: (hash) => { window.location.hash = hash; },
    notify: (message, kind = 'info') => renderStatus(status, message, kind),
    onLeave: (fn) => { leave.push(fn); },
  };
  // an SMS from one of my clients: say so in the status bar (the text is shown as text)
  store.on('sms', () => {
    for (let n = store.smsNotices.shift(); n; n = store.smsNotices.shift()) {
      ctx.notify(i18n.t('sms.inboundNotice', { from: n.clientName ?? n.from, text: n.text }));
    }
  });
  const render = (): void => {
    for (const fn of leave) fn();
    leave = [];
    const route = parseRoute(window.location.hash);
    if (route === null) {
      window.location.replace(homeOf(user.role));
      return;
    }
    document.documentElement.lang = i18n.lang;
    const setLang = (lang: Lang): void => {
      i18n.lang = lang;
      window.localStorage.setItem('zari.lang', lang);
      render();
    };
    const logout = (): void => {
      socket.disconnect();
      window.removeEventListener('hashchange', render);
      api.logout().catch(() => undefined).finally(relogin);
    };
    replace(root, renderHeader(ctx, window.location.hash, setLang, logout), h('main', {}, renderPage(ctx, route)), status);
  };
  window.addEventListener('hashchange', render);
  render();
}

function boot(): void {
  const root = document.getElementById('app');
  if (root === null) return;
  const api = new Api();
  const i18n = new I18n(window.localStorage.getItem('zari.lang'), navigator.language);
  const showLogin = (): void => replace(root, renderLogin(api, i18n, (user) => startApp(root, api, i18n, user, showLogin)));
  api.me().then((user) => (user === null ? showLogin() : startApp(root, api, i18n, user, showLogin)), showLogin);
}

boot();

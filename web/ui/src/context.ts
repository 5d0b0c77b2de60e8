import type { Api } from './api.js';
import type { I18n } from './i18n/i18n.js';
import type { ZariSocket } from './realtime.js';
import type { LiveStore } from './store.js';
import type { SessionUser } from './types.js';

/** Everything a view needs, passed in (no module-level singletons). */
export interface AppContext {
  readonly api: Api;
  readonly i18n: I18n;
  readonly store: LiveStore;
  readonly socket: ZariSocket;
  readonly user: SessionUser;
  navigate(hash: string): void;
  /** a short message in the status bar (text only) */
  notify(message: string, kind?: 'info' | 'error'): void;
  /** stop listening when the current page is left */
  onLeave(fn: () => void): void;
}

import type { Logger } from '../../kernel/index.js';
import type { PopUser } from './call-entry.js';

/**
 * Who answers an extension, kept in memory so a screen pop never waits for the database (under load the
 * Prisma connection is busy with the call log's transactions). Stale-while-revalidate: an entry older than
 * `ttlMs` is returned at once and refreshed in the background, so a reassigned extension is picked up within
 * about `ttlMs`. Entries are primed from the sessions of connected sockets.
 */
export class ExtensionUsersCache {
  private readonly entries = new Map<string, { users: PopUser[]; at: number }>();
  private readonly refreshing = new Map<string, Promise<PopUser[]>>();

  constructor(
    private readonly lookup: (extension: string) => Promise<PopUser[]>,
    private readonly logger: Logger,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(extension: string): Promise<PopUser[]> {
    const hit = this.entries.get(extension);
    if (!hit) return this.refresh(extension);
    if (this.now() - hit.at > this.ttlMs) {
      this.refresh(extension).catch((err: unknown) => this.logger.warn({ err, extension }, 'extension user refresh failed'));
    }
    return hit.users;
  }

  /** a connected user's own extensions (from their session) */
  prime(user: PopUser): void {
    for (const ext of user.actor.extensions) this.entries.set(ext, { users: [user], at: this.now() });
  }

  private refresh(extension: string): Promise<PopUser[]> {
    const running = this.refreshing.get(extension);
    if (running) return running;
    const p = this.lookup(extension).then((users) => {
      this.entries.set(extension, { users, at: this.now() });
      return users;
    }).finally(() => this.refreshing.delete(extension));
    this.refreshing.set(extension, p);
    return p;
  }
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../kernel/index.js';

export interface SessionRecord {
  /** sha256 of the cookie token */
  readonly id: string;
  readonly userId: number;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Constant-time string comparison (false on different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Sessions in the Session table. The cookie carries a random 32-byte token; only its sha256 is stored,
 * so a leaked database does not leak live sessions. Expiry slides on use (at most once a minute per session).
 */
export class SessionStore {
  constructor(private readonly prisma: Db, readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  async create(userId: number): Promise<{ token: string; session: SessionRecord }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const session = await this.prisma.session.create({
      data: {
        id: hashToken(token),
        userId,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: new Date(now),
        lastSeenAt: new Date(now),
        expiresAt: new Date(now + this.ttlMs),
      },
    });
    return { token, session };
  }

  /**
   * The live session of a cookie token, its expiry slid forward (`renewed`: the cookie should be re-sent
   * with a fresh max-age); null if unknown or expired.
   */
  async resolve(token: string): Promise<(SessionRecord & { renewed: boolean }) | null> {
    const id = hashToken(token);
    const session = await this.prisma.session.findUnique({ where: { id } });
    if (!session) return null;
    const now = this.now();
    if (session.expiresAt.getTime() <= now) {
      await this.prisma.session.deleteMany({ where: { id } });
      return null;
    }
    if (now - session.lastSeenAt.getTime() < 60_000) return { ...session, renewed: false };
    const renewed = await this.prisma.session.update({
      where: { id },
      data: { lastSeenAt: new Date(now), expiresAt: new Date(now + this.ttlMs) },
    });
    return { ...renewed, renewed: true };
  }

  async destroy(id: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { id } });
  }

  async destroyForUser(userId: number): Promise<void> {
    await this.prisma.session.deleteMany({ where: { userId } });
  }

  async purgeExpired(): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({ where: { expiresAt: { lte: new Date(this.now()) } } });
    return count;
  }
}

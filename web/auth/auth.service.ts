import { ZariError } from '../../kernel/index.js';
import type { LoginRateLimiter } from './login-rate-limiter.js';
import type { SessionRecord, SessionStore } from './session.store.js';
import type { AuthUser, UserDirectory } from './user-directory.port.js';

export interface AuthServiceDeps {
  readonly users: UserDirectory;
  readonly sessions: SessionStore;
  readonly limiter: LoginRateLimiter;
}

export interface LoginResult {
  readonly token: string;
  readonly session: SessionRecord;
  readonly user: AuthUser;
}

/**
 * Login use case: rate limit → authenticate (unknown login, wrong password and deactivated user all give
 * the same invalid_credentials, at the same cost) → new session.
 */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  async login(login: string, password: string, ip: string): Promise<LoginResult> {
    const loginKey = `login:${login.toLowerCase()}`;
    const keys = [`ip:${ip}`, loginKey];
    this.deps.limiter.check(keys);
    const user = await this.deps.users.authenticate(login, password);
    if (!user) {
      this.deps.limiter.fail(keys);
      throw new ZariError('invalid_credentials', 'wrong login or password');
    }
    this.deps.limiter.succeed(loginKey);
    const { token, session } = await this.deps.sessions.create(user.id);
    return { token, session, user };
  }

  async logout(sessionId: string): Promise<void> {
    await this.deps.sessions.destroy(sessionId);
  }
}

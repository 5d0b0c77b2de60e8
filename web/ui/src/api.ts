import type { SessionUser } from './types.js';

/** An error answered by the REST API (`{"error":{code,message}}`). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

interface ErrorBody { error?: { code?: string; message?: string } }

/** fetch with the session cookie (same origin) and the CSRF header on every state-changing request. */
export class Api {
  private csrfToken: string | null = null;

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken !== null) headers['x-csrf-token'] = this.csrfToken;
    const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!res.ok) {
      const err = (parsed as ErrorBody | undefined)?.error;
      throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? res.statusText);
    }
    return parsed as T;
  }

  get = <T>(path: string): Promise<T> => this.request<T>('GET', path);
  post = <T>(path: string, body?: unknown): Promise<T> => this.request<T>('POST', path, body ?? {});
  patch = <T>(path: string, body: unknown): Promise<T> => this.request<T>('PATCH', path, body);

  async login(login: string, password: string): Promise<SessionUser> {
    const res = await this.post<{ user: SessionUser; csrfToken: string }>('/api/auth/login', { login, password });
    this.csrfToken = res.csrfToken;
    return res.user;
  }

  /** the current session, or null when logged out */
  async me(): Promise<SessionUser | null> {
    try {
      const res = await this.get<{ user: SessionUser; csrfToken: string }>('/api/auth/me');
      this.csrfToken = res.csrfToken;
      return res.user;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  }

  async logout(): Promise<void> {
    await this.request<void>('POST', '/api/auth/logout', {});
    this.csrfToken = null;
  }
}

export const query = (params: Readonly<Record<string, string | number | undefined>>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
};

import type { SessionUser } from './types.js';

/** An error answered by the REST API (`{"error":{code,message,details}}`). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: unknown = null) {
    super(message);
  }
}

interface ErrorBody { error?: { code?: string; message?: string; details?: unknown } }

/** A request body that is not JSON (a CSV or XLSX file), sent as is with its media type. */
export interface RawBody {
  readonly data: Blob | ArrayBuffer | string;
  readonly contentType: string;
}

/** fetch with the session cookie (same origin) and the CSRF header on every state-changing request. */
export class Api {
  private csrfToken: string | null = null;

  async request<T>(method: string, path: string, body?: unknown, raw?: RawBody): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (raw !== undefined) headers['content-type'] = raw.contentType;
    else if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken !== null) headers['x-csrf-token'] = this.csrfToken;
    const payload = raw !== undefined ? { body: raw.data } : body === undefined ? {} : { body: JSON.stringify(body) };
    const res = await fetch(path, { method, headers, credentials: 'same-origin', ...payload });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError(res.status, 'bad_response', 'the server answered with something that is not JSON');
    }
    if (!res.ok) {
      const err = (parsed as ErrorBody | undefined)?.error;
      throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? res.statusText, err?.details ?? null);
    }
    return parsed as T;
  }

  get = <T>(path: string): Promise<T> => this.request<T>('GET', path);
  post = <T>(path: string, body?: unknown): Promise<T> => this.request<T>('POST', path, body ?? {});
  patch = <T>(path: string, body: unknown): Promise<T> => this.request<T>('PATCH', path, body);
  put = <T>(path: string, body: unknown): Promise<T> => this.request<T>('PUT', path, body);
  /** POST a file (CSV, XLSX) as the raw request body */
  postRaw = <T>(path: string, raw: RawBody): Promise<T> => this.request<T>('POST', path, undefined, raw);

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

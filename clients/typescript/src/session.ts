/**
 * Browser cookie sessions (`POST /api/v2/auth/session`): the browser holds the `HttpOnly` session cookie, the page
 * holds only the CSRF token and sends it in `X-CSRF-Token` on unsafe requests.
 */
import type { Middleware } from 'openapi-fetch';
import { FORM_CONTENT_TYPE, formBody } from './auth.js';
import type { MarketplaceClient } from './index.js';
import { toProblemError } from './problem.js';

/** The sign-in and sign-out endpoint. */
export const SESSION_PATH = '/api/v2/auth/session';
/** Header carrying the CSRF token: in the sign-in response, and echoed on every unsafe request. */
export const CSRF_HEADER = 'X-CSRF-Token';
const CSRF_COOKIE = 'mp_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Where the CSRF token is kept across page loads: `sessionStorage`, `localStorage`, or anything alike. */
export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface CookieSessionOptions {
  /** Keeps the CSRF token across reloads (default: `globalThis.sessionStorage` when there is one). `null`: memory only. */
  storage?: TokenStore | null;
  /** Storage key (default `marketplace.csrf`). */
  storageKey?: string;
}

/**
 * A cookie session on `client`: `signIn()` posts the credentials and keeps the CSRF token of the answer (its
 * `X-CSRF-Token` header, so it works cross-origin where the page cannot read the API's cookies, else the `mp_csrf`
 * cookie on the same host); from then on every POST, PUT, PATCH and DELETE of `client` carries it. `signOut()` ends
 * the session on the server. Create the client with `credentials: 'include'` when the API is on another origin.
 *
 * ```ts
 * const api = createMarketplaceClient({ baseUrl: 'https://api.example.com', credentials: 'include' });
 * const session = cookieSession(api);
 * await session.signIn('seller@example.com', password);
 * await unwrap(api.PATCH('/api/v2/users/me', { body: { display_name: 'Ada' } })); // cookie + X-CSRF-Token
 * await session.signOut();
 * ```
 */
export class CookieSession {
  readonly #client: MarketplaceClient;
  readonly #storage: TokenStore | null;
  readonly #key: string;
  #token: string | undefined;

  constructor(client: MarketplaceClient, options: CookieSessionOptions = {}) {
    this.#client = client;
    this.#storage =
      options.storage === undefined ? ((globalThis as { sessionStorage?: TokenStore }).sessionStorage ?? null) : options.storage;
    this.#key = options.storageKey ?? 'marketplace.csrf';
    client.use(this.middleware);
  }

  /** The CSRF token to send: from sign-in, else the store (a reload), else a readable `mp_csrf` cookie (same host). */
  get csrfToken(): string | undefined {
    return this.#token ?? this.#storage?.getItem(this.#key) ?? readCookie(CSRF_COOKIE);
  }

  /**
   * Signs in: `mp_session` is set by the browser, the CSRF token kept. Throws a `ProblemError` (`invalid_grant` for a
   * wrong email or password, `too_many_requests`, …).
   */
  async signIn(email: string, password: string): Promise<void> {
    const result = await this.#client.POST(SESSION_PATH, {
      body: { username: email, password },
      bodySerializer: formBody,
      headers: { 'Content-Type': FORM_CONTENT_TYPE },
    });
    if (!result.response.ok) throw toProblemError(result.error, result.response);
    const token = result.response.headers.get(CSRF_HEADER) ?? readCookie(CSRF_COOKIE);
    if (!token) {
      throw new Error(`signed in, but the ${CSRF_HEADER} header is not readable: add it to the API's exposed CORS headers`);
    }
    this.#remember(token);
  }

  /** Ends the session on the server and forgets the token (also when the session had already expired). */
  async signOut(): Promise<void> {
    const result = await this.#client.DELETE(SESSION_PATH, {});
    this.#remember(undefined);
    if (!result.response.ok) throw toProblemError(result.error, result.response);
  }

  /** Forgets the CSRF token locally (e.g. after a `401` said the session expired). */
  forget(): void {
    this.#remember(undefined);
  }

  /** Adds `X-CSRF-Token` to unsafe requests (installed on the client by the constructor). */
  get middleware(): Middleware {
    return {
      onRequest: ({ request }) => {
        const token = this.csrfToken;
        if (token && UNSAFE.has(request.method) && !request.headers.has(CSRF_HEADER)) {
          request.headers.set(CSRF_HEADER, token);
        }
        return undefined;
      },
    };
  }

  #remember(token: string | undefined): void {
    this.#token = token;
    if (token === undefined) this.#storage?.removeItem(this.#key);
    else this.#storage?.setItem(this.#key, token);
  }
}

/** Attaches a {@link CookieSession} to `client` (see there). */
export function cookieSession(client: MarketplaceClient, options: CookieSessionOptions = {}): CookieSession {
  return new CookieSession(client, options);
}

function readCookie(name: string): string | undefined {
  const all = (globalThis as { document?: { cookie?: string } }).document?.cookie;
  if (!all) return undefined;
  for (const part of all.split('; ')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1)) || undefined;
  }
  return undefined;
}

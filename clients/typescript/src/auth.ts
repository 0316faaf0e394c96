/**
 * Bearer authentication: a token getter (tokens from anywhere, e.g. an external identity
 * provider) or a {@link TokenSession} from {@link login} (this service's OAuth 2.0 token
 * endpoint, with proactive refresh and a single retry after a `401`).
 */
import type { Middleware } from 'openapi-fetch';
import type { components } from './generated/schema.js';
import type { MarketplaceClient } from './index.js';
import { toProblemError } from './problem.js';

/** Response of `POST /api/v2/auth/token`. */
export type TokenResponse = components['schemas']['TokenResponse'];
/** Form fields of `POST /api/v2/auth/token`. */
export type TokenRequest = components['schemas']['TokenRequest'];

/** The token endpoint (never sent an `Authorization` header by this client). */
export const TOKEN_PATH = '/api/v2/auth/token';
/** Media type of token requests (RFC 6749 §4.3, §6). */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * Returns the access token to send, or nothing to send the request anonymously.
 * Called before every request, so it should be cheap (cache the token, refresh it yourself).
 */
export type AccessTokenGetter = () => string | null | undefined | Promise<string | null | undefined>;

/** What `createMarketplaceClient({ auth })` accepts. */
export type Auth = AccessTokenGetter | TokenSession;

/** Serializes a flat object as `application/x-www-form-urlencoded` (undefined values are left out). */
export function formBody(body: object): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value !== undefined && value !== null) form.append(key, String(value));
  }
  return form;
}

/**
 * Calls the token endpoint with a form-encoded body and returns the token response, or throws a
 * `ProblemError` (`invalid_grant`, `invalid_request`, `unsupported_grant_type`, `invalid_scope`, …).
 * Low level: {@link login} and {@link TokenSession} use it.
 */
export async function requestToken(
  client: MarketplaceClient,
  request: TokenRequest,
  init: { headers?: Record<string, string> } = {},
): Promise<TokenResponse> {
  const result = await client.POST(TOKEN_PATH, {
    body: request,
    bodySerializer: formBody,
    headers: { ...init.headers, 'Content-Type': FORM_CONTENT_TYPE },
  });
  if (result.error !== undefined || !result.response.ok || result.data === undefined) {
    throw toProblemError(result.error, result.response);
  }
  return result.data;
}

export interface TokenSessionOptions {
  /** Refresh this many seconds before the access token expires (default 30). */
  refreshSkewSeconds?: number;
  /** Called with every new token pair (login and each refresh), e.g. to persist it. */
  onTokens?: (tokens: TokenResponse) => void;
  /** Clock in milliseconds (tests). Defaults to `Date.now`. */
  now?: () => number;
}

export interface LoginOptions extends TokenSessionOptions {
  /** Space-separated scopes to narrow the token to (default: every scope of the account's role). */
  scope?: string;
  /** Attach the session to `client` so every call sends its token (default true). */
  attach?: boolean;
}

/**
 * Signs in with the OAuth 2.0 password grant (`username` = the email) and returns a
 * {@link TokenSession}. Unless `attach: false`, the session is attached to `client`: every later
 * call sends `Authorization: Bearer <access token>`, refreshed shortly before it expires.
 * Throws a `ProblemError` (code `invalid_grant` for a wrong email or password).
 */
export async function login(
  client: MarketplaceClient,
  email: string,
  password: string,
  options: LoginOptions = {},
): Promise<TokenSession> {
  const { scope, attach = true, ...sessionOptions } = options;
  const tokens = await requestToken(client, {
    grant_type: 'password',
    username: email,
    password,
    ...(scope !== undefined ? { scope } : {}),
  });
  const session = new TokenSession(client, tokens, sessionOptions);
  if (attach) client.use(session.middleware);
  return session;
}

/**
 * An access/refresh token pair from this service's token endpoint.
 *
 * - `getAccessToken()` returns the access token, refreshing it first when it expires within
 *   `refreshSkewSeconds`.
 * - Refresh tokens rotate: each refresh sends the current refresh token exactly once and keeps the
 *   new pair; an old refresh token is never sent again (the server would revoke the whole family).
 *   Concurrent callers share one refresh.
 * - `middleware` adds `Authorization: Bearer …` to every call except the token endpoint and, when
 *   the server answers `401`, refreshes once (unless another call already did) and retries the call.
 * - If a refresh fails (e.g. `invalid_grant`), the session has no refresh token any more; calls
 *   keep the old access token until the server refuses it, then the caller sees the `401`.
 *   Log in again.
 */
export class TokenSession {
  readonly #client: MarketplaceClient;
  readonly #skewMs: number;
  readonly #onTokens: ((tokens: TokenResponse) => void) | undefined;
  readonly #now: () => number;
  #tokens: TokenResponse | undefined;
  #accessToken: string | undefined;
  #refreshToken: string | undefined;
  #expiresAt = 0;
  #refreshing: Promise<string> | undefined;
  #middleware: Middleware | undefined;

  /** Wraps a token response (e.g. one restored from storage); refreshes go through `client`. */
  constructor(client: MarketplaceClient, tokens: TokenResponse, options: TokenSessionOptions = {}) {
    this.#client = client;
    this.#skewMs = (options.refreshSkewSeconds ?? 30) * 1000;
    this.#onTokens = options.onTokens;
    this.#now = options.now ?? Date.now;
    this.#set(tokens);
  }

  /** The current access token (without refreshing), or undefined after `logout()`. */
  get accessToken(): string | undefined {
    return this.#accessToken;
  }

  /** The refresh token that the next refresh will send, or undefined once none is left. */
  get refreshToken(): string | undefined {
    return this.#refreshToken;
  }

  /** When the current access token expires (from `expires_in`, by the local clock). */
  get expiresAt(): Date | undefined {
    return this.#accessToken === undefined ? undefined : new Date(this.#expiresAt);
  }

  /** Scopes of the current access token. */
  get scope(): string | undefined {
    return this.#tokens?.scope;
  }

  /** The last token response (login or refresh). */
  get tokens(): Readonly<TokenResponse> | undefined {
    return this.#tokens;
  }

  /**
   * The access token to send now: refreshed first if it expires within the skew and a refresh
   * token is left. If that refresh fails, the current token is returned (the server decides).
   */
  async getAccessToken(): Promise<string | undefined> {
    if (this.#refreshing) {
      try {
        return await this.#refreshing;
      } catch {
        return this.#accessToken;
      }
    }
    if (this.#accessToken === undefined) return undefined;
    if (this.#now() < this.#expiresAt - this.#skewMs || this.#refreshToken === undefined) {
      return this.#accessToken;
    }
    try {
      return await this.refresh();
    } catch {
      return this.#accessToken;
    }
  }

  /**
   * Exchanges the refresh token for a new pair now and returns the new access token. Concurrent
   * calls share one request. Throws a `ProblemError` (e.g. `invalid_grant`) or a network error;
   * either way that refresh token is spent and the session has none left.
   */
  refresh(): Promise<string> {
    this.#refreshing ??= this.#doRefresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Forgets the tokens (this service has no revocation endpoint; they expire on their own). */
  logout(): void {
    this.#tokens = undefined;
    this.#accessToken = undefined;
    this.#refreshToken = undefined;
    this.#expiresAt = 0;
  }

  /** openapi-fetch middleware sending this session's token (`client.use(session.middleware)`). */
  get middleware(): Middleware {
    this.#middleware ??= bearerMiddleware(
      () => this.getAccessToken(),
      (rejected) => this.#tokenAfterUnauthorized(rejected),
    );
    return this.#middleware;
  }

  async #doRefresh(): Promise<string> {
    const refreshToken = this.#refreshToken;
    if (refreshToken === undefined) throw new Error('No refresh token left: log in again.');
    // Sent at most once, whatever happens to the request.
    this.#refreshToken = undefined;
    const tokens = await requestToken(this.#client, { grant_type: 'refresh_token', refresh_token: refreshToken });
    this.#set(tokens);
    return tokens.access_token;
  }

  async #tokenAfterUnauthorized(rejected: string): Promise<string | undefined> {
    if (this.#refreshing) {
      try {
        return await this.#refreshing;
      } catch {
        return undefined;
      }
    }
    if (this.#accessToken !== undefined && this.#accessToken !== rejected) return this.#accessToken;
    if (this.#refreshToken === undefined) return undefined;
    try {
      return await this.refresh();
    } catch {
      return undefined;
    }
  }

  #set(tokens: TokenResponse): void {
    this.#tokens = tokens;
    this.#accessToken = tokens.access_token;
    this.#refreshToken = tokens.refresh_token;
    this.#expiresAt = this.#now() + tokens.expires_in * 1000;
    this.#onTokens?.(tokens);
  }
}

/**
 * Middleware adding `Authorization: Bearer <token>` to every call except the token endpoint, unless
 * the call sets its own `Authorization` header. With `onUnauthorized`, a `401` answer to a call
 * that carried a token is retried once with the token it returns (if any).
 */
export function bearerMiddleware(
  getToken: AccessTokenGetter,
  onUnauthorized?: (rejected: string) => Promise<string | undefined>,
): Middleware {
  const sent = new Map<string, { token: string; retry: Request }>();
  return {
    async onRequest({ request, schemaPath, id }) {
      if (schemaPath === TOKEN_PATH || request.headers.has('Authorization')) return undefined;
      const token = await getToken();
      if (!token) return undefined;
      request.headers.set('Authorization', `Bearer ${token}`);
      // The body can be read once: keep a copy for the retry.
      if (onUnauthorized) sent.set(id, { token, retry: request.clone() });
      return undefined;
    },
    async onResponse({ response, id, options }) {
      const entry = sent.get(id);
      sent.delete(id);
      if (!entry || response.status !== 401 || !onUnauthorized) return undefined;
      const token = await onUnauthorized(entry.token);
      if (!token || token === entry.token) return undefined;
      await response.body?.cancel();
      entry.retry.headers.set('Authorization', `Bearer ${token}`);
      return options.fetch(entry.retry);
    },
    onError({ id }) {
      sent.delete(id);
      return undefined;
    },
  };
}

/** The middleware for `createMarketplaceClient({ auth })`. */
export function authMiddleware(auth: Auth): Middleware {
  return auth instanceof TokenSession ? auth.middleware : bearerMiddleware(auth);
}

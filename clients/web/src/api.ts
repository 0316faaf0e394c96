// Every HTTP call of the app goes through @marketplace/client: one typed client, a cookie session on it, live events.
import { cookieSession, createMarketplaceClient } from '@marketplace/client';

/**
 * Where the API is. Unset (the default): behind the page's own origin (the Vite dev proxy, or a reverse proxy in
 * production), so cookies are first-party and no CORS is involved. Set at build time (`VITE_API_URL=https://api.…`):
 * cross-origin, with CORS; the API must list this page's origin in MARKETPLACE_CORS_ALLOWED_ORIGINS.
 */
const configured = (import.meta.env.VITE_API_URL as string | undefined)?.replace(/\/+$/, '');
export const apiBaseUrl = configured || location.origin;
export const crossOrigin = new URL(apiBaseUrl).origin !== location.origin;

export const api = createMarketplaceClient({
  baseUrl: apiBaseUrl,
  // Cross-origin the browser sends the session cookie only when asked to.
  credentials: crossOrigin ? 'include' : 'same-origin',
});

/** Sign-in keeps the CSRF token (from the exposed X-CSRF-Token header) in sessionStorage; unsafe calls send it. */
export const session = cookieSession(api);

/**
 * Typed client for the Marketplace API.
 *
 * The types in `./generated/schema.js` are generated at build time from
 * `api-spec/openapi.yaml` by openapi-typescript; the runtime is openapi-fetch,
 * a thin typed wrapper around `fetch`.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { authMiddleware, type Auth } from './auth.js';
import type { components, operations, paths } from './generated/schema.js';

export type { components, operations, paths } from './generated/schema.js';
export {
  authMiddleware,
  bearerMiddleware,
  FORM_CONTENT_TYPE,
  formBody,
  login,
  requestToken,
  TOKEN_PATH,
  TokenSession,
  type AccessTokenGetter,
  type Auth,
  type LoginOptions,
  type TokenRequest,
  type TokenResponse,
  type TokenSessionOptions,
} from './auth.js';
export { isProblem, ProblemError, toProblemError, unwrap, type SuccessData } from './problem.js';
export {
  CSV_ACCEPT,
  downloadItemImage,
  exportItemsCsv,
  IMAGE_ACCEPT,
  imageUrl,
  uploadItemImage,
  type ExportItemsQuery,
  type Image,
} from './files.js';
export {
  CookieSession,
  cookieSession,
  CSRF_HEADER,
  SESSION_PATH,
  type CookieSessionOptions,
  type TokenStore,
} from './session.js';
export {
  connectLiveEvents,
  eventTicket,
  subscribeToEvents,
  type ConnectOptions,
  type LiveConnection,
  type LiveStatus,
  type LiveEvent,
  type LiveSubscription,
  type LiveTopic,
  type SubscribeOptions,
  type WebSocketConstructor,
  type WebSocketLike,
} from './events.js';

type Schemas = components['schemas'];

/** An item offered for sale (as returned by the server). */
export type Item = Schemas['Item'];
/** Request body of `POST /api/v2/items`. */
export type ItemCreate = Schemas['ItemCreate'];
/**
 * Request body of `PATCH /api/v2/items/{item_id}` (JSON Merge Patch, RFC 7396): an omitted key is
 * left unchanged, `description: null` clears the description, a value sets it; `tags` replaces the
 * whole list (`[]` clears it). Send `If-Match` with the item's `ETag` to make the write conditional.
 */
export type ItemPatch = Schemas['ItemPatch'];
/** One page of `GET /api/v2/items`. */
export type ItemPage = Schemas['ItemPage'];
/** An RFC 9457 problem (`application/problem+json`). */
export type Problem = Schemas['Problem'];
/** One invalid field of a validation problem. */
export type FieldError = Schemas['FieldError'];
/** Lifecycle status of an item. */
export type ItemStatus = Schemas['ItemStatus'];
/** An account (`GET /api/v2/users/me`, sign-up response). */
export type User = Schemas['User'];
/** Request body of `POST /api/v2/users` (sign-up). */
export type UserCreate = Schemas['UserCreate'];
/** Request body of `PATCH /api/v2/users/me` (JSON Merge Patch). */
export type UserPatch = Schemas['UserPatch'];
/** Role of an account. */
export type UserRole = Schemas['UserRole'];
/** Request body of `POST /api/v2/webhook-endpoints`. */
export type WebhookEndpointCreate = Schemas['WebhookEndpointCreate'];
/** Request body of `PATCH /api/v2/webhook-endpoints/{webhook_endpoint_id}` (JSON Merge Patch). */
export type WebhookEndpointPatch = Schemas['WebhookEndpointPatch'];
/** A registered webhook endpoint (never its secret). */
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
/** Webhook bodies: `item.created`, `order.placed`, `order.status_changed`. */
export type ItemCreatedEvent = Schemas['ItemCreatedEvent'];
export type OrderPlacedEvent = Schemas['OrderPlacedEvent'];
export type OrderStatusChangedEvent = Schemas['OrderStatusChangedEvent'];
/** A new partner API key: name and scopes. */
export type ApiKeyCreate = Schemas['ApiKeyCreate'];
/** A partner API key as listed (never the key itself). */
export type ApiKey = Schemas['ApiKey'];
/** A new key with its secret, returned once by `POST /api/v2/api-keys`. */
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
/** An item in the frozen v1 shape (`/api/v1`, deprecated). */
export type V1Item = Schemas['V1Item'];
/** `GET /api/v1/items` (deprecated): at most 100 items, newest first. */
export type V1ItemList = Schemas['V1ItemList'];
/** One API version as listed by `GET /api`. */
export type ApiVersion = Schemas['ApiVersion'];
/** Form fields of `POST /api/v2/contact` (send with `bodySerializer: formBody` and `FORM_CONTENT_TYPE`). */
export type ContactMessageCreate = Schemas['ContactMessageCreate'];
/** The answer to a contact form: its id and `status: "received"`. */
export type ContactReceipt = Schemas['ContactReceipt'];
/** An item's images (`GET /api/v2/items/{item_id}/images`). */
export type ImageList = Schemas['ImageList'];
/** An order (`POST /api/v2/orders`, `GET /api/v2/orders/{order_id}`, the `order.*` events). */
export type Order = Schemas['Order'];
/** Request body of `POST /api/v2/orders` (send it with an `Idempotency-Key` header). */
export type OrderCreate = Schemas['OrderCreate'];
/** One page of `GET /api/v2/orders`. */
export type OrderPage = Schemas['OrderPage'];
/** Status of an order: `placed → paid → shipped → delivered`, or `cancelled`. */
export type OrderStatus = Schemas['OrderStatus'];
/** Request body of `POST /api/v2/orders/{order_id}/transitions`. */
export type OrderTransition = Schemas['OrderTransition'];
/** Query parameters of `GET /api/v2/orders`. */
export type ListOrdersQuery = NonNullable<operations['listOrders']['parameters']['query']>;
/** What the payment provider posts to `POST /api/v2/payments/webhook` (signed with `Payment-Signature`). */
export type PaymentEvent = Schemas['PaymentEvent'];
/** Query parameters of `GET /api/v2/items`. */
export type ListItemsQuery = NonNullable<operations['listItems']['parameters']['query']>;

/** The typed openapi-fetch client for every path of the spec. */
export type MarketplaceClient = Client<paths, `${string}/${string}`>;

export interface MarketplaceClientOptions {
  /** Server root, e.g. `https://api.marketplace.example` (without `/api/v2`). */
  baseUrl: string;
  /** Headers sent with every request, e.g. `{ 'X-Request-Id': 'checkout-42' }`. */
  headers?: Record<string, string>;
  /** A custom `fetch` (tests, proxies, retries). Defaults to `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /**
   * Bearer authentication: a function returning the access token to send (e.g. from an external
   * identity provider; called before every request, nothing returned means anonymous), or a
   * {@link TokenSession}. Without it, calls are anonymous until `login(client, …)` attaches a session.
   */
  auth?: Auth;
  /**
   * Whether the browser sends cookies: `'include'` for a cookie session with the API on another origin (the API must
   * allow the page's origin), `'same-origin'` (fetch's default) behind a dev or reverse proxy.
   */
  credentials?: RequestCredentials;
}

/** Media type of JSON Merge Patch request bodies (RFC 7396). */
export const MERGE_PATCH_CONTENT_TYPE = 'application/merge-patch+json';

/**
 * openapi-fetch labels every JSON body `application/json`; the spec's PATCH operations
 * only accept `application/merge-patch+json`. This middleware relabels PATCH bodies sent as
 * `application/json` (any other Content-Type the caller set is left alone).
 */
const mergePatchContentType: Middleware = {
  onRequest({ request }) {
    if (request.method === 'PATCH') {
      const contentType = request.headers.get('Content-Type');
      if (contentType === null || contentType === 'application/json') {
        request.headers.set('Content-Type', MERGE_PATCH_CONTENT_TYPE);
      }
    }
    return undefined;
  },
};

/**
 * Creates a typed client:
 *
 * ```ts
 * const client = createMarketplaceClient({ baseUrl: 'http://localhost:8080' });
 * const { data, error, response } = await client.GET('/api/v2/items/{item_id}', {
 *   params: { path: { item_id: id } },
 * });
 * ```
 */
export function createMarketplaceClient(options: MarketplaceClientOptions): MarketplaceClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { Accept: 'application/json, application/problem+json', ...options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  client.use(mergePatchContentType);
  if (options.auth) client.use(authMiddleware(options.auth));
  return client;
}


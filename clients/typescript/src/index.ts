/**
 * Typed client for the Marketplace API.
 *
 * The types in `./generated/schema.js` are generated at build time from
 * `api-spec/openapi.yaml` by openapi-typescript; the runtime is openapi-fetch,
 * a thin typed wrapper around `fetch`.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './generated/schema.js';

export type { components, operations, paths } from './generated/schema.js';

type Schemas = components['schemas'];

/** An item offered for sale (as returned by the server). */
export type Item = Schemas['Item'];
/** Request body of `POST /api/v2/items`. */
export type ItemCreate = Schemas['ItemCreate'];
/**
 * Request body of `PATCH /api/v2/items/{item_id}` (JSON Merge Patch, RFC 7396):
 * an omitted key is left unchanged, `description: null` clears the description.
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
  });
  client.use(mergePatchContentType);
  return client;
}

/** Thrown (or returned) for an error response: the parsed RFC 9457 problem, typed. */
export class ProblemError extends Error {
  /** HTTP status of the response. */
  readonly status: number;
  /** Machine-readable problem code, e.g. `item_not_found`, `validation_error`. */
  readonly code: string;
  /** The request id (problem `request_id`, else the `X-Request-Id` response header). */
  readonly requestId: string | undefined;
  /** Field-level errors of a validation problem; empty otherwise. */
  readonly errors: FieldError[];
  /** The problem type URI. */
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  /** The parsed problem body, or `undefined` when the body was not a problem. */
  readonly problem: Problem | undefined;

  constructor(status: number, problem: Problem | undefined, requestId?: string, message?: string) {
    super(message ?? problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ProblemError';
    this.status = status;
    this.problem = problem;
    this.code = problem?.code ?? 'http_' + String(status);
    this.requestId = problem?.request_id ?? requestId;
    this.errors = problem?.errors ?? [];
    this.type = problem?.type;
    this.title = problem?.title;
    this.detail = problem?.detail;
    this.instance = problem?.instance;
  }
}

/** Whether a parsed error body looks like an RFC 9457 problem of this API. */
export function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.status === 'number' && typeof b.code === 'string' && typeof b.title === 'string';
}

/**
 * Turns the `error` and `response` of a failed openapi-fetch call into a {@link ProblemError}.
 * Bodies that are not problems (e.g. an HTML page from a proxy) still give a ProblemError,
 * with code `http_<status>` and the raw text as message.
 */
export function toProblemError(error: unknown, response: Response): ProblemError {
  const headerRequestId = response.headers.get('X-Request-Id') ?? undefined;
  if (isProblem(error)) {
    return new ProblemError(response.status, error, headerRequestId);
  }
  const text = typeof error === 'string' && error.length > 0 ? error.slice(0, 500) : undefined;
  return new ProblemError(response.status, undefined, headerRequestId, text);
}

type FetchResult<D> =
  | { data: D; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/**
 * Awaits an openapi-fetch call and returns its `data`, or throws a {@link ProblemError}:
 *
 * ```ts
 * const item = await unwrap(client.GET('/api/v2/items/{item_id}', { params: { path: { item_id } } }));
 * ```
 */
export async function unwrap<D>(call: Promise<FetchResult<D>>): Promise<D> {
  const result = await call;
  if (!result.response.ok) {
    throw toProblemError(result.error, result.response);
  }
  return result.data as D;
}

/** RFC 9457 problems of the Marketplace API as a typed error. */
import type { components } from './generated/schema.js';

type Problem = components['schemas']['Problem'];
type FieldError = components['schemas']['FieldError'];

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

/** Any openapi-fetch result: `data` on success, `error` otherwise. */
type FetchResult = { data?: unknown; error?: unknown; response: Response };
/**
 * The success type of a result. openapi-fetch types the error branch as `data?: never`, which is `data?: undefined`
 * unless `exactOptionalPropertyTypes` is on: strip that `undefined` so that callers get the data type under default
 * strict options too. An operation without a body (`204`) gives `undefined`.
 */
export type SuccessData<R extends FetchResult> = [Exclude<R['data'], undefined>] extends [never]
  ? undefined
  : Exclude<R['data'], undefined>;

/**
 * Awaits an openapi-fetch call and returns its `data`, or throws a {@link ProblemError}:
 *
 * ```ts
 * const item = await unwrap(client.GET('/api/v2/items/{item_id}', { params: { path: { item_id } } }));
 * ```
 */
export async function unwrap<R extends FetchResult>(call: Promise<R>): Promise<SuccessData<R>> {
  const result = await call;
  if (!result.response.ok) {
    throw toProblemError(result.error, result.response);
  }
  return result.data as SuccessData<R>;
}

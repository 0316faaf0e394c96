// Offline tests of the client wiring, with a recording fake fetch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createMarketplaceClient,
  isProblem,
  MERGE_PATCH_CONTENT_TYPE,
  ProblemError,
  toProblemError,
  unwrap,
  type Item,
  type ItemPatch,
  type Problem,
} from '@marketplace/client';

// Compile-time checks of the generated types (tsc fails the build if these expectations break).
// @ts-expect-error only description is nullable in a merge patch
const nullName: ItemPatch = { name: null };
// @ts-expect-error price is a decimal string, not a number
const numericPrice: ItemPatch = { price: 39.5 };
const clearDescription: ItemPatch = { description: null };
// @ts-expect-error tags is not nullable: send [] to clear it
const nullTags: ItemPatch = { tags: null };
void [nullName, numericPrice, clearDescription, nullTags];

const ID = '0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11';
const lamp: Item = {
  id: ID,
  owner_id: '7d7f5d0c-8a53-4c1e-9f0e-3b0d1f2a4b6c',
  name: 'Brass desk lamp',
  description: null,
  price: '49.90',
  currency: 'EUR',
  status: 'active',
  tags: [],
  created_at: '2026-01-15T09:30:00.123456Z',
  updated_at: '2026-01-16T10:00:00.500000Z',
  version: 3,
};
const notFound: Problem = {
  type: 'https://api.marketplace.example/problems/not-found',
  title: 'The resource was not found.',
  status: 404,
  detail: `No item with id ${ID}.`,
  instance: `/api/v2/items/${ID}`,
  code: 'item_not_found',
  request_id: 'req-1',
};

interface Recorded {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

function fakeFetch(status: number, body: unknown, contentType = 'application/json') {
  const calls: Recorded[] = [];
  const fetch = async (req: Request): Promise<Response> => {
    calls.push({ method: req.method, url: req.url, headers: req.headers, body: await req.text() });
    if (status === 204) return new Response(null, { status, headers: { 'X-Request-Id': 'req-204' } });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': contentType, 'X-Request-Id': 'req-hdr' },
    });
  };
  return { fetch, calls };
}

describe('createMarketplaceClient', () => {
  it('sends PATCH bodies as application/merge-patch+json, keeping null and omitting absent keys', async () => {
    const { fetch, calls } = fakeFetch(200, lamp);
    const client = createMarketplaceClient({ baseUrl: 'http://api.test/', fetch });
    const { data, error } = await client.PATCH('/api/v2/items/{item_id}', {
      params: { path: { item_id: ID } },
      body: { price: '39.50', description: null },
    });
    assert.equal(error, undefined);
    assert.deepEqual(data, lamp);
    assert.equal(calls.length, 1);
    const call = calls[0]!;
    assert.equal(call.method, 'PATCH');
    assert.equal(call.url, `http://api.test/api/v2/items/${ID}`);
    assert.equal(call.headers.get('content-type'), MERGE_PATCH_CONTENT_TYPE);
    assert.deepEqual(JSON.parse(call.body), { price: '39.50', description: null });
    assert.equal(call.body.includes('"name"'), false);
  });

  it('expresses all three merge-patch states per key (omit / null / value), arrays whole, and If-Match', async () => {
    const { fetch, calls } = fakeFetch(200, lamp);
    const client = createMarketplaceClient({ baseUrl: 'http://api.test/', fetch });
    const patches: ItemPatch[] = [
      { name: 'Lamp' }, // description omitted: unchanged
      { description: null }, // null: cleared
      { description: 'Rewired', tags: ['lighting', 'restored'] }, // value; the tag list is replaced whole
      { tags: [] }, // an empty array clears the tags
    ];
    for (const body of patches) {
      await client.PATCH('/api/v2/items/{item_id}', {
        params: { path: { item_id: ID }, header: { 'If-Match': `"${ID}-v3"` } },
        body,
      });
    }
    assert.deepEqual(
      calls.map((c) => c.body),
      ['{"name":"Lamp"}', '{"description":null}', '{"description":"Rewired","tags":["lighting","restored"]}', '{"tags":[]}'],
    );
    for (const call of calls) assert.equal(call.headers.get('If-Match'), `"${ID}-v3"`);
  });

  it('keeps application/json for POST and sends default and custom headers', async () => {
    const { fetch, calls } = fakeFetch(201, lamp);
    const client = createMarketplaceClient({ baseUrl: 'http://api.test', fetch, headers: { 'X-Request-Id': 'mine-1' } });
    const { data } = await client.POST('/api/v2/items', {
      body: { name: 'Brass desk lamp', price: '49.90', currency: 'EUR' },
    });
    assert.equal(data?.id, ID);
    const call = calls[0]!;
    assert.equal(call.headers.get('content-type'), 'application/json');
    assert.equal(call.headers.get('x-request-id'), 'mine-1');
    assert.match(call.headers.get('accept') ?? '', /application\/problem\+json/);
  });

  it('serializes list query parameters in snake_case', async () => {
    const { fetch, calls } = fakeFetch(200, { data: [lamp], has_more: false, next_cursor: null });
    const client = createMarketplaceClient({ baseUrl: 'http://api.test', fetch });
    const page = await unwrap(
      client.GET('/api/v2/items', { params: { query: { limit: 2, cursor: 'abc_-1', min_price: '10', sort: 'price' } } }),
    );
    assert.equal(page.has_more, false);
    assert.equal(page.next_cursor, null);
    assert.equal(page.data[0]?.name, 'Brass desk lamp');
    const url = new URL(calls[0]!.url);
    assert.equal(url.searchParams.get('limit'), '2');
    assert.equal(url.searchParams.get('cursor'), 'abc_-1');
    assert.equal(url.searchParams.get('min_price'), '10');
    assert.equal(url.searchParams.get('sort'), 'price');
  });

  it('returns undefined data for 204', async () => {
    const { fetch } = fakeFetch(204, null);
    const client = createMarketplaceClient({ baseUrl: 'http://api.test', fetch });
    const result = await client.DELETE('/api/v2/items/{item_id}', { params: { path: { item_id: ID } } });
    assert.equal(result.response.status, 204);
    assert.equal(result.data, undefined);
    assert.equal(result.error, undefined);
  });
});

describe('ProblemError', () => {
  it('is built from a problem+json error response', async () => {
    const { fetch } = fakeFetch(404, notFound, 'application/problem+json');
    const client = createMarketplaceClient({ baseUrl: 'http://api.test', fetch });
    const { error, response } = await client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: ID } } });
    assert.ok(error);
    const problem = toProblemError(error, response);
    assert.ok(problem instanceof ProblemError);
    assert.ok(problem instanceof Error);
    assert.equal(problem.name, 'ProblemError');
    assert.equal(problem.status, 404);
    assert.equal(problem.code, 'item_not_found');
    assert.equal(problem.requestId, 'req-1');
    assert.equal(problem.message, `No item with id ${ID}.`);
    assert.deepEqual(problem.errors, []);
    assert.deepEqual(problem.problem, notFound);
  });

  it('carries field errors of validation problems', () => {
    const body: Problem = {
      type: 'https://api.marketplace.example/problems/validation-error',
      title: 'Your request is not valid.',
      status: 400,
      code: 'validation_error',
      request_id: 'req-2',
      errors: [{ field: 'price', message: 'must match', code: 'pattern' }],
    };
    const problem = toProblemError(body, new Response(null, { status: 400 }));
    assert.equal(problem.code, 'validation_error');
    assert.equal(problem.errors.length, 1);
    assert.equal(problem.errors[0]?.field, 'price');
    assert.equal(problem.message, 'Your request is not valid.');
  });

  it('copes with bodies that are not problems', () => {
    const problem = toProblemError('<html>bad gateway</html>', new Response(null, { status: 502, headers: { 'X-Request-Id': 'r-9' } }));
    assert.equal(problem.status, 502);
    assert.equal(problem.code, 'http_502');
    assert.equal(problem.requestId, 'r-9');
    assert.equal(problem.problem, undefined);
    assert.equal(problem.message, '<html>bad gateway</html>');
    assert.equal(isProblem({ status: 1 }), false);
    assert.equal(isProblem(notFound), true);
  });

  it('is thrown by unwrap', async () => {
    const { fetch } = fakeFetch(404, notFound, 'application/problem+json');
    const client = createMarketplaceClient({ baseUrl: 'http://api.test', fetch });
    await assert.rejects(
      unwrap(client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: ID } } })),
      (e: unknown) => e instanceof ProblemError && e.code === 'item_not_found' && e.status === 404,
    );
  });
});

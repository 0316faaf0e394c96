// Round trips against the real server (the dev jar, with its embedded PostgreSQL).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createMarketplaceClient,
  downloadItemImage,
  exportItemsCsv,
  login,
  ProblemError,
  requestToken,
  subscribeToEvents,
  toProblemError,
  type ItemCreatedEvent,
  type LiveEvent,
  type WebSocketConstructor,
  TokenSession,
  unwrap,
  uploadItemImage,
  type Item,
  type ItemCreate,
  type ItemPatch,
  type MarketplaceClient,
  type Order,
  type OrderCreate,
  type User,
} from '@marketplace/client';
import WebSocket from 'ws';
import { packageRoot, requireArtifacts, startServer, type JavaProcess } from './support/java.js';

const jar = resolve(
  packageRoot,
  process.env.MARKETPLACE_SERVER_JAR ?? join('..', '..', 'server', 'target', 'dev-app', 'server-2.0.0-SNAPSHOT-dev.jar'),
);
const missing = !existsSync(jar);
const skip = missing && !requireArtifacts ? `server jar not found at ${jar} (set MARKETPLACE_SERVER_JAR)` : false;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const run = `ts${Date.now().toString(36)}`;
const PASSWORD = 'correct horse battery staple';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Signs up a fresh account (201) and returns it. */
async function signUp(client: MarketplaceClient, who: string, role: 'buyer' | 'seller' = 'seller'): Promise<User> {
  const email = `${who}-${run}@example.com`;
  const { data, error, response } = await client.POST('/api/v2/users', {
    body: { email, password: PASSWORD, display_name: `${who} ${run}`, role },
  });
  if (error !== undefined) throw toProblemError(error, response);
  assert.equal(response.status, 201);
  assert.equal(data.email, email);
  assert.equal(data.role, role);
  return data;
}

function assertProblem(code: string, status: number) {
  return (e: unknown) => {
    assert.ok(e instanceof ProblemError, `expected a ProblemError, got ${String(e)}`);
    assert.equal(e.status, status, e.message);
    assert.equal(e.code, code, e.message);
    assert.ok(e.requestId);
    return true;
  };
}

describe('live server round trips', { skip, timeout: 300_000 }, () => {
  let server: JavaProcess | undefined;
  let baseUrl = '';
  let client: MarketplaceClient;
  let seller: User;
  let session: TokenSession;
  let lamp: Item;

  before(async () => {
    if (missing) throw new Error(`server jar not found at ${jar}; build the server module first`);
    const started = await startServer(jar);
    server = started.proc;
    baseUrl = started.baseUrl;
    client = createMarketplaceClient({ baseUrl });
    seller = await signUp(client, 'seller');
    session = await login(client, seller.email, PASSWORD);
  });

  after(async () => {
    await server?.stop();
  });

  async function create(body: ItemCreate): Promise<Item> {
    const { data, error, response } = await client.POST('/api/v2/items', { body });
    if (error !== undefined) throw toProblemError(error, response);
    assert.equal(response.status, 201);
    return data;
  }

  it('creates an item: 201, Location, server-owned fields', async () => {
    const body: ItemCreate = {
      name: `Brass desk lamp ${run}`,
      description: 'A 1950s brass desk lamp, rewired, with a linen shade.',
      price: '49.90',
      currency: 'EUR',
      status: 'active',
    };
    const { data, error, response } = await client.POST('/api/v2/items', {
      body,
      headers: { 'X-Request-Id': `create-${run}` },
    });
    assert.equal(error, undefined);
    assert.equal(response.status, 201);
    assert.ok(data);
    assert.match(data.id, UUID);
    assert.equal(data.name, body.name);
    assert.equal(data.description, body.description);
    assert.equal(data.price, '49.90');
    assert.equal(data.currency, 'EUR');
    assert.equal(data.status, 'active');
    assert.equal(data.owner_id, seller.id, 'owned by the token subject');
    assert.equal(typeof data.version, 'number');
    assert.ok(!Number.isNaN(Date.parse(data.created_at)));
    assert.ok(!Number.isNaN(Date.parse(data.updated_at)));
    const location = response.headers.get('Location');
    assert.ok(location, 'Location header');
    assert.ok(location.endsWith(`/api/v2/items/${data.id}`), `Location ${location}`);
    assert.equal(response.headers.get('X-Request-Id'), `create-${run}`);
    lamp = data;
  });

  it('gets the item back unchanged', async () => {
    const { data, response } = await client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: lamp.id } } });
    assert.equal(response.status, 200);
    assert.deepEqual(data, lamp);
    assert.ok(response.headers.get('X-Request-Id'), 'X-Request-Id generated');
  });

  it('rejects an invalid create with a validation problem naming the field', async () => {
    const { error, response } = await client.POST('/api/v2/items', {
      body: { name: `bad ${run}`, price: '12.345678', currency: 'EUR' },
    });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('Content-Type') ?? '', /^application\/problem\+json/);
    const problem = toProblemError(error, response);
    assert.equal(problem.code, 'validation_error');
    assert.ok(problem.requestId);
    assert.ok(
      problem.errors.some((e) => e.field === 'price'),
      `errors: ${JSON.stringify(problem.errors)}`,
    );
  });

  it('pages through a list with cursors (limit=2) until has_more is false', async () => {
    const marker = `page${run}`;
    const created: Item[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(await create({ name: `Paged ${marker} ${i}`, price: `${10 + i}.00`, currency: 'EUR' }));
    }
    const seen: Item[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await unwrap(
        client.GET('/api/v2/items', { params: { query: { q: marker, limit: 2, ...(cursor ? { cursor } : {}) } } }),
      );
      pages++;
      assert.ok(page.data.length <= 2, `page size ${page.data.length}`);
      seen.push(...page.data);
      if (!page.has_more) {
        assert.equal(page.next_cursor, null);
        break;
      }
      assert.equal(typeof page.next_cursor, 'string');
      cursor = page.next_cursor ?? undefined;
      assert.ok(pages < 10, 'too many pages');
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen.map((i) => i.id).sort(), created.map((i) => i.id).sort());
    // Default sort is -created_at: newest first.
    for (let i = 1; i < seen.length; i++) {
      assert.ok(Date.parse(seen[i - 1]!.created_at) >= Date.parse(seen[i]!.created_at), 'newest first');
    }
    assert.deepEqual(
      seen.map((i) => i.id),
      [...created].reverse().map((i) => i.id),
    );
  });

  it('merge-patches a value: other fields unchanged, version + 1', async () => {
    const patch: ItemPatch = { price: '39.50' };
    const { data, response } = await client.PATCH('/api/v2/items/{item_id}', {
      params: { path: { item_id: lamp.id } },
      body: patch,
    });
    assert.equal(response.status, 200);
    assert.ok(data);
    assert.equal(data.price, '39.50');
    assert.equal(data.name, lamp.name);
    assert.equal(data.description, lamp.description);
    assert.equal(data.currency, lamp.currency);
    assert.equal(data.status, lamp.status);
    assert.equal(data.created_at, lamp.created_at);
    assert.equal(data.version, lamp.version + 1);
    lamp = data;
  });

  it('merge-patches description: null, which clears it', async () => {
    const updated = await unwrap(
      client.PATCH('/api/v2/items/{item_id}', {
        params: { path: { item_id: lamp.id } },
        body: { description: null },
      }),
    );
    assert.equal(updated.description, null);
    assert.equal(updated.price, '39.50');
    assert.equal(updated.name, lamp.name);
    assert.equal(updated.version, lamp.version + 1);
    const again = await unwrap(client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: lamp.id } } }));
    assert.equal(again.description, null);
    lamp = updated;
  });

  it('merge patch has three states per key (omitted, null, value) and arrays replace', async () => {
    const path = { params: { path: { item_id: lamp.id } } };
    const tagged = await unwrap(client.PATCH('/api/v2/items/{item_id}', { ...path, body: { description: 'Rewired', tags: ['a', 'b'] } }));
    assert.equal(tagged.description, 'Rewired');
    assert.deepEqual(tagged.tags, ['a', 'b']);
    // Omitted keys stay as they are.
    const renamed = await unwrap(client.PATCH('/api/v2/items/{item_id}', { ...path, body: { name: `${lamp.name} (restored)` } }));
    assert.equal(renamed.description, 'Rewired');
    assert.deepEqual(renamed.tags, ['a', 'b']);
    // null clears; an array replaces the whole list.
    const cleared = await unwrap(client.PATCH('/api/v2/items/{item_id}', { ...path, body: { description: null, tags: ['c'] } }));
    assert.equal(cleared.description, null);
    assert.deepEqual(cleared.tags, ['c']);
    assert.match(cleared.created_at, /\.\d{6}Z$/, 'timestamps carry microseconds');
    assert.equal(cleared.created_at, lamp.created_at, 'created_at round-trips unchanged');
    lamp = cleared;
  });

  it('ETag: If-None-Match revalidates (304), a stale If-Match is a 412 precondition_failed', async () => {
    const path = { item_id: lamp.id };
    const read = await client.GET('/api/v2/items/{item_id}', { params: { path } });
    const etag = read.response.headers.get('ETag');
    assert.equal(etag, `"${lamp.id}-v${lamp.version}"`);
    assert.equal(read.response.headers.get('Cache-Control'), 'no-cache');
    const cached = await client.GET('/api/v2/items/{item_id}', { params: { path, header: { 'If-None-Match': etag! } } });
    assert.equal(cached.response.status, 304);
    assert.equal(cached.data, undefined);

    const changed = await unwrap(
      client.PATCH('/api/v2/items/{item_id}', { params: { path, header: { 'If-Match': etag! } }, body: { price: '41.00' } }),
    );
    assert.equal(changed.version, lamp.version + 1);
    await assert.rejects(
      unwrap(client.PATCH('/api/v2/items/{item_id}', { params: { path, header: { 'If-Match': etag! } }, body: { price: '1.00' } })),
      assertProblem('precondition_failed', 412),
    );
    lamp = changed;
  });

  it('problems speak German for Accept-Language: de (type and code unchanged)', async () => {
    const { error, response } = await client.GET('/api/v2/items/{item_id}', {
      params: { path: { item_id: '99999999-9999-4999-8999-999999999999' } },
      headers: { 'Accept-Language': 'de' },
    });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('Content-Language'), 'de');
    const problem = toProblemError(error, response);
    assert.equal(problem.code, 'item_not_found');
    assert.equal(problem.problem?.title, 'Die Ressource wurde nicht gefunden.');
  });

  it('v1 is deprecated (headers) and GET /api lists the versions', async () => {
    const v1 = await client.GET('/api/v1/items');
    assert.equal(v1.response.status, 200);
    assert.ok(v1.data?.items.some((i) => i.id === lamp.id));
    assert.match(v1.response.headers.get('Deprecation') ?? '', /^@\d+$/);
    assert.ok(v1.response.headers.get('Sunset'));
    assert.equal(v1.response.headers.get('Link'), '</api/v2/items>; rel="successor-version"');
    const versions = await unwrap(client.GET('/api'));
    assert.deepEqual(
      versions.data.map((v) => `${v.version}:${v.status}`),
      ['v1:deprecated', 'v2:current'],
    );
  });

  it('rejects an empty merge patch with a 400 problem', async () => {
    const { error, response } = await client.PATCH('/api/v2/items/{item_id}', {
      params: { path: { item_id: lamp.id } },
      body: {},
    });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('Content-Type') ?? '', /^application\/problem\+json/);
    const problem = toProblemError(error, response);
    assert.equal(problem.status, 400);
    assert.equal(problem.problem?.status, 400);
    assert.equal(problem.code, 'empty_patch');
    assert.ok(problem.requestId);
    assert.equal(problem.requestId, response.headers.get('X-Request-Id'));
  });

  it('rejects null on a non-nullable property with a 400 problem', async () => {
    const { error, response } = await client.PATCH('/api/v2/items/{item_id}', {
      params: { path: { item_id: lamp.id } },
      body: { name: null } as unknown as ItemPatch,
    });
    assert.equal(response.status, 400);
    const problem = toProblemError(error, response);
    assert.equal(problem.code, 'validation_error');
    assert.ok(problem.errors.some((e) => e.field === 'name'), JSON.stringify(problem.errors));
    const unchanged = await unwrap(client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: lamp.id } } }));
    assert.equal(unchanged.name, lamp.name);
    assert.equal(unchanged.version, lamp.version);
  });

  it('the server only takes merge patches as application/merge-patch+json (415 otherwise)', async () => {
    const { error, response } = await client.PATCH('/api/v2/items/{item_id}', {
      params: { path: { item_id: lamp.id } },
      body: { name: 'sent as text' },
      headers: { 'Content-Type': 'text/plain' },
    });
    assert.equal(response.status, 415);
    assert.equal(toProblemError(error, response).code, 'unsupported_media_type');
  });

  it('uploads an image as multipart (type sniffed from the bytes), lists it and downloads the same bytes', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    // A misleading declared type and name: the server goes by the bytes.
    const uploaded = await uploadItemImage(client, lamp.id, new Blob([png], { type: 'application/octet-stream' }), 'photo.bin');
    assert.equal(uploaded.response.status, 201, JSON.stringify(uploaded.error));
    const image = uploaded.data!;
    assert.equal(image.content_type, 'image/png');
    assert.equal(image.size, png.length);
    assert.equal(uploaded.response.headers.get('Location'), image.url);

    const listed = await unwrap(client.GET('/api/v2/items/{item_id}/images', { params: { path: { item_id: lamp.id } } }));
    assert.deepEqual(listed.data, [image]);

    const downloaded = await downloadItemImage(client, lamp.id, image.id);
    assert.equal(downloaded.response.status, 200);
    assert.equal(downloaded.response.headers.get('Content-Type'), 'image/png');
    assert.deepEqual(Buffer.from(await downloaded.data!.arrayBuffer()), png);
    const etag = downloaded.response.headers.get('ETag')!;
    const cached = await downloadItemImage(client, lamp.id, image.id, { 'If-None-Match': etag });
    assert.equal(cached.response.status, 304);

    const gif = await uploadItemImage(client, lamp.id, new Blob([Buffer.from('GIF89a\x01\x00\x01\x00;', 'latin1')]), 'x.png');
    assert.equal(gif.response.status, 415);
    assert.equal(toProblemError(gif.error, gif.response).code, 'unsupported_image_type');
  });

  it('downloads the items as CSV with the list filters', async () => {
    const { data, error, response } = await exportItemsCsv(client, { q: `${run}`, sort: 'created_at' });
    assert.equal(error, undefined);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Type') ?? '', /^text\/csv;\s*charset=utf-8$/i);
    assert.match(response.headers.get('Content-Disposition') ?? '', /^attachment; filename="items-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = data!.split('\r\n');
    assert.equal(lines[0], 'id,owner_id,name,description,price,currency,status,created_at,updated_at');
    assert.equal(lines.at(-1), '', 'the last record ends with CRLF');
    assert.ok(lines.some((line) => line.startsWith(`${lamp.id},${seller.id},`)), data);
  });

  it('deletes (204), then reading it is a typed item_not_found ProblemError', async () => {
    const del = await client.DELETE('/api/v2/items/{item_id}', { params: { path: { item_id: lamp.id } } });
    assert.equal(del.response.status, 204);
    await assert.rejects(
      unwrap(client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: lamp.id } } })),
      (e: unknown) => {
        assert.ok(e instanceof ProblemError);
        assert.equal(e.status, 404);
        assert.equal(e.code, 'item_not_found');
        assert.ok(e.requestId);
        assert.equal(e.problem?.status, 404);
        return true;
      },
    );
    const again = await client.DELETE('/api/v2/items/{item_id}', { params: { path: { item_id: lamp.id } } });
    assert.equal(again.response.status, 404);
    assert.equal(toProblemError(again.error, again.response).code, 'item_not_found');
  });

  it('logs in with the password grant: a Bearer JWT pair with the seller scopes', () => {
    const tokens = session.tokens;
    assert.ok(tokens);
    assert.equal(tokens.token_type, 'Bearer');
    assert.match(tokens.access_token, JWT);
    assert.ok(tokens.refresh_token.length > 0);
    assert.ok(tokens.expires_in > 60 && tokens.expires_in <= 900, `expires_in ${tokens.expires_in}`);
    assert.deepEqual(tokens.scope.split(' ').sort(), ['account', 'items:read', 'items:write', 'orders:read', 'orders:write']);
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
    };
    assert.equal(claims.sub, seller.id);
  });

  it('GET /users/me returns the logged-in account', async () => {
    const me = await unwrap(client.GET('/api/v2/users/me'));
    assert.equal(me.id, seller.id);
    assert.equal(me.email, seller.email);
    assert.equal(me.role, 'seller');
    assert.equal(me.display_name, seller.display_name);
    assert.equal('password' in me, false);
  });

  it('refuses a wrong password with a ProblemError invalid_grant', async () => {
    await assert.rejects(
      login(createMarketplaceClient({ baseUrl }), seller.email, 'not the password at all'),
      assertProblem('invalid_grant', 400),
    );
  });

  it('refresh rotates the pair; the old refresh token is refused (invalid_grant) and revokes the family', async () => {
    const api = createMarketplaceClient({ baseUrl });
    const own = await login(api, seller.email, PASSWORD);
    const first = own.tokens!;
    const access = await own.refresh();
    assert.match(access, JWT);
    assert.notEqual(access, first.access_token);
    assert.ok(own.refreshToken);
    assert.notEqual(own.refreshToken, first.refresh_token);
    assert.equal((await unwrap(api.GET('/api/v2/users/me'))).id, seller.id, 'the new access token works');
    // Reusing the spent refresh token is refused...
    await assert.rejects(
      requestToken(api, { grant_type: 'refresh_token', refresh_token: first.refresh_token }),
      assertProblem('invalid_grant', 400),
    );
    // ...and revoked its family: the rotated refresh token is dead too.
    await assert.rejects(own.refresh(), assertProblem('invalid_grant', 400));
    assert.equal(own.refreshToken, undefined, 'a spent refresh token is never sent again');
  });

  it('retries once after a 401 with a refreshed token', async () => {
    const api = createMarketplaceClient({ baseUrl });
    const tokens = await requestToken(api, { grant_type: 'password', username: seller.email, password: PASSWORD });
    const broken = new TokenSession(api, { ...tokens, access_token: 'not.a.jwt' });
    const statuses: number[] = [];
    const watched = createMarketplaceClient({
      baseUrl,
      auth: broken,
      fetch: async (request) => {
        const response = await fetch(request);
        statuses.push(response.status);
        return response;
      },
    });
    const me = await unwrap(watched.GET('/api/v2/users/me'));
    assert.equal(me.id, seller.id);
    assert.deepEqual(statuses, [401, 200]);
    assert.notEqual(broken.accessToken, 'not.a.jwt');
    assert.notEqual(broken.refreshToken, tokens.refresh_token);
  });

  it('an anonymous create is a 401 ProblemError unauthorized', async () => {
    const anonymous = createMarketplaceClient({ baseUrl });
    const call = anonymous.POST('/api/v2/items', { body: { name: `anon ${run}`, price: '1.00', currency: 'EUR' } });
    const { response } = await call;
    assert.match(response.headers.get('WWW-Authenticate') ?? '', /^Bearer/);
    await assert.rejects(unwrap(call), assertProblem('unauthorized', 401));
  });

  it("another seller may not patch or delete the item: 403 forbidden, item unchanged", async () => {
    const item = await create({ name: `Owned ${run}`, price: '20.00', currency: 'EUR' });
    const other = createMarketplaceClient({ baseUrl });
    const otherSeller = await signUp(other, 'other');
    await login(other, otherSeller.email, PASSWORD);
    await assert.rejects(
      unwrap(other.PATCH('/api/v2/items/{item_id}', { params: { path: { item_id: item.id } }, body: { price: '1.00' } })),
      assertProblem('forbidden', 403),
    );
    await assert.rejects(
      unwrap(other.DELETE('/api/v2/items/{item_id}', { params: { path: { item_id: item.id } } })),
      assertProblem('forbidden', 403),
    );
    const unchanged = await unwrap(other.GET('/api/v2/items/{item_id}', { params: { path: { item_id: item.id } } }));
    assert.equal(unchanged.price, '20.00');
    assert.equal(unchanged.version, item.version);
    assert.equal(unchanged.owner_id, seller.id);
  });

  it('a buyer may not create items: 403 insufficient_scope', async () => {
    const buyerClient = createMarketplaceClient({ baseUrl });
    const buyer = await signUp(buyerClient, 'buyer', 'buyer');
    const buyerSession = await login(buyerClient, buyer.email, PASSWORD);
    assert.equal(buyerSession.scope?.split(' ').includes('items:write'), false);
    const { error, response } = await buyerClient.POST('/api/v2/items', {
      body: { name: `buyer ${run}`, price: '1.00', currency: 'EUR' },
    });
    assert.equal(response.status, 403);
    assert.equal(toProblemError(error, response).code, 'insufficient_scope');
    assert.match(response.headers.get('WWW-Authenticate') ?? '', /insufficient_scope/);
  });

  it('a buyer places an order with an Idempotency-Key: a retry replays it, the stock moves once, cancelling puts it back', async () => {
    const item = await create({ name: `Order lamp ${run}`, price: '49.90', currency: 'EUR', stock: 3 });
    const buyerClient = createMarketplaceClient({ baseUrl });
    const buyer = await signUp(buyerClient, 'orderbuyer', 'buyer');
    await login(buyerClient, buyer.email, PASSWORD);
    const body: OrderCreate = { lines: [{ item_id: item.id, quantity: 2 }] };
    const key = `order-${run}`;
    const place = () => buyerClient.POST('/api/v2/orders', { params: { header: { 'Idempotency-Key': key } }, body });

    const first = await place();
    assert.equal(first.response.status, 201, JSON.stringify(first.error));
    const order: Order = first.data!;
    assert.match(order.id, UUID);
    assert.equal(order.buyer_id, buyer.id);
    assert.equal(order.status, 'placed');
    assert.equal(order.total, '99.80');
    assert.equal(order.lines[0]!.unit_price, '49.90');
    assert.ok(first.response.headers.get('Location')?.endsWith(`/api/v2/orders/${order.id}`));

    const retry = await place();
    assert.equal(retry.response.status, 201);
    assert.equal(retry.response.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(retry.data, order);
    const reused = await buyerClient.POST('/api/v2/orders', {
      params: { header: { 'Idempotency-Key': key } },
      body: { lines: [{ item_id: item.id, quantity: 1 }] },
    });
    assert.equal(reused.response.status, 422);
    assert.equal(toProblemError(reused.error, reused.response).code, 'idempotency_key_reused');
    const stock = async () =>
      (await unwrap(client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: item.id } } }))).stock;
    assert.equal(await stock(), 1);

    const tooMany = await buyerClient.POST('/api/v2/orders', {
      params: { header: { 'Idempotency-Key': `${key}-2` } },
      body: { lines: [{ item_id: item.id, quantity: 2 }] },
    });
    assert.equal(tooMany.response.status, 409);
    assert.equal(toProblemError(tooMany.error, tooMany.response).code, 'out_of_stock');

    const seen = await unwrap(client.GET('/api/v2/orders', { params: { query: { role: 'seller', status: 'placed' } } }));
    assert.ok(seen.data.some((o) => o.id === order.id), "in the seller's orders");
    const cancelled = await unwrap(
      buyerClient.POST('/api/v2/orders/{order_id}/transitions', {
        params: { path: { order_id: order.id } },
        body: { status: 'cancelled' },
      }),
    );
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.version, 1);
    assert.equal(await stock(), 3);
  });

  it("streams the caller's own events over the live socket (ticket + subscribeToEvents)", async () => {
    const { data: ticket, error, response } = await client.POST('/api/v2/events/tickets');
    if (error !== undefined) throw toProblemError(error, response);
    assert.equal(response.status, 201);
    assert.match(ticket.ticket, /^wst_/);
    const events: LiveEvent[] = [];
    const subscription = subscribeToEvents({
      baseUrl,
      ticket: ticket.ticket,
      topics: ['items'],
      onEvent: (event) => events.push(event),
      WebSocket: WebSocket as unknown as WebSocketConstructor, // Node 20 has no global WebSocket
    });
    try {
      await subscription.ready;
      const item = await create({ name: `Live ${run}`, price: '5.00', currency: 'EUR' });
      const deadline = Date.now() + 15_000;
      while (!events.some((e) => e.type === 'item.created' && e.data.id === item.id) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const event = events.find((e) => e.type === 'item.created' && e.data.id === item.id) as ItemCreatedEvent | undefined;
      assert.ok(event, 'item.created arrived on the socket');
      assert.match(event.id, UUID);
      assert.equal((event.data as { owner_id?: string | null }).owner_id, seller.id);
    } finally {
      subscription.close();
    }
    // The ticket was single use.
    const again = subscribeToEvents({ baseUrl, ticket: ticket.ticket, topics: ['items'], onEvent: () => {},
      WebSocket: WebSocket as unknown as WebSocketConstructor });
    await assert.rejects(again.ready);
  });

  it('runs the README usage example (examples/usage.ts) against the server', async () => {
    const script = join(packageRoot, 'target', 'test-js', 'examples', 'usage.js');
    const child = spawn(process.execPath, [script], {
      cwd: packageRoot,
      env: { ...process.env, MARKETPLACE_URL: baseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((res) => child.once('exit', res));
    assert.equal(code, 0, out);
    assert.match(out, /logged in as seller-\d+@example\.com seller scope /);
    assert.match(out, /created [0-9a-f-]{36} at \/?.*\/api\/v2\/items\/[0-9a-f-]{36} owner true/);
    assert.match(out, /updated to version \d+ description null/);
    assert.match(out, /gone: 404/);
  });
});

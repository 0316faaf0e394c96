// Offline tests of the auth helpers (login, TokenSession, bearer middleware) with a scripted fake server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createMarketplaceClient,
  FORM_CONTENT_TYPE,
  login,
  ProblemError,
  requestToken,
  TokenSession,
  type Item,
  type MarketplaceClient,
  type TokenResponse,
} from '@marketplace/client';

const ID = '0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11';
const item: Item = {
  id: ID,
  owner_id: 'u1',
  name: 'Brass desk lamp',
  description: null,
  price: '49.90',
  currency: 'EUR',
  status: 'active',
  tags: [],
  created_at: '2026-01-15T09:30:00Z',
  updated_at: '2026-01-15T09:30:00Z',
  version: 0,
};

interface Seen {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  body: string;
}

function problem(status: number, code: string): Response {
  return new Response(
    JSON.stringify({ type: `https://api.marketplace.example/problems/${code}`, title: code, status, code, request_id: 'r' }),
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

/**
 * A fake token server: access tokens at-N / refresh tokens rt-N; refresh tokens are single use
 * (reuse → invalid_grant); a protected GET answers 401 unless the token is in `valid`.
 */
function fakeServer(expiresIn = 900) {
  const seen: Seen[] = [];
  const valid = new Set<string>();
  const usedRefresh = new Set<string>();
  let n = 0;
  let refreshDelayMs = 0;
  const issue = (): TokenResponse => {
    n++;
    valid.add(`at-${n}`);
    return {
      access_token: `at-${n}`,
      token_type: 'Bearer',
      expires_in: expiresIn,
      refresh_token: `rt-${n}`,
      scope: 'items:read items:write account',
    };
  };
  const fetch = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const body = await req.text();
    seen.push({
      method: req.method,
      path: url.pathname,
      authorization: req.headers.get('Authorization'),
      contentType: req.headers.get('Content-Type'),
      body,
    });
    if (url.pathname === '/api/v2/auth/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') === 'password') {
        if (form.get('password') !== 'correct horse battery staple') return problem(400, 'invalid_grant');
        return Response.json(issue());
      }
      const rt = form.get('refresh_token') ?? '';
      if (usedRefresh.has(rt) || !/^rt-\d+$/.test(rt)) return problem(400, 'invalid_grant');
      usedRefresh.add(rt);
      if (refreshDelayMs) await new Promise((r) => setTimeout(r, refreshDelayMs));
      return Response.json(issue());
    }
    const auth = req.headers.get('Authorization');
    if (req.method === 'GET' && url.pathname.startsWith('/api/v2/items/')) {
      if (auth && !valid.has(auth.replace(/^Bearer /, ''))) return problem(401, 'unauthorized');
      return Response.json(item);
    }
    if (!auth || !valid.has(auth.replace(/^Bearer /, ''))) return problem(401, 'unauthorized');
    if (req.method === 'PATCH') return Response.json({ ...item, ...JSON.parse(body) });
    return Response.json(item, { status: 201 });
  };
  return {
    fetch,
    seen,
    valid,
    usedRefresh,
    setRefreshDelay: (ms: number) => (refreshDelayMs = ms),
  };
}

function client(fetch: (r: Request) => Promise<Response>): MarketplaceClient {
  return createMarketplaceClient({ baseUrl: 'http://api.test', fetch });
}

describe('login', () => {
  it('posts a form-encoded password grant without Authorization and attaches the session', async () => {
    const server = fakeServer();
    const api = client(server.fetch);
    const session = await login(api, 'seller@example.com', 'correct horse battery staple');
    const token = server.seen[0]!;
    assert.equal(token.method, 'POST');
    assert.equal(token.path, '/api/v2/auth/token');
    assert.equal(token.contentType, FORM_CONTENT_TYPE);
    assert.equal(token.authorization, null);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(token.body)), {
      grant_type: 'password',
      username: 'seller@example.com',
      password: 'correct horse battery staple',
    });
    assert.equal(session.accessToken, 'at-1');
    assert.equal(session.refreshToken, 'rt-1');
    assert.equal(session.scope, 'items:read items:write account');

    const created = await api.POST('/api/v2/items', { body: { name: 'x', price: '1', currency: 'EUR' } });
    assert.equal(created.response.status, 201);
    assert.equal(server.seen[1]!.authorization, 'Bearer at-1');
    assert.equal(server.seen[1]!.contentType, 'application/json');
  });

  it('throws a ProblemError invalid_grant for a wrong password', async () => {
    const server = fakeServer();
    await assert.rejects(login(client(server.fetch), 'seller@example.com', 'wrong password!'), (e: unknown) => {
      assert.ok(e instanceof ProblemError);
      assert.equal(e.status, 400);
      assert.equal(e.code, 'invalid_grant');
      return true;
    });
  });

  it('sends the requested scope; attach: false leaves the client anonymous', async () => {
    const server = fakeServer();
    const api = client(server.fetch);
    await login(api, 'a@example.com', 'correct horse battery staple', { scope: 'items:read', attach: false });
    assert.equal(new URLSearchParams(server.seen[0]!.body).get('scope'), 'items:read');
    await api.GET('/api/v2/items/{item_id}', { params: { path: { item_id: ID } } });
    assert.equal(server.seen[1]!.authorization, null);
  });
});

describe('TokenSession', () => {
  it('refreshes shortly before expiry with the rotated refresh token, never an old one', async () => {
    const server = fakeServer(60);
    const api = client(server.fetch);
    let now = 1_000_000;
    const persisted: string[] = [];
    const session = await login(api, 'a@example.com', 'correct horse battery staple', {
      now: () => now,
      refreshSkewSeconds: 30,
      onTokens: (t) => persisted.push(t.refresh_token),
    });
    now += 20_000; // 40 s left: no refresh
    await api.GET('/api/v2/items/{item_id}', { params: { path: { item_id: ID } } });
    assert.equal(server.seen.at(-1)!.authorization, 'Bearer at-1');
    now += 15_000; // 25 s left: refresh first
    await api.GET('/api/v2/items/{item_id}', { params: { path: { item_id: ID } } });
    const refresh = server.seen.at(-2)!;
    assert.equal(refresh.path, '/api/v2/auth/token');
    assert.equal(refresh.authorization, null);
    assert.equal(refresh.contentType, FORM_CONTENT_TYPE);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(refresh.body)), {
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
    });
    assert.equal(server.seen.at(-1)!.authorization, 'Bearer at-2');
    assert.equal(session.refreshToken, 'rt-2');
    now += 40_000;
    await session.getAccessToken();
    const refreshBodies = server.seen.filter((s) => s.path === '/api/v2/auth/token').map((s) => s.body);
    assert.deepEqual(
      refreshBodies.slice(1).map((b) => new URLSearchParams(b).get('refresh_token')),
      ['rt-1', 'rt-2'],
    );
    assert.deepEqual(persisted, ['rt-1', 'rt-2', 'rt-3']);
  });

  it('concurrent calls share one refresh', async () => {
    const server = fakeServer(10);
    const api = client(server.fetch);
    await login(api, 'a@example.com', 'correct horse battery staple'); // expires within the skew
    server.setRefreshDelay(30);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api.GET('/api/v2/items/{item_id}', { params: { path: { item_id: ID } } })),
    );
    assert.ok(results.every((r) => r.response.status === 200));
    const refreshes = server.seen.filter((s) => s.path === '/api/v2/auth/token' && s.body.includes('refresh_token'));
    assert.equal(refreshes.length, 1);
    assert.ok(server.seen.filter((s) => s.method === 'GET').every((s) => s.authorization === 'Bearer at-2'));
  });

  it('on 401 refreshes once and retries the call with the new token (body included)', async () => {
    const server = fakeServer();
    const api = client(server.fetch);
    await login(api, 'a@example.com', 'correct horse battery staple');
    server.valid.delete('at-1'); // e.g. revoked or expired early
    const { data, response } = await api.PATCH('/api/v2/items/{item_id}', {
      params: { path: { item_id: ID } },
      body: { price: '39.50' },
    });
    assert.equal(response.status, 200);
    assert.equal(data?.price, '39.50');
    const patches = server.seen.filter((s) => s.method === 'PATCH');
    assert.deepEqual(
      patches.map((p) => [p.authorization, p.contentType, p.body]),
      [
        ['Bearer at-1', 'application/merge-patch+json', '{"price":"39.50"}'],
        ['Bearer at-2', 'application/merge-patch+json', '{"price":"39.50"}'],
      ],
    );
  });

  it('concurrent 401s share one refresh', async () => {
    const server = fakeServer();
    const api = client(server.fetch);
    await login(api, 'a@example.com', 'correct horse battery staple');
    server.valid.delete('at-1');
    server.setRefreshDelay(30);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        api.POST('/api/v2/items', { body: { name: 'x', price: '1', currency: 'EUR' } }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.response.status),
      [201, 201, 201, 201],
    );
    assert.equal(server.usedRefresh.size, 1);
  });

  it('after a failed refresh the caller gets the 401 and the spent refresh token is not sent again', async () => {
    const server = fakeServer();
    const api = client(server.fetch);
    const session = await login(api, 'a@example.com', 'correct horse battery staple');
    server.usedRefresh.add('rt-1'); // the server considers it used (family revoked)
    server.valid.delete('at-1');
    const first = await api.POST('/api/v2/items', { body: { name: 'x', price: '1', currency: 'EUR' } });
    assert.equal(first.response.status, 401);
    assert.equal(session.refreshToken, undefined);
    const second = await api.POST('/api/v2/items', { body: { name: 'x', price: '1', currency: 'EUR' } });
    assert.equal(second.response.status, 401);
    assert.equal(server.seen.filter((s) => s.body.includes('grant_type=refresh_token')).length, 1);
    await assert.rejects(session.refresh(), /No refresh token/);
  });

  it('refresh() surfaces invalid_grant as a ProblemError', async () => {
    const server = fakeServer();
    const api = client(server.fetch);
    const tokens = await requestToken(api, {
      grant_type: 'password',
      username: 'a@example.com',
      password: 'correct horse battery staple',
    });
    await requestToken(api, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    const stale = new TokenSession(api, tokens); // restored from old storage
    await assert.rejects(stale.refresh(), (e: unknown) => e instanceof ProblemError && e.code === 'invalid_grant');
  });

  it('an explicit Authorization header on a call wins; logout makes calls anonymous', async () => {
    const server = fakeServer();
    const api = client(server.fetch);
    const session = await login(api, 'a@example.com', 'correct horse battery staple');
    await api.GET('/api/v2/items/{item_id}', {
      params: { path: { item_id: ID } },
      headers: { Authorization: 'Bearer other' },
    });
    assert.equal(server.seen.at(-1)!.authorization, 'Bearer other');
    session.logout();
    await api.GET('/api/v2/items/{item_id}', { params: { path: { item_id: ID } } });
    assert.equal(server.seen.at(-1)!.authorization, null);
  });
});

describe('createMarketplaceClient({ auth })', () => {
  it('sends the token of a getter (external identity provider), async or not, and none when it returns nothing', async () => {
    const server = fakeServer();
    server.valid.add('idp-token');
    let token: string | undefined = 'idp-token';
    const api = createMarketplaceClient({ baseUrl: 'http://api.test', fetch: server.fetch, auth: async () => token });
    await api.POST('/api/v2/items', { body: { name: 'x', price: '1', currency: 'EUR' } });
    assert.equal(server.seen.at(-1)!.authorization, 'Bearer idp-token');
    token = undefined;
    const anon = await api.POST('/api/v2/items', { body: { name: 'x', price: '1', currency: 'EUR' } });
    assert.equal(server.seen.at(-1)!.authorization, null);
    assert.equal(anon.response.status, 401);
    const sync = createMarketplaceClient({ baseUrl: 'http://api.test', fetch: server.fetch, auth: () => 'idp-token' });
    await sync.GET('/api/v2/items/{item_id}', { params: { path: { item_id: ID } } });
    assert.equal(server.seen.at(-1)!.authorization, 'Bearer idp-token');
  });

  it('accepts a TokenSession, e.g. one shared by two clients', async () => {
    const server = fakeServer();
    const first = client(server.fetch);
    const session = await login(first, 'a@example.com', 'correct horse battery staple', { attach: false });
    const second = createMarketplaceClient({ baseUrl: 'http://api.test', fetch: server.fetch, auth: session });
    await second.POST('/api/v2/items', { body: { name: 'x', price: '1', currency: 'EUR' } });
    assert.equal(server.seen.at(-1)!.authorization, 'Bearer at-1');
  });
});

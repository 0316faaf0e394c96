// Offline tests of the browser helpers: cookieSession (CSRF token from the sign-in header, sent on unsafe calls only),
// connectLiveEvents (reconnects with a fresh ticket each time), imageUrl.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  connectLiveEvents,
  cookieSession,
  createMarketplaceClient,
  imageUrl,
  ProblemError,
  type LiveStatus,
  type TokenStore,
  type WebSocketLike,
} from '@marketplace/client';

function memoryStore(): TokenStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('cookieSession', () => {
  it('keeps the CSRF token of the sign-in answer and sends it on unsafe requests only', async () => {
    const seen: { method: string; path: string; csrf: string | null; credentials: RequestCredentials; body: string }[] = [];
    const client = createMarketplaceClient({
      baseUrl: 'https://api.example.com',
      credentials: 'include',
      fetch: async (request) => {
        const path = new URL(request.url).pathname;
        seen.push({ method: request.method, path, csrf: request.headers.get('X-CSRF-Token'), credentials: request.credentials,
          body: await request.text() });
        if (path === '/api/v2/auth/session') {
          return new Response(null, { status: 204, headers: request.method === 'POST' ? { 'X-CSRF-Token': 'c_from_header' } : {} });
        }
        return new Response('{"data":[],"has_more":false,"next_cursor":null}', { headers: { 'Content-Type': 'application/json' } });
      },
    });
    const storage = memoryStore();
    const session = cookieSession(client, { storage });
    await session.signIn('seller@example.com', 'secret password');
    assert.equal(session.csrfToken, 'c_from_header');
    assert.equal(storage.map.get('marketplace.csrf'), 'c_from_header', 'kept across reloads');
    await client.GET('/api/v2/items');
    await client.POST('/api/v2/users/me/email-verification');
    await session.signOut();
    assert.equal(session.csrfToken, undefined);
    assert.equal(storage.map.size, 0);

    assert.deepEqual(seen.map((s) => [s.method, s.path, s.csrf]), [
      ['POST', '/api/v2/auth/session', null],
      ['GET', '/api/v2/items', null],
      ['POST', '/api/v2/users/me/email-verification', 'c_from_header'],
      ['DELETE', '/api/v2/auth/session', 'c_from_header'],
    ]);
    assert.equal(seen[0]?.body, 'username=seller%40example.com&password=secret+password');
    assert.ok(seen.every((s) => s.credentials === 'include'), 'cookies go cross-origin');
    // A new session object on the same storage (a reload) finds a stored token.
    storage.setItem('marketplace.csrf', 'c_stored');
    assert.equal(cookieSession(createMarketplaceClient({ baseUrl: 'https://api.example.com' }), { storage }).csrfToken, 'c_stored');
  });

  it('throws the problem of a failed sign-in and keeps no token', async () => {
    const client = createMarketplaceClient({
      baseUrl: 'https://api.example.com',
      fetch: async () => new Response(JSON.stringify({ type: 'about:blank', title: 'Bad', status: 400, code: 'invalid_grant' }),
        { status: 400, headers: { 'Content-Type': 'application/problem+json' } }),
    });
    const session = cookieSession(client, { storage: null });
    await assert.rejects(session.signIn('a@example.com', 'wrong'), (e) => e instanceof ProblemError && e.code === 'invalid_grant');
    assert.equal(session.csrfToken, undefined);
  });
});

describe('connectLiveEvents', () => {
  it('reconnects after a drop, with a fresh ticket for every socket', async () => {
    const sockets: FakeSocket[] = [];
    class FakeSocket implements WebSocketLike {
      onopen: ((event: unknown) => void) | null = null;
      onmessage: ((event: { data: unknown }) => void) | null = null;
      onclose: ((event: { code: number; reason: string }) => void) | null = null;
      onerror: ((event: unknown) => void) | null = null;
      sent: string[] = [];
      constructor(readonly url: string) {
        sockets.push(this);
        setTimeout(() => this.onmessage?.({ data: '{"type":"welcome"}' }), 1);
      }
      send(data: string) {
        this.sent.push(data);
        setTimeout(() => this.onmessage?.({ data: '{"type":"subscribed","topics":["items"]}' }), 1);
      }
      close(code = 1000, reason = '') {
        setTimeout(() => this.onclose?.({ code, reason }), 1);
      }
    }
    let tickets = 0;
    const statuses: LiveStatus[] = [];
    const live = connectLiveEvents({
      baseUrl: 'https://api.example.com',
      topics: ['items'],
      onEvent: () => {},
      ticket: async () => `wst_${++tickets}`,
      onStatus: (s) => statuses.push(s),
      WebSocket: FakeSocket,
      initialDelayMs: 10,
    });
    await live.ready;
    assert.equal(sockets[0]?.url, 'wss://api.example.com/ws/events?ticket=wst_1');
    sockets[0]?.onclose?.({ code: 1006, reason: 'network' }); // dropped by the network, not by us
    for (let i = 0; i < 100 && !(sockets.length === 2 && statuses.at(-1) === 'open'); i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(sockets[1]?.url, 'wss://api.example.com/ws/events?ticket=wst_2', 'a fresh ticket');
    assert.equal(live.reconnects, 1);
    live.close();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(sockets.length, 2, 'no reconnection after close()');
    assert.deepEqual(statuses, ['connecting', 'open', 'reconnecting', 'connecting', 'open', 'closed']);
  });
});

describe('imageUrl', () => {
  it('makes the image path absolute against the API', () => {
    const url = '/api/v2/items/0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11/images/4f1d8c2e-7a3b-4e5f-9c1d-2b3a4c5d6e7f';
    assert.equal(imageUrl('https://api.example.com', { url }), `https://api.example.com${url}`);
    assert.equal(imageUrl('http://localhost:5173/', { url }), `http://localhost:5173${url}`);
  });
});

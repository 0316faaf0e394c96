import {
  createMarketplaceClient,
  login,
  ProblemError,
  toProblemError,
  unwrap,
  type Item,
  type ItemPatch,
} from '@marketplace/client';

const client = createMarketplaceClient({
  baseUrl: process.env.MARKETPLACE_URL ?? 'http://localhost:8080',
  headers: { 'X-Request-Id': 'usage-example' },
});

// Sign up as a seller (once; an existing email is a 409 email_taken problem).
const email = process.env.MARKETPLACE_EMAIL ?? `seller-${Date.now()}@example.com`;
const password = process.env.MARKETPLACE_PASSWORD ?? 'correct horse battery staple';
const signUp = await client.POST('/api/v2/users', {
  body: { email, password, display_name: 'Ada Lovelace', role: 'seller' },
});
if (signUp.error && toProblemError(signUp.error, signUp.response).code !== 'email_taken') {
  throw toProblemError(signUp.error, signUp.response);
}

// Log in: from now on every call sends `Authorization: Bearer <access token>`, refreshed
// shortly before it expires (a wrong password throws a ProblemError with code invalid_grant).
const session = await login(client, email, password);
const me = await unwrap(client.GET('/api/v2/users/me'));
console.log('logged in as', me.email, me.role, 'scope', session.scope);

// Create: the body is checked against ItemCreate at compile time.
const created = await client.POST('/api/v2/items', {
  body: {
    name: 'Brass desk lamp',
    description: 'A 1950s brass desk lamp, rewired, with a linen shade.',
    price: '49.90',
    currency: 'EUR',
    status: 'active',
  },
});
if (created.error) throw toProblemError(created.error, created.response);
const lamp: Item = created.data;
console.log('created', lamp.id, 'at', created.response.headers.get('Location'), 'owner', lamp.owner_id === me.id);

// List with cursor pagination: pass next_cursor back as cursor while has_more is true.
let cursor: string | undefined;
do {
  const page = await unwrap(
    client.GET('/api/v2/items', {
      params: { query: { limit: 20, status: 'active', ...(cursor ? { cursor } : {}) } },
    }),
  );
  for (const item of page.data) console.log(item.name, item.price, item.currency);
  cursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
} while (cursor);

// Merge patch (sent as application/merge-patch+json): omitted keys stay as they are,
// a value replaces, null clears the description.
const patch: ItemPatch = { price: '39.50', description: null };
const updated = await unwrap(
  client.PATCH('/api/v2/items/{item_id}', {
    params: { path: { item_id: lamp.id } },
    body: patch,
  }),
);
console.log('updated to version', updated.version, 'description', updated.description);

// Delete, then read it again: the 404 is an RFC 9457 problem, typed as ProblemError.
await unwrap(client.DELETE('/api/v2/items/{item_id}', { params: { path: { item_id: lamp.id } } }));
try {
  await unwrap(client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: lamp.id } } }));
} catch (e) {
  if (e instanceof ProblemError && e.code === 'item_not_found') {
    console.log('gone:', e.status, e.detail, 'request', e.requestId);
  } else {
    throw e;
  }
}

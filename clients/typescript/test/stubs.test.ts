// Consumer side of the contracts: every WireMock mapping in the contracts stubs jar is
// replayed through the typed client, and the typed result is checked against the stub.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createMarketplaceClient,
  isProblem,
  login,
  toProblemError,
  TokenSession,
  type ContactReceipt,
  type Image,
  type ImageList,
  type ApiKeyCreated,
  type Item,
  type ItemPage,
  type Order,
  type OrderPage,
  type TokenResponse,
  type User,
} from '@marketplace/client';
import {
  stubsRoot,
  wiremockJar,
  mappingsDir,
  missing,
  skip,
  type Mapping,
  sampleFor,
  requestPath,
  requestQuery,
  requestBody,
  expectedBody,
  PARTNER_FIXTURE_API_KEY,
  operationOf,
  authorizationMatcher,
  stubs,
} from './support/stubs.js';
import { call } from './support/stub-calls.js';
import { UUID, assertItem, assertImage, assertOrder, assertUser } from './support/shapes.js';
import { freePort, SHORT_LIVED_JVM, startJava, waitForHttp, type JavaProcess } from './support/java.js';

describe('contract stubs (WireMock)', { skip, timeout: 180_000 }, () => {
  let wiremock: JavaProcess | undefined;
  let baseUrl = '';

  before(async () => {
    if (missing.length > 0) throw new Error(`not found: ${missing.join(', ')}`);
    const port = await freePort();
    wiremock = startJava([
      ...SHORT_LIVED_JVM,
      '-jar',
      wiremockJar,
      '--port',
      String(port),
      '--bind-address',
      '127.0.0.1',
      '--root-dir',
      stubsRoot,
      '--disable-banner',
      '--no-request-journal',
    ]);
    baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/__admin/mappings`, wiremock);
  });

  after(async () => {
    await wiremock?.stop(10_000);
  });

  it('the stubs jar has mappings, and WireMock loaded all of them', async () => {
    assert.ok(stubs.length > 0, `no mappings under ${mappingsDir}`);
    const res = await fetch(`${baseUrl}/__admin/mappings`);
    const loaded = (await res.json()) as { mappings: Mapping[] };
    assert.equal(loaded.mappings.length, stubs.length);
  });

  it('login() through the password-grant stub, then a write the stubs accept with the session token', async () => {
    const tokenStub = (grant: string) =>
      stubs.find(
        (s) =>
          requestPath(s.mapping.request) === '/api/v2/auth/token' &&
          s.mapping.response.status === 200 &&
          requestBody(s.mapping.request)?.grant_type === grant,
      );
    const passwordStub = tokenStub('password');
    assert.ok(passwordStub, 'a password grant stub');
    const form = requestBody(passwordStub.mapping.request) as Record<string, string>;
    // Client-wide X-Request-Id: some consumers' stubs require one on every request.
    const client = createMarketplaceClient({ baseUrl, headers: { 'X-Request-Id': 'stub-login-flow' } });
    const session = await login(client, form.username!, form.password!);
    assert.deepEqual(session.tokens, expectedBody(passwordStub.mapping.response));

    const write = stubs.find(
      (s) =>
        requestPath(s.mapping.request) === '/api/v2/items' &&
        s.mapping.request.method === 'POST' &&
        s.mapping.response.status === 201 &&
        authorizationMatcher(s.mapping)?.matches !== undefined,
    );
    assert.ok(write, 'a create stub that accepts any bearer token');
    const created = await call(client, write.mapping, {});
    assert.equal(created.response.status, 201, JSON.stringify(created.error));
    assert.equal(created.response.headers.get('Matched-Stub-Id'), write.mapping.id ?? write.mapping.uuid);

    const refreshStub = tokenStub('refresh_token');
    if (refreshStub) {
      // The refresh contract uses its own fixture refresh token: resume a session holding it.
      const fixture = requestBody(refreshStub.mapping.request) as Record<string, string>;
      const resumed = new TokenSession(client, { ...session.tokens!, refresh_token: fixture.refresh_token! });
      const expected = expectedBody(refreshStub.mapping.response) as TokenResponse;
      assert.equal(await resumed.refresh(), expected.access_token);
      assert.equal(resumed.refreshToken, expected.refresh_token);
    }
  });

  for (const { file, consumer, mapping } of stubs) {
    let target: string;
    try {
      target = requestPath(mapping.request);
    } catch {
      target = mapping.request.urlPathPattern ?? mapping.request.urlPattern ?? '?';
    }
    const label = `${consumer}: ${mapping.name ?? file} (${mapping.request.method} ${target} -> ${mapping.response.status})`;
    it(label, async () => {
      // Headers the stub requires that the client does not send by itself.
      const headers: Record<string, string> = {};
      for (const [name, matcher] of Object.entries(mapping.request.headers ?? {})) {
        const lower = name.toLowerCase();
        if (lower === 'content-type' || lower === 'accept' || lower === 'authorization' || matcher.absent) continue;
        // The partner fixture key (contracts/README.md); the stub only keeps its pattern.
        headers[name] = lower === 'x-api-key' ? PARTNER_FIXTURE_API_KEY : sampleFor(matcher, `header ${name}`);
      }
      // A stub that requires a bearer token gets one from the client's auth option, as an app would.
      const auth = authorizationMatcher(mapping);
      const token = auth ? sampleFor(auth, 'header Authorization').replace(/^Bearer /, '') : undefined;
      const client = createMarketplaceClient({
        baseUrl,
        ...(token ? { auth: () => token } : {}),
        fetch: async (request) => {
          // The client itself must satisfy the stub's Content-Type, Accept and Authorization matchers.
          for (const [name, matcher] of Object.entries(mapping.request.headers ?? {})) {
            const actual = request.headers.get(name);
            if (matcher.absent) assert.equal(actual, null, `request header ${name} must be absent`);
            if (matcher.equalTo !== undefined) assert.equal(actual, matcher.equalTo, `request header ${name}`);
            if (matcher.matches !== undefined) assert.match(actual ?? '', new RegExp(`^(?:${matcher.matches})$`), name);
            if (matcher.contains !== undefined) assert.ok(actual?.includes(matcher.contains), name);
          }
          return fetch(request);
        },
      });

      const result = await call(client, mapping, headers);
      const { response } = result;
      assert.equal(response.status, mapping.response.status, `status (body: ${JSON.stringify(result.error)})`);
      const stubId = mapping.id ?? mapping.uuid;
      if (stubId) assert.equal(response.headers.get('Matched-Stub-Id'), stubId, 'answered by this mapping');

      const expected = expectedBody(mapping.response);
      if (response.ok) {
        assert.equal(result.error, undefined);
        if (expected !== undefined) assert.deepEqual(result.data, expected);
        switch (operationOf(mapping)) {
          case 'listItems': {
            const page = result.data as ItemPage;
            assert.ok(Array.isArray(page.data));
            assert.equal(typeof page.has_more, 'boolean');
            assert.ok(page.next_cursor === null || typeof page.next_cursor === 'string');
            assert.equal(page.has_more, page.next_cursor !== null, 'has_more iff next_cursor');
            page.data.forEach(assertItem);
            break;
          }
          case 'deleteItem':
          case 'deleteItemImage':
          case 'deleteMe':
          case 'revokeApiKey':
          case 'deleteWebhookEndpoint':
          case 'createSession':
          case 'deleteSession':
          case 'confirmEmailVerification':
          case 'confirmPasswordReset':
            assert.equal(response.status, 204);
            assert.equal(result.data, undefined);
            break;
          case 'requestEmailVerification':
          case 'requestPasswordReset':
            assert.equal(response.status, 202);
            assert.equal(result.data, undefined);
            break;
          case 'issueToken': {
            const tokens = result.data as TokenResponse;
            assert.equal(tokens.token_type, 'Bearer');
            assert.ok(tokens.access_token.length > 0);
            assert.ok(tokens.refresh_token.length > 0);
            assert.ok(Number.isInteger(tokens.expires_in) && tokens.expires_in > 0);
            assert.equal(typeof tokens.scope, 'string');
            break;
          }
          case 'createUser':
          case 'getMe':
          case 'updateMe':
          case 'getUser':
          case 'changeUserRole': {
            const user = result.data as User;
            assertUser(user);
            if (operationOf(mapping) === 'createUser') {
              assert.ok(response.headers.get('Location')?.endsWith(`/api/v2/users/${user.id}`), 'Location');
              const sent = requestBody(mapping.request);
              if (typeof sent?.email === 'string') assert.equal(user.email, sent.email);
            }
            break;
          }
          case 'listApiVersions': {
            const versions = (result.data as { data: Array<{ version: string; status: string }> }).data;
            assert.ok(versions.some((v) => v.status === 'current'), 'a current version');
            break;
          }
          case 'listItemsV1':
          case 'getItemV1':
          case 'listUsersV1':
            // Deprecated v1: the stub says so in the headers a client can watch for.
            assert.match(response.headers.get('Deprecation') ?? '', /^@\d+$/);
            assert.ok(response.headers.get('Sunset'), 'Sunset');
            assert.match(response.headers.get('Link') ?? '', /^<\/api\/v2\/[^>]+>; rel="successor-version"$/);
            assert.ok(result.data !== undefined);
            break;
          case 'listUsers':
          case 'getJwks':
          case 'getAuthorizationServerMetadata':
          case 'getProtectedResourceMetadata':
          case 'listApiKeys':
          case 'listWebhookEndpoints':
          case 'getWebhookEndpoint':
          case 'updateWebhookEndpoint':
          case 'listWebhookDeliveries':
          case 'redeliverWebhook':
            assert.ok(result.data !== undefined);
            break;
          case 'exportItems': {
            const csv = result.data as string;
            assert.equal(typeof csv, 'string');
            assert.ok(csv.startsWith('id,owner_id,name,description,price,currency,status,created_at,updated_at\r\n'), csv);
            assert.ok(csv.endsWith('\r\n'), 'the last record ends with CRLF');
            assert.match(response.headers.get('Content-Disposition') ?? '', /^attachment; filename="items-[0-9-]+\.csv"$/);
            break;
          }
          case 'listItemImages':
            (result.data as ImageList).data.forEach(assertImage);
            break;
          case 'uploadItemImage': {
            const image = result.data as Image;
            assertImage(image);
            assert.equal(response.headers.get('Location'), image.url, 'Location');
            break;
          }
          case 'getItemImage': {
            const bytes = Buffer.from(await (result.data as Blob).arrayBuffer());
            assert.deepEqual(bytes, Buffer.from(mapping.response.base64Body ?? '', 'base64'));
            assert.match(response.headers.get('ETag') ?? '', /^"[0-9a-f]{64}"$/);
            assert.match(response.headers.get('Cache-Control') ?? '', /immutable/);
            break;
          }
          case 'submitContactMessage': {
            const receipt = result.data as ContactReceipt;
            assert.equal(response.status, 202);
            assert.match(receipt.id, UUID);
            assert.equal(receipt.status, 'received');
            break;
          }
          case 'createOrder':
          case 'getOrder':
          case 'transitionOrder': {
            const order = result.data as Order;
            assertOrder(order);
            if (operationOf(mapping) === 'createOrder') {
              assert.ok(response.headers.get('Location')?.endsWith(`/api/v2/orders/${order.id}`), 'Location');
            }
            const sent = requestBody(mapping.request);
            if (typeof sent?.status === 'string') assert.equal(order.status, sent.status, 'status applied');
            break;
          }
          case 'listOrders': {
            const page = result.data as OrderPage;
            assert.equal(page.has_more, page.next_cursor !== null, 'has_more iff next_cursor');
            page.data.forEach(assertOrder);
            const role = requestQuery(mapping.request).role;
            if (role !== undefined) assert.equal(role, 'seller');
            break;
          }
          case 'receivePaymentEvent':
            assert.ok(['processed', 'duplicate', 'ignored'].includes((result.data as { status: string }).status));
            break;
          case 'createWebhookEndpoint':
          case 'rotateWebhookSecret': {
            const secret = (result.data as { secret: string }).secret;
            assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
            break;
          }
          case 'createEventTicket':
            assert.match((result.data as { ticket: string }).ticket, /^wst_/);
            break;
          case 'createApiKey': {
            const created = result.data as ApiKeyCreated;
            assert.match(created.key, /^mk_live_/);
            assert.equal(created.api_key.prefix, created.key.slice(0, 12));
            break;
          }
          default: {
            const item = result.data as Item;
            assertItem(item);
            if (operationOf(mapping) === 'createItem') {
              assert.ok(response.headers.get('Location')?.endsWith(`/api/v2/items/${item.id}`), 'Location');
            }
            const sent = requestBody(mapping.request);
            if (sent && 'description' in sent) assert.equal(item.description, sent.description, 'description applied');
          }
        }
      } else if (response.status === 304) {
        // Not modified: no body, the same ETag again; the cached copy stays valid.
        assert.equal(result.data, undefined);
        assert.equal(expected, undefined);
        assert.equal(response.headers.get('ETag'), mapping.response.headers?.ETag);
        const ifNoneMatch = Object.entries(mapping.request.headers ?? {}).find(([n]) => n.toLowerCase() === 'if-none-match');
        assert.equal(ifNoneMatch?.[1].equalTo, response.headers.get('ETag'), 'revalidated with the current ETag');
      } else {
        assert.equal(result.data, undefined);
        if (expected !== undefined) assert.deepEqual(result.error, expected);
        const problem = toProblemError(result.error, response);
        assert.equal(problem.status, response.status);
        const body = expected as Record<string, unknown> | undefined;
        if (typeof body?.code === 'string') assert.equal(problem.code, body.code);
        if (typeof body?.request_id === 'string') assert.equal(problem.requestId, body.request_id);
        if (isProblem(expected)) assert.deepEqual(problem.problem, expected);
        assert.match(response.headers.get('Content-Type') ?? '', /^application\/problem\+json/);
        const language = mapping.response.headers?.['Content-Language'];
        if (language !== undefined) assert.equal(response.headers.get('Content-Language'), language);
      }
    });
  }
});

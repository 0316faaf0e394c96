// Consumer side of the contracts: every WireMock mapping in the contracts stubs jar is
// replayed through the typed client, and the typed result is checked against the stub.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createMarketplaceClient,
  downloadItemImage,
  exportItemsCsv,
  FORM_CONTENT_TYPE,
  formBody,
  isProblem,
  login,
  toProblemError,
  TokenSession,
  uploadItemImage,
  type ApiKeyCreate,
  type ContactMessageCreate,
  type ContactReceipt,
  type ExportItemsQuery,
  type Image,
  type ImageList,
  type ApiKeyCreated,
  type WebhookEndpointCreate,
  type WebhookEndpointPatch,
  type Item,
  type ItemCreate,
  type ItemPage,
  type ItemPatch,
  type ListItemsQuery,
  type MarketplaceClient,
  type Order,
  type OrderCreate,
  type OrderPage,
  type OrderTransition,
  type PaymentEvent,
  type ListOrdersQuery,
  type TokenRequest,
  type TokenResponse,
  type User,
  type UserCreate,
  type UserPatch,
  type UserRole,
} from '@marketplace/client';
import { freePort, packageRoot, requireArtifacts, startJava, waitForHttp, type JavaProcess } from './support/java.js';

const stubsRoot = resolve(
  packageRoot,
  process.env.MARKETPLACE_STUBS_DIR ?? join('target', 'stubs', 'META-INF', 'dev.marketplace', 'contracts', '2.0.0-SNAPSHOT'),
);
const wiremockJar = resolve(packageRoot, process.env.WIREMOCK_JAR ?? join('target', 'wiremock-standalone.jar'));
const mappingsDir = join(stubsRoot, 'mappings');
const missing = [mappingsDir, wiremockJar].filter((p) => !existsSync(p));
const skip =
  missing.length > 0 && !requireArtifacts ? `not found: ${missing.join(', ')} (run the Maven build first)` : false;

interface StringMatcher {
  equalTo?: string;
  matches?: string;
  contains?: string;
  absent?: boolean;
}
interface Mapping {
  id?: string;
  uuid?: string;
  name?: string;
  request: {
    method: string;
    url?: string;
    urlPath?: string;
    urlPattern?: string;
    urlPathPattern?: string;
    queryParameters?: Record<string, StringMatcher>;
    headers?: Record<string, StringMatcher>;
    bodyPatterns?: Array<{
      equalToJson?: string | object;
      /** Multipart contracts: a regex over the whole body (part name, file name); the harness sends a file. */
      matchesJsonPath?: string | { expression: string };
      equalTo?: string;
      contains?: string;
      matches?: string;
    }>;
  };
  response: {
    status: number;
    body?: string;
    /** Binary bodies (image downloads). */
    base64Body?: string;
    jsonBody?: unknown;
    headers?: Record<string, string>;
  };
}
interface Stub {
  file: string;
  consumer: string;
  mapping: Mapping;
}

function listJson(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return listJson(p);
    return name.endsWith('.json') ? [p] : [];
  });
}

function loadStubs(): Stub[] {
  return listJson(mappingsDir)
    .sort()
    .flatMap((file) => {
      const json = JSON.parse(readFileSync(file, 'utf8')) as Mapping | { mappings: Mapping[] };
      const mappings = 'mappings' in json ? json.mappings : [json];
      const rel = relative(mappingsDir, file);
      const consumer = rel.includes('/') ? rel.split('/')[0]! : '(none)';
      return mappings.map((mapping) => ({ file: rel, consumer, mapping }));
    });
}

const SAMPLE_UUID = '11111111-1111-4111-8111-111111111111';
/** A JWT-shaped access token for stubs that require `Authorization: Bearer …`. */
const SAMPLE_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb250cmFjdCJ9.c2lnbmF0dXJl';

/** A concrete value matching a WireMock string matcher (equalTo, or a regex we can satisfy). */
function sampleFor(m: StringMatcher, what: string): string {
  if (m.equalTo !== undefined) return m.equalTo;
  if (m.matches !== undefined) {
    const re = new RegExp(`^(?:${m.matches})$`);
    const candidates = [
      SAMPLE_UUID,
      '2',
      '20',
      '1',
      'active',
      'lamp',
      '49.90',
      'EUR',
      'abc',
      'eyJrIjoiMSJ9',
      `Bearer ${SAMPLE_TOKEN}`,
      'seller@example.com',
      'correct horse battery staple',
    ];
    const hit = candidates.find((c) => re.test(c));
    if (hit) return hit;
  }
  if (m.contains !== undefined) return m.contains;
  throw new Error(`cannot build a value for ${what} from ${JSON.stringify(m)}`);
}

function requestPath(req: Mapping['request']): string {
  const literal = req.urlPath ?? req.url?.split('?')[0];
  if (literal) return literal;
  const pattern = req.urlPathPattern ?? req.urlPattern;
  if (!pattern) return '/';
  const re = new RegExp(`^${pattern}$`);
  for (const candidate of [
    '/api/v2/items',
    `/api/v2/items/${SAMPLE_UUID}`,
    '/api/v2/users',
    '/api/v2/users/me',
    `/api/v2/users/${SAMPLE_UUID}`,
    `/api/v2/users/${SAMPLE_UUID}/role`,
    '/api',
    '/api/v1/items',
    `/api/v1/items/${SAMPLE_UUID}`,
    '/api/v1/users',
    '/api/v2/auth/token',
    '/.well-known/jwks.json',
    '/.well-known/oauth-authorization-server',
  ]) {
    if (re.test(candidate)) return candidate;
  }
  throw new Error(`cannot build a path for pattern ${pattern}`);
}

function requestQuery(req: Mapping['request']): Record<string, string> {
  const query: Record<string, string> = {};
  if (req.url?.includes('?')) {
    for (const [k, v] of new URLSearchParams(req.url.split('?')[1])) query[k] = v;
  }
  for (const [k, m] of Object.entries(req.queryParameters ?? {})) {
    if (m.absent) continue;
    query[k] = sampleFor(m, `query parameter ${k}`);
  }
  return query;
}

/** Parses one Spring Cloud Contract JSON path body matcher: $[?(@.['a'] == v)] or $.['a'][?(@.['b'] == v)]. */
function applyJsonPath(body: Record<string, unknown>, expression: string): void {
  // An element of an array property: $.['scopes'][?(@ == 'items:read')]
  const element = /^\$((?:\.\['[^']+'\])+)\[\?\(@ == '(.*)'\)\]$/.exec(expression.trim());
  if (element) {
    const keys = [...element[1]!.matchAll(/\['([^']+)'\]/g)].map((x) => x[1]!);
    let parent = body;
    for (const key of keys.slice(0, -1)) {
      parent = (parent[key] ??= {}) as Record<string, unknown>;
    }
    const list = (parent[keys.at(-1)!] ??= []) as unknown[];
    list.push(element[2]!.replace(/\\'/g, "'"));
    return;
  }
  // A property of an object, possibly inside an array of one object: $.['lines'][*][?(@.['item_id'] == '…')]
  const m = /^\$((?:\.\['[^']+'\]|\[\*\])*)\[\?\(@\.\['([^']+)'\] (==|=~) (.+)\)\]$/.exec(expression.trim());
  if (!m) throw new Error(`unsupported matchesJsonPath ${expression}`);
  const parents = [...(m[1] ?? '').matchAll(/\['([^']+)'\]|\[\*\]/g)].map((x) => x[1] ?? '*');
  let target = body;
  parents.forEach((key, i) => {
    if (key === '*') return;
    if (parents[i + 1] === '*') {
      const list = (target[key] ??= [{}]) as Record<string, unknown>[];
      target = list[0]!;
    } else {
      target = (target[key] ??= {}) as Record<string, unknown>;
    }
  });
  const key = m[2]!;
  const raw = m[4]!.trim();
  if (m[3] === '=~') {
    const re = /^\/(.*)\/[a-z]*$/.exec(raw);
    target[key] = sampleFor({ matches: re ? re[1]! : raw }, `body ${key}`);
  } else if (raw === 'null' || raw === 'true' || raw === 'false' || /^-?\d+(\.\d+)?$/.test(raw)) {
    target[key] = JSON.parse(raw);
  } else if (/^'.*'$/.test(raw)) {
    target[key] = raw.slice(1, -1).replace(/\\'/g, "'");
  } else {
    throw new Error(`unsupported value in ${expression}`);
  }
}

/** key=value pairs of a form-encoded body pattern (equalTo, or contains of complete pairs). */
function formFields(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text.replace(/^&|&$/g, '')));
}

function requestBody(req: Mapping['request']): Record<string, unknown> | undefined {
  if (!req.bodyPatterns?.length) return undefined;
  let body: Record<string, unknown> = {};
  for (const p of req.bodyPatterns) {
    if (p.equalTo !== undefined) {
      body = { ...body, ...formFields(p.equalTo) };
    } else if (p.contains !== undefined && p.contains.includes('=')) {
      body = { ...body, ...formFields(p.contains) };
    } else if (p.equalToJson !== undefined) {
      body = { ...body, ...(typeof p.equalToJson === 'string' ? JSON.parse(p.equalToJson) : p.equalToJson) };
    } else if (p.matchesJsonPath !== undefined) {
      applyJsonPath(body, typeof p.matchesJsonPath === 'string' ? p.matchesJsonPath : p.matchesJsonPath.expression);
    } else if (p.matches !== undefined && /Content-Disposition: form-data/.test(p.matches)) {
      continue; // a multipart body: see uploadFile()
    } else {
      throw new Error(`unsupported body pattern ${JSON.stringify(p)}`);
    }
  }
  return body;
}

function expectedBody(res: Mapping['response']): unknown {
  if (res.jsonBody !== undefined) return res.jsonBody;
  if (res.body === undefined || res.body === '') return undefined;
  if (res.body.includes('{{')) return undefined; // templated from the request: not a literal
  const type = Object.entries(res.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (type.startsWith('text/')) return res.body; // the CSV export: compared as text
  return JSON.parse(res.body);
}

/** The file a multipart stub expects: a GIF when only a *.gif file name matches (the 415 contract), else a PNG. */
function uploadFile(m: Mapping): { blob: Blob; name: string } {
  const pattern = m.request.bodyPatterns?.find((p) => p.matches !== undefined)?.matches ?? '';
  if (pattern.includes('\\.gif')) {
    return { blob: new Blob([Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')], { type: 'image/gif' }), name: 'not-an-image.gif' };
  }
  return { blob: new Blob([Buffer.from(LAMP_PNG, 'base64')], { type: 'image/png' }), name: 'lamp.png' };
}

/** The 70-byte PNG of the contracts (lamp.png). */
const LAMP_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertItem(item: Item): void {
  assert.match(item.id, UUID);
  assert.ok(item.owner_id === null || typeof item.owner_id === 'string', `owner_id ${String(item.owner_id)}`);
  assert.equal(typeof item.name, 'string');
  assert.ok(item.description === null || typeof item.description === 'string');
  assert.match(item.price, /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,4})?$/);
  assert.match(item.currency, /^[A-Z]{3}$/);
  assert.equal(typeof item.status, 'string');
  assert.ok(!Number.isNaN(Date.parse(item.created_at)), 'created_at');
  assert.ok(!Number.isNaN(Date.parse(item.updated_at)), 'updated_at');
  assert.ok(Number.isInteger(item.version));
}

function assertImage(image: Image): void {
  assert.match(image.id, UUID);
  assert.match(image.item_id, UUID);
  assert.ok(['image/png', 'image/jpeg', 'image/webp'].includes(image.content_type), image.content_type);
  assert.ok(Number.isInteger(image.size) && image.size > 0);
  assert.match(image.sha256, /^[0-9a-f]{64}$/);
  assert.equal(image.url, `/api/v2/items/${image.item_id}/images/${image.id}`);
  assert.ok(!Number.isNaN(Date.parse(image.created_at)), 'created_at');
}

function assertOrder(order: Order): void {
  assert.match(order.id, UUID);
  assert.equal(typeof order.buyer_id, 'string');
  assert.equal(typeof order.status, 'string');
  assert.ok(order.lines.length >= 1 && order.lines.length <= 20, '1-20 lines');
  for (const line of order.lines) {
    assert.match(line.item_id, UUID);
    assert.ok(Number.isInteger(line.quantity) && line.quantity >= 1);
    // Amounts are decimal strings: line total = unit price × quantity, in minor units.
    assert.equal(Number(line.line_total).toFixed(4), (Number(line.unit_price) * line.quantity).toFixed(4));
  }
  const sum = order.lines.reduce((total, line) => total + Number(line.line_total), 0);
  assert.equal(Number(order.total).toFixed(4), sum.toFixed(4), 'total = sum of the lines');
  assert.match(order.currency, /^[A-Z]{3}$/);
  assert.ok(Number.isInteger(order.version));
}

const PARTNER_FIXTURE_API_KEY = 'mk_live_contract-fixture-partner-key-0000000001';

/** Every operation of the spec, by method and path (the typed client picks the same). */
const OPERATIONS = [
  ['listItems', 'GET', /^\/api\/v2\/items$/],
  ['createItem', 'POST', /^\/api\/v2\/items$/],
  // Before getItem: /items/export would also fit /items/{item_id}.
  ['exportItems', 'GET', /^\/api\/v2\/items\/export$/],
  ['listItemImages', 'GET', /^\/api\/v2\/items\/[^/]+\/images$/],
  ['uploadItemImage', 'POST', /^\/api\/v2\/items\/[^/]+\/images$/],
  ['getItemImage', 'GET', /^\/api\/v2\/items\/[^/]+\/images\/[^/]+$/],
  ['deleteItemImage', 'DELETE', /^\/api\/v2\/items\/[^/]+\/images\/[^/]+$/],
  ['submitContactMessage', 'POST', /^\/api\/v2\/contact$/],
  ['getItem', 'GET', /^\/api\/v2\/items\/[^/]+$/],
  ['updateItem', 'PATCH', /^\/api\/v2\/items\/[^/]+$/],
  ['deleteItem', 'DELETE', /^\/api\/v2\/items\/[^/]+$/],
  ['createUser', 'POST', /^\/api\/v2\/users$/],
  ['listUsers', 'GET', /^\/api\/v2\/users$/],
  ['getMe', 'GET', /^\/api\/v2\/users\/me$/],
  ['updateMe', 'PATCH', /^\/api\/v2\/users\/me$/],
  ['deleteMe', 'DELETE', /^\/api\/v2\/users\/me$/],
  ['getUser', 'GET', /^\/api\/v2\/users\/[^/]+$/],
  ['changeUserRole', 'PUT', /^\/api\/v2\/users\/[^/]+\/role$/],
  ['issueToken', 'POST', /^\/api\/v2\/auth\/token$/],
  ['getJwks', 'GET', /^\/\.well-known\/jwks\.json$/],
  ['getAuthorizationServerMetadata', 'GET', /^\/\.well-known\/oauth-authorization-server$/],
  ['getProtectedResourceMetadata', 'GET', /^\/\.well-known\/oauth-protected-resource$/],
  ['requestEmailVerification', 'POST', /^\/api\/v2\/users\/me\/email-verification$/],
  ['confirmEmailVerification', 'POST', /^\/api\/v2\/auth\/email-verification$/],
  ['requestPasswordReset', 'POST', /^\/api\/v2\/auth\/password-reset$/],
  ['confirmPasswordReset', 'POST', /^\/api\/v2\/auth\/password-reset\/confirm$/],
  ['createSession', 'POST', /^\/api\/v2\/auth\/session$/],
  ['deleteSession', 'DELETE', /^\/api\/v2\/auth\/session$/],
  ['createApiKey', 'POST', /^\/api\/v2\/api-keys$/],
  ['listApiKeys', 'GET', /^\/api\/v2\/api-keys$/],
  ['revokeApiKey', 'DELETE', /^\/api\/v2\/api-keys\/[^/]+$/],
  ['listApiVersions', 'GET', /^\/api$/],
  ['listItemsV1', 'GET', /^\/api\/v1\/items$/],
  ['getItemV1', 'GET', /^\/api\/v1\/items\/[^/]+$/],
  ['listUsersV1', 'GET', /^\/api\/v1\/users$/],
  ['createOrder', 'POST', /^\/api\/v2\/orders$/],
  ['listOrders', 'GET', /^\/api\/v2\/orders$/],
  ['getOrder', 'GET', /^\/api\/v2\/orders\/[^/]+$/],
  ['transitionOrder', 'POST', /^\/api\/v2\/orders\/[^/]+\/transitions$/],
  ['receivePaymentEvent', 'POST', /^\/api\/v2\/payments\/webhook$/],
  ['createWebhookEndpoint', 'POST', /^\/api\/v2\/webhook-endpoints$/],
  ['listWebhookEndpoints', 'GET', /^\/api\/v2\/webhook-endpoints$/],
  ['getWebhookEndpoint', 'GET', /^\/api\/v2\/webhook-endpoints\/[^/]+$/],
  ['updateWebhookEndpoint', 'PATCH', /^\/api\/v2\/webhook-endpoints\/[^/]+$/],
  ['deleteWebhookEndpoint', 'DELETE', /^\/api\/v2\/webhook-endpoints\/[^/]+$/],
  ['rotateWebhookSecret', 'POST', /^\/api\/v2\/webhook-endpoints\/[^/]+\/secret\/rotate$/],
  ['listWebhookDeliveries', 'GET', /^\/api\/v2\/webhook-endpoints\/[^/]+\/deliveries$/],
  ['redeliverWebhook', 'POST', /^\/api\/v2\/webhook-endpoints\/[^/]+\/deliveries\/[^/]+\/redeliver$/],
  ['createEventTicket', 'POST', /^\/api\/v2\/events\/tickets$/],
] as const;
type Operation = (typeof OPERATIONS)[number][0];
const ITEM_OPERATIONS: Operation[] = ['createItem', 'deleteItem', 'getItem', 'listItems', 'updateItem'];

function operationOf(m: Mapping): Operation {
  const path = requestPath(m.request);
  const method = m.request.method.toUpperCase();
  const hit = OPERATIONS.find(([, meth, re]) => meth === method && re.test(path));
  if (!hit) throw new Error(`${method} ${path} is not an operation of the spec`);
  return hit[0];
}

/** The Authorization matcher of a mapping, if it requires one. */
function authorizationMatcher(m: Mapping): StringMatcher | undefined {
  const entry = Object.entries(m.request.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization');
  return entry && !entry[1].absent ? entry[1] : undefined;
}

/** Sends the mapping's request through the typed client (the operation picked by method and path). */
async function call(client: MarketplaceClient, m: Mapping, headers: Record<string, string>) {
  const path = requestPath(m.request);
  const id = path.split('/')[4] ?? '';
  const subId = path.split('/')[6] ?? '';
  const body = requestBody(m.request);
  const query = requestQuery(m.request);
  switch (operationOf(m)) {
    case 'listItems':
      return client.GET('/api/v2/items', { params: { query: query as ListItemsQuery }, headers });
    case 'createItem':
      return client.POST('/api/v2/items', { body: (body ?? {}) as ItemCreate, headers });
    case 'getItem':
      return client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: id } }, headers });
    case 'updateItem':
      return client.PATCH('/api/v2/items/{item_id}', {
        params: { path: { item_id: id } },
        body: (body ?? {}) as ItemPatch,
        headers,
      });
    case 'deleteItem':
      return client.DELETE('/api/v2/items/{item_id}', { params: { path: { item_id: id } }, headers });
    case 'createUser':
      return client.POST('/api/v2/users', { body: (body ?? {}) as UserCreate, headers });
    case 'listUsers':
      return client.GET('/api/v2/users', { params: { query: query as { limit?: number; cursor?: string } }, headers });
    case 'getMe':
      return client.GET('/api/v2/users/me', { headers });
    case 'updateMe':
      return client.PATCH('/api/v2/users/me', { body: (body ?? {}) as UserPatch, headers });
    case 'deleteMe':
      return client.DELETE('/api/v2/users/me', { headers });
    case 'getUser':
      return client.GET('/api/v2/users/{user_id}', { params: { path: { user_id: id } }, headers });
    case 'changeUserRole':
      return client.PUT('/api/v2/users/{user_id}/role', {
        params: { path: { user_id: id } },
        body: (body ?? {}) as { role: UserRole },
        headers,
      });
    case 'issueToken':
      // As requestToken()/login() send it: form-encoded, never with Authorization.
      return client.POST('/api/v2/auth/token', {
        body: (body ?? {}) as TokenRequest,
        bodySerializer: formBody,
        headers: { ...headers, 'Content-Type': FORM_CONTENT_TYPE },
      });
    case 'getJwks':
      return client.GET('/.well-known/jwks.json', { headers });
    case 'getAuthorizationServerMetadata':
      return client.GET('/.well-known/oauth-authorization-server', { headers });
    case 'getProtectedResourceMetadata':
      return client.GET('/.well-known/oauth-protected-resource', { headers });
    case 'requestEmailVerification':
      return client.POST('/api/v2/users/me/email-verification', { headers });
    case 'confirmEmailVerification':
      return client.POST('/api/v2/auth/email-verification', { body: (body ?? {}) as { token: string }, headers });
    case 'requestPasswordReset':
      return client.POST('/api/v2/auth/password-reset', { body: (body ?? {}) as { email: string }, headers });
    case 'confirmPasswordReset':
      return client.POST('/api/v2/auth/password-reset/confirm', {
        body: (body ?? {}) as { token: string; new_password: string },
        headers,
      });
    case 'createSession':
      // As a browser's form post sends it: form-encoded, no Authorization.
      return client.POST('/api/v2/auth/session', {
        body: (body ?? {}) as { username: string; password: string },
        bodySerializer: formBody,
        headers: { ...headers, 'Content-Type': FORM_CONTENT_TYPE },
      });
    case 'deleteSession':
      return client.DELETE('/api/v2/auth/session', { headers });
    case 'createApiKey':
      return client.POST('/api/v2/api-keys', { body: (body ?? {}) as ApiKeyCreate, headers });
    case 'listApiKeys':
      return client.GET('/api/v2/api-keys', { headers });
    case 'revokeApiKey':
      return client.DELETE('/api/v2/api-keys/{api_key_id}', { params: { path: { api_key_id: id } }, headers });
    case 'listApiVersions':
      return client.GET('/api', { headers });
    case 'listItemsV1':
      return client.GET('/api/v1/items', { headers });
    case 'getItemV1':
      return client.GET('/api/v1/items/{item_id}', { params: { path: { item_id: id } }, headers });
    case 'listUsersV1':
      return client.GET('/api/v1/users', { headers });
    case 'exportItems':
      return exportItemsCsv(withHeaders(client, headers), query as ExportItemsQuery);
    case 'listItemImages':
      return client.GET('/api/v2/items/{item_id}/images', { params: { path: { item_id: id } }, headers });
    case 'uploadItemImage': {
      const file = uploadFile(m);
      // The same helper an app uses; the stub's X-Request-Id etc. come from the client-wide headers.
      return uploadItemImage(withHeaders(client, headers), id, file.blob, file.name);
    }
    case 'getItemImage':
      return downloadItemImage(client, id, subId, headers);
    case 'deleteItemImage':
      return client.DELETE('/api/v2/items/{item_id}/images/{image_id}', {
        params: { path: { item_id: id, image_id: subId } },
        headers,
      });
    case 'submitContactMessage':
      // As a browser's form post sends it: form-encoded.
      return client.POST('/api/v2/contact', {
        body: (body ?? {}) as ContactMessageCreate,
        bodySerializer: formBody,
        headers: { ...headers, 'Content-Type': FORM_CONTENT_TYPE },
      });
    case 'createOrder': {
      // The typed client requires the Idempotency-Key; the missing-key stub is called without one on purpose.
      const key = headers['Idempotency-Key'];
      const rest = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'Idempotency-Key'));
      return client.POST('/api/v2/orders', {
        params: { header: (key === undefined ? {} : { 'Idempotency-Key': key }) as { 'Idempotency-Key': string } },
        body: (body ?? {}) as OrderCreate,
        headers: rest,
      });
    }
    case 'listOrders':
      return client.GET('/api/v2/orders', { params: { query: query as ListOrdersQuery }, headers });
    case 'getOrder':
      return client.GET('/api/v2/orders/{order_id}', { params: { path: { order_id: id } }, headers });
    case 'transitionOrder':
      return client.POST('/api/v2/orders/{order_id}/transitions', {
        params: { path: { order_id: id } },
        body: (body ?? {}) as OrderTransition,
        headers,
      });
    case 'receivePaymentEvent':
      return client.POST('/api/v2/payments/webhook', { body: (body ?? {}) as PaymentEvent, params: { header: {} }, headers });
    case 'createWebhookEndpoint':
      return client.POST('/api/v2/webhook-endpoints', { body: (body ?? {}) as WebhookEndpointCreate, headers });
    case 'listWebhookEndpoints':
      return client.GET('/api/v2/webhook-endpoints', { headers });
    case 'getWebhookEndpoint':
      return client.GET('/api/v2/webhook-endpoints/{webhook_endpoint_id}', { params: { path: { webhook_endpoint_id: id } }, headers });
    case 'updateWebhookEndpoint':
      return client.PATCH('/api/v2/webhook-endpoints/{webhook_endpoint_id}', {
        params: { path: { webhook_endpoint_id: id } },
        body: (body ?? {}) as WebhookEndpointPatch,
        headers: { ...headers, 'Content-Type': 'application/merge-patch+json' },
      });
    case 'deleteWebhookEndpoint':
      return client.DELETE('/api/v2/webhook-endpoints/{webhook_endpoint_id}', { params: { path: { webhook_endpoint_id: id } }, headers });
    case 'rotateWebhookSecret':
      return client.POST('/api/v2/webhook-endpoints/{webhook_endpoint_id}/secret/rotate', {
        params: { path: { webhook_endpoint_id: id } },
        headers,
      });
    case 'listWebhookDeliveries':
      return client.GET('/api/v2/webhook-endpoints/{webhook_endpoint_id}/deliveries', {
        params: { path: { webhook_endpoint_id: id } },
        headers,
      });
    case 'redeliverWebhook':
      return client.POST('/api/v2/webhook-endpoints/{webhook_endpoint_id}/deliveries/{delivery_id}/redeliver', {
        params: { path: { webhook_endpoint_id: id, delivery_id: path.split('/')[6] ?? '' } },
        headers,
      });
    case 'createEventTicket':
      return client.POST('/api/v2/events/tickets', { headers });
  }
}

/** The client with extra headers on every request (for helpers that take no headers of their own). */
function withHeaders(client: MarketplaceClient, headers: Record<string, string>): MarketplaceClient {
  client.use({
    onRequest({ request }) {
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      return request;
    },
  });
  return client;
}

function assertUser(user: User): void {
  assert.match(user.id, UUID);
  assert.match(user.email, /^[^@\s]+@[^@\s]+$/);
  assert.equal(typeof user.display_name, 'string');
  assert.equal(typeof user.role, 'string');
  assert.equal(typeof user.email_verified, 'boolean');
  assert.ok(!Number.isNaN(Date.parse(user.created_at)), 'created_at');
  assert.ok(Number.isInteger(user.version));
  assert.equal('password' in user, false, 'never the password');
}

const stubs = skip ? [] : loadStubs();

describe('contract stubs (WireMock)', { skip, timeout: 180_000 }, () => {
  let wiremock: JavaProcess | undefined;
  let baseUrl = '';

  before(async () => {
    if (missing.length > 0) throw new Error(`not found: ${missing.join(', ')}`);
    const port = await freePort();
    wiremock = startJava([
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

  it('every mapping is an operation of the spec', () => {
    const outside = stubs.flatMap((s) => {
      try {
        operationOf(s.mapping);
        return [];
      } catch (e) {
        return [`${s.file}: ${(e as Error).message}`];
      }
    });
    assert.deepEqual(outside, [], 'mappings the typed client cannot call');
  });

  it('the stubs cover every items operation, 404, 400 and the merge-patch null case', () => {
    const known = stubs.filter((s) => {
      try {
        operationOf(s.mapping);
        return true;
      } catch {
        return false;
      }
    });
    const ops = new Set(known.map((s) => operationOf(s.mapping)));
    assert.deepEqual(
      [...ops].filter((op) => ITEM_OPERATIONS.includes(op)).sort(),
      ['createItem', 'deleteItem', 'getItem', 'listItems', 'updateItem'],
    );
    const statuses = new Set(known.map((s) => s.mapping.response.status));
    assert.ok(statuses.has(404), 'a 404 contract');
    assert.ok(statuses.has(400), 'a 400 contract');
    assert.ok(
      known.some((s) => operationOf(s.mapping) === 'updateItem' && requestBody(s.mapping.request)?.description === null),
      'a merge patch with description: null',
    );
  });

  it('the stubs cover the identity flows: password grant, invalid_grant, 401, 403, sign-up, /users/me', () => {
    const has = (op: Operation, status: number, code?: string, grant?: string) =>
      stubs.some((s) => {
        try {
          if (operationOf(s.mapping) !== op || s.mapping.response.status !== status) return false;
        } catch {
          return false;
        }
        const body = expectedBody(s.mapping.response) as { code?: string } | undefined;
        if (code !== undefined && body?.code !== code) return false;
        return grant === undefined || requestBody(s.mapping.request)?.grant_type === grant;
      });
    assert.ok(has('issueToken', 200, undefined, 'password'), 'password grant 200');
    assert.ok(has('issueToken', 400, 'invalid_grant', 'password'), 'wrong password 400 invalid_grant');
    assert.ok(has('createItem', 401, 'unauthorized'), 'anonymous create 401');
    assert.ok(has('updateItem', 403, 'forbidden'), "another seller's patch 403");
    assert.ok(has('createUser', 201), 'sign-up 201');
    assert.ok(has('getMe', 200), 'GET /users/me 200');
  });

  it('the stubs cover HTTP semantics: 304, 412, a German problem, deprecated v1 and the version list', () => {
    const known = stubs.filter((s) => {
      try {
        operationOf(s.mapping);
        return true;
      } catch {
        return false;
      }
    });
    const has = (op: Operation, status: number) =>
      known.some((s) => operationOf(s.mapping) === op && s.mapping.response.status === status);
    assert.ok(has('getItem', 304), 'getItem 304 (If-None-Match)');
    assert.ok(has('updateItem', 412), 'updateItem 412 (stale If-Match)');
    assert.ok(has('listItemsV1', 200) && has('getItemV1', 200) && has('listApiVersions', 200), 'v1 and GET /api');
    assert.ok(
      known.some((s) => s.mapping.response.headers?.['Content-Language'] === 'de'),
      'a problem in German (Accept-Language: de)',
    );
  });

  it('the stubs cover orders: placed (with an Idempotency-Key), out of stock, no key, a stranger 404, cancel', () => {
    const has = (op: Operation, status: number, code?: string) =>
      stubs.some((s) => {
        try {
          if (operationOf(s.mapping) !== op || s.mapping.response.status !== status) return false;
        } catch {
          return false;
        }
        return code === undefined || (expectedBody(s.mapping.response) as { code?: string } | undefined)?.code === code;
      });
    assert.ok(has('createOrder', 201), 'order placed');
    assert.ok(has('createOrder', 409, 'out_of_stock'), 'out of stock');
    assert.ok(has('createOrder', 400, 'validation_error'), 'no Idempotency-Key');
    assert.ok(has('getOrder', 404, 'order_not_found'), "a stranger's 404");
    assert.ok(has('transitionOrder', 200), 'a transition');
    assert.ok(has('receivePaymentEvent', 401, 'invalid_signature'), 'an unsigned webhook');
    const placed = stubs.filter((s) => {
      try {
        return operationOf(s.mapping) === 'createOrder' && s.mapping.response.status !== 400;
      } catch {
        return false;
      }
    });
    for (const { file, mapping } of placed) {
      const key = Object.entries(mapping.request.headers ?? {}).find(([name]) => name.toLowerCase() === 'idempotency-key');
      assert.ok(key && !key[1].absent, `${file}: an order stub must require an Idempotency-Key`);
    }
  });

  it('item writes need a bearer token in every stub but the anonymous 401s; token requests never send one', () => {
    const wrong = stubs.flatMap(({ file, mapping }) => {
      let op: Operation;
      try {
        op = operationOf(mapping);
      } catch {
        return [];
      }
      const auth = authorizationMatcher(mapping);
      const apiKey = Object.keys(mapping.request.headers ?? {}).some((name) => name.toLowerCase() === 'x-api-key');
      if (['createItem', 'updateItem', 'deleteItem'].includes(op) && mapping.response.status !== 401 && !auth && !apiKey) {
        return [`${file}: ${op} without an Authorization matcher`];
      }
      if (op === 'issueToken' && auth) return [`${file}: token request with Authorization`];
      return [];
    });
    assert.deepEqual(wrong, []);
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

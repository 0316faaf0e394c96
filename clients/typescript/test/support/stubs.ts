// The contract stubs as the TypeScript tests see them: WireMock mappings loaded from the stubs jar, concrete
// requests built from their matchers, and the spec operation each one stands for.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { packageRoot, requireArtifacts } from './java.js';

export const stubsRoot = resolve(
  packageRoot,
  process.env.MARKETPLACE_STUBS_DIR ?? join('target', 'stubs', 'META-INF', 'dev.marketplace', 'contracts', '2.0.0-SNAPSHOT'),
);
export const wiremockJar = resolve(packageRoot, process.env.WIREMOCK_JAR ?? join('target', 'wiremock-standalone.jar'));
export const mappingsDir = join(stubsRoot, 'mappings');
export const missing = [mappingsDir, wiremockJar].filter((p) => !existsSync(p));
export const skip =
  missing.length > 0 && !requireArtifacts ? `not found: ${missing.join(', ')} (run the Maven build first)` : false;

export interface StringMatcher {
  equalTo?: string;
  matches?: string;
  contains?: string;
  absent?: boolean;
}
export interface Mapping {
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
export interface Stub {
  file: string;
  consumer: string;
  mapping: Mapping;
}

export function listJson(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return listJson(p);
    return name.endsWith('.json') ? [p] : [];
  });
}

export function loadStubs(): Stub[] {
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

export const SAMPLE_UUID = '11111111-1111-4111-8111-111111111111';
/** A JWT-shaped access token for stubs that require `Authorization: Bearer …`. */
export const SAMPLE_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb250cmFjdCJ9.c2lnbmF0dXJl';

/** A concrete value matching a WireMock string matcher (equalTo, or a regex we can satisfy). */
export function sampleFor(m: StringMatcher, what: string): string {
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

export function requestPath(req: Mapping['request']): string {
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

export function requestQuery(req: Mapping['request']): Record<string, string> {
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
export function applyJsonPath(body: Record<string, unknown>, expression: string): void {
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
export function formFields(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text.replace(/^&|&$/g, '')));
}

export function requestBody(req: Mapping['request']): Record<string, unknown> | undefined {
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

export function expectedBody(res: Mapping['response']): unknown {
  if (res.jsonBody !== undefined) return res.jsonBody;
  if (res.body === undefined || res.body === '') return undefined;
  if (res.body.includes('{{')) return undefined; // templated from the request: not a literal
  const type = Object.entries(res.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (type.startsWith('text/')) return res.body; // the CSV export: compared as text
  return JSON.parse(res.body);
}

/** The file a multipart stub expects: a GIF when only a *.gif file name matches (the 415 contract), else a PNG. */
export function uploadFile(m: Mapping): { blob: Blob; name: string } {
  const pattern = m.request.bodyPatterns?.find((p) => p.matches !== undefined)?.matches ?? '';
  if (pattern.includes('\\.gif')) {
    return { blob: new Blob([Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')], { type: 'image/gif' }), name: 'not-an-image.gif' };
  }
  return { blob: new Blob([Buffer.from(LAMP_PNG, 'base64')], { type: 'image/png' }), name: 'lamp.png' };
}

/** The 70-byte PNG of the contracts (lamp.png). */
export const LAMP_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export const PARTNER_FIXTURE_API_KEY = 'mk_live_contract-fixture-partner-key-0000000001';

/** Every operation of the spec, by method and path (the typed client picks the same). */
export const OPERATIONS = [
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
export type Operation = (typeof OPERATIONS)[number][0];
export const ITEM_OPERATIONS: Operation[] = ['createItem', 'deleteItem', 'getItem', 'listItems', 'updateItem'];

export function operationOf(m: Mapping): Operation {
  const path = requestPath(m.request);
  const method = m.request.method.toUpperCase();
  const hit = OPERATIONS.find(([, meth, re]) => meth === method && re.test(path));
  if (!hit) throw new Error(`${method} ${path} is not an operation of the spec`);
  return hit[0];
}

/** The Authorization matcher of a mapping, if it requires one. */
export function authorizationMatcher(m: Mapping): StringMatcher | undefined {
  const entry = Object.entries(m.request.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization');
  return entry && !entry[1].absent ? entry[1] : undefined;
}

export const stubs = skip ? [] : loadStubs();

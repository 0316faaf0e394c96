// Consumer side of the contracts: every WireMock mapping in the contracts stubs jar is
// replayed through the typed client, and the typed result is checked against the stub.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createMarketplaceClient,
  isProblem,
  toProblemError,
  type Item,
  type ItemCreate,
  type ItemPage,
  type ItemPatch,
  type ListItemsQuery,
  type MarketplaceClient,
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
    bodyPatterns?: Array<{ equalToJson?: string | object; matchesJsonPath?: string | { expression: string } }>;
  };
  response: {
    status: number;
    body?: string;
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

/** A concrete value matching a WireMock string matcher (equalTo, or a regex we can satisfy). */
function sampleFor(m: StringMatcher, what: string): string {
  if (m.equalTo !== undefined) return m.equalTo;
  if (m.matches !== undefined) {
    const re = new RegExp(`^(?:${m.matches})$`);
    const candidates = [SAMPLE_UUID, '2', '20', '1', 'active', 'lamp', '49.90', 'EUR', 'abc', 'eyJrIjoiMSJ9'];
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
  for (const candidate of ['/api/v2/items', `/api/v2/items/${SAMPLE_UUID}`]) {
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
  const m = /^\$((?:\.\['[^']+'\])*)\[\?\(@\.\['([^']+)'\] (==|=~) (.+)\)\]$/.exec(expression.trim());
  if (!m) throw new Error(`unsupported matchesJsonPath ${expression}`);
  const parents = [...(m[1] ?? '').matchAll(/\['([^']+)'\]/g)].map((x) => x[1]!);
  let target = body;
  for (const key of parents) {
    target = (target[key] ??= {}) as Record<string, unknown>;
  }
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

function requestBody(req: Mapping['request']): Record<string, unknown> | undefined {
  if (!req.bodyPatterns?.length) return undefined;
  let body: Record<string, unknown> = {};
  for (const p of req.bodyPatterns) {
    if (p.equalToJson !== undefined) {
      body = { ...body, ...(typeof p.equalToJson === 'string' ? JSON.parse(p.equalToJson) : p.equalToJson) };
    } else if (p.matchesJsonPath !== undefined) {
      applyJsonPath(body, typeof p.matchesJsonPath === 'string' ? p.matchesJsonPath : p.matchesJsonPath.expression);
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
  return JSON.parse(res.body);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertItem(item: Item): void {
  assert.match(item.id, UUID);
  assert.equal(typeof item.name, 'string');
  assert.ok(item.description === null || typeof item.description === 'string');
  assert.match(item.price, /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,4})?$/);
  assert.match(item.currency, /^[A-Z]{3}$/);
  assert.equal(typeof item.status, 'string');
  assert.ok(!Number.isNaN(Date.parse(item.created_at)), 'created_at');
  assert.ok(!Number.isNaN(Date.parse(item.updated_at)), 'updated_at');
  assert.ok(Number.isInteger(item.version));
}

type Operation = 'listItems' | 'createItem' | 'getItem' | 'updateItem' | 'deleteItem';

function operationOf(m: Mapping): Operation {
  const path = requestPath(m.request);
  const one = /^\/api\/v2\/items\/[^/]+$/.test(path);
  const all = path === '/api/v2/items';
  const method = m.request.method.toUpperCase();
  if (all && method === 'GET') return 'listItems';
  if (all && method === 'POST') return 'createItem';
  if (one && method === 'GET') return 'getItem';
  if (one && method === 'PATCH') return 'updateItem';
  if (one && method === 'DELETE') return 'deleteItem';
  throw new Error(`${method} ${path} is not an items operation of the spec`);
}

/** Sends the mapping's request through the typed client (the operation picked by method and path). */
async function call(client: MarketplaceClient, m: Mapping, headers: Record<string, string>) {
  const path = requestPath(m.request);
  const itemId = path.split('/')[4] ?? '';
  const body = requestBody(m.request);
  switch (operationOf(m)) {
    case 'listItems':
      return client.GET('/api/v2/items', { params: { query: requestQuery(m.request) as ListItemsQuery }, headers });
    case 'createItem':
      return client.POST('/api/v2/items', { body: (body ?? {}) as ItemCreate, headers });
    case 'getItem':
      return client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: itemId } }, headers });
    case 'updateItem':
      return client.PATCH('/api/v2/items/{item_id}', {
        params: { path: { item_id: itemId } },
        body: (body ?? {}) as ItemPatch,
        headers,
      });
    case 'deleteItem':
      return client.DELETE('/api/v2/items/{item_id}', { params: { path: { item_id: itemId } }, headers });
  }
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

  it('every mapping is an items operation of the spec', () => {
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
    assert.deepEqual([...ops].sort(), ['createItem', 'deleteItem', 'getItem', 'listItems', 'updateItem']);
    const statuses = new Set(known.map((s) => s.mapping.response.status));
    assert.ok(statuses.has(404), 'a 404 contract');
    assert.ok(statuses.has(400), 'a 400 contract');
    assert.ok(
      known.some((s) => operationOf(s.mapping) === 'updateItem' && requestBody(s.mapping.request)?.description === null),
      'a merge patch with description: null',
    );
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
        if (lower === 'content-type' || lower === 'accept' || matcher.absent) continue;
        headers[name] = sampleFor(matcher, `header ${name}`);
      }
      const client = createMarketplaceClient({
        baseUrl,
        fetch: async (request) => {
          // The client itself must satisfy the stub's Content-Type and Accept matchers.
          for (const [name, matcher] of Object.entries(mapping.request.headers ?? {})) {
            const actual = request.headers.get(name);
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
            assert.equal(response.status, 204);
            assert.equal(result.data, undefined);
            break;
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
      }
    });
  }
});

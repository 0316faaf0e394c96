// The contract stubs cover what the clients rely on: every mapping is an operation of the spec, and the items,
// identity, HTTP-semantics and order flows each have their stubs. Reads the mappings only (no WireMock).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  skip,
  requestBody,
  expectedBody,
  type Operation,
  ITEM_OPERATIONS,
  operationOf,
  authorizationMatcher,
  stubs,
} from './support/stubs.js';

describe('contract stubs: coverage', { skip }, () => {
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
});

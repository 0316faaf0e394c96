// Shape checks for what the typed client returned from a stub (ids, amounts, timestamps, versions).
import assert from 'node:assert/strict';
import {
  type Image,
  type Item,
  type Order,
  type User,
} from '@marketplace/client';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertItem(item: Item): void {
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

export function assertImage(image: Image): void {
  assert.match(image.id, UUID);
  assert.match(image.item_id, UUID);
  assert.ok(['image/png', 'image/jpeg', 'image/webp'].includes(image.content_type), image.content_type);
  assert.ok(Number.isInteger(image.size) && image.size > 0);
  assert.match(image.sha256, /^[0-9a-f]{64}$/);
  assert.equal(image.url, `/api/v2/items/${image.item_id}/images/${image.id}`);
  assert.ok(!Number.isNaN(Date.parse(image.created_at)), 'created_at');
}

export function assertOrder(order: Order): void {
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

export function assertUser(user: User): void {
  assert.match(user.id, UUID);
  assert.match(user.email, /^[^@\s]+@[^@\s]+$/);
  assert.equal(typeof user.display_name, 'string');
  assert.equal(typeof user.role, 'string');
  assert.equal(typeof user.email_verified, 'boolean');
  assert.ok(!Number.isNaN(Date.parse(user.created_at)), 'created_at');
  assert.ok(Number.isInteger(user.version));
  assert.equal('password' in user, false, 'never the password');
}

// Sends a contract stub's request through the typed client: the operation picked by method and path.
import {
  downloadItemImage,
  exportItemsCsv,
  FORM_CONTENT_TYPE,
  formBody,
  uploadItemImage,
  type ApiKeyCreate,
  type ContactMessageCreate,
  type ExportItemsQuery,
  type WebhookEndpointCreate,
  type WebhookEndpointPatch,
  type ItemCreate,
  type ItemPatch,
  type ListItemsQuery,
  type MarketplaceClient,
  type OrderCreate,
  type OrderTransition,
  type PaymentEvent,
  type ListOrdersQuery,
  type TokenRequest,
  type UserCreate,
  type UserPatch,
  type UserRole,
} from '@marketplace/client';
import { type Mapping, requestPath, requestQuery, requestBody, uploadFile, operationOf } from './stubs.js';

/** Sends the mapping's request through the typed client (the operation picked by method and path). */
export async function call(client: MarketplaceClient, m: Mapping, headers: Record<string, string>) {
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
export function withHeaders(client: MarketplaceClient, headers: Record<string, string>): MarketplaceClient {
  client.use({
    onRequest({ request }) {
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      return request;
    },
  });
  return client;
}

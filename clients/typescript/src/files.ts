/**
 * Operations whose bodies are not JSON: image uploads (`multipart/form-data`), image downloads (bytes)
 * and the CSV export (text). openapi-fetch handles them with a `FormData` body and `parseAs`; these
 * helpers do that wiring once, with the spec's types for everything else.
 */
import type { MarketplaceClient } from './index.js';
import type { components, operations } from './generated/schema.js';

/** Query parameters of `GET /api/v2/items/export` (the list's filters and sort, no paging). */
export type ExportItemsQuery = NonNullable<operations['exportItems']['parameters']['query']>;
/** An image of an item, as the server describes it. */
export type Image = components['schemas']['Image'];

/**
 * The absolute URL of an image (`Image.url` is a path on the API): `<img src={imageUrl(baseUrl, image)}>`. With the
 * API behind the page's own origin (dev proxy, reverse proxy), pass `location.origin`.
 */
export function imageUrl(baseUrl: string, image: Pick<Image, 'url'>): string {
  return new URL(image.url, baseUrl).href;
}

/** `Accept` for the CSV export: the CSV, or a problem. */
export const CSV_ACCEPT = 'text/csv, application/problem+json';
/** `Accept` for image downloads: any image type the API serves, or a problem. */
export const IMAGE_ACCEPT = 'image/png, image/jpeg, image/webp, application/problem+json';

/**
 * `POST /api/v2/items/{item_id}/images`: uploads `file` as the `file` part of a `multipart/form-data` body
 * (the browser or Node sets the boundary). The server reads the type from the bytes; `filename` is only a label.
 */
export function uploadItemImage(client: MarketplaceClient, itemId: string, file: Blob, filename = 'image') {
  const form = new FormData();
  form.append('file', file, filename);
  return client.POST('/api/v2/items/{item_id}/images', {
    params: { path: { item_id: itemId } },
    // The generated type of a binary part is a string; at run time the part is the FormData's Blob.
    body: form as unknown as components['schemas']['ImageUpload'],
  });
}

/**
 * `GET /api/v2/items/{item_id}/images/{image_id}`: the image as a `Blob` (`data`), or a problem (`error`).
 * Pass `If-None-Match` / `Range` in `headers` for conditional or partial downloads (304 / 206).
 */
export function downloadItemImage(
  client: MarketplaceClient,
  itemId: string,
  imageId: string,
  headers: Record<string, string> = {},
) {
  return client.GET('/api/v2/items/{item_id}/images/{image_id}', {
    params: { path: { item_id: itemId, image_id: imageId } },
    headers: { Accept: IMAGE_ACCEPT, ...headers },
    parseAs: 'blob',
  });
}

/**
 * `GET /api/v2/items/export`: every matching item as one CSV text (RFC 4180, CRLF, header row). For very large
 * exports read `response.body` as a stream instead (`parseAs: 'stream'`).
 */
export function exportItemsCsv(client: MarketplaceClient, query: ExportItemsQuery = {}) {
  return client.GET('/api/v2/items/export', {
    params: { query },
    headers: { Accept: CSV_ACCEPT },
    parseAs: 'text',
  });
}

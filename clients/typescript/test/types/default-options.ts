// Compiled (not run) by tsconfig.consumer.json with the compiler options of a fresh Vite project (strict, but no
// exactOptionalPropertyTypes): the results of unwrap() are the data types, not `T | undefined`.
import {
  createMarketplaceClient,
  imageUrl,
  unwrap,
  type Image,
  type Item,
  type ItemPage,
  type User,
} from '@marketplace/client';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exact = <A, B>(ok: Equal<A, B>): Equal<A, B> => ok;

export async function defaultOptions(): Promise<string> {
  const client = createMarketplaceClient({ baseUrl: 'http://localhost:8080', credentials: 'include' });
  const me = await unwrap(client.GET('/api/v2/users/me'));
  exact<typeof me, User>(true);
  const page = await unwrap(client.GET('/api/v2/items', { params: { query: { limit: 2 } } }));
  exact<typeof page, ItemPage>(true);
  const item: Item | undefined = page.data[0];
  const deleted = await unwrap(client.DELETE('/api/v2/items/{item_id}', { params: { path: { item_id: 'x' } } }));
  exact<typeof deleted, undefined>(true);
  const images = await unwrap(client.GET('/api/v2/items/{item_id}/images', { params: { path: { item_id: 'x' } } }));
  const first: Image | undefined = images.data[0];
  return `${me.email} ${item?.name ?? ''} ${first ? imageUrl('http://localhost:8080', first) : ''}`;
}

import {
  connectLiveEvents,
  eventTicket,
  imageUrl,
  ProblemError,
  toProblemError,
  unwrap,
  uploadItemImage,
  type Image,
  type Item,
  type ItemPatch,
  type LiveConnection,
  type LiveEvent,
  type Order,
  type User,
} from '@marketplace/client';
import { api, apiBaseUrl, crossOrigin, session } from './api.ts';
import { $, fields, h, replace } from './dom.ts';
import './style.css';

const PAGE_SIZE = 6;

const state = {
  me: undefined as User | undefined,
  query: '',
  items: [] as Item[],
  cursors: [] as (string | undefined)[], // cursors of the pages before the current one (Previous)
  cursor: undefined as string | undefined,
  nextCursor: undefined as string | undefined,
  images: new Map<string, Image[]>(),
  orders: new Map<string, Order>(),
  editing: undefined as { item: Item; etag: string; conflict?: string } | undefined,
  live: undefined as LiveConnection | undefined,
  liveItems: [] as Item[],
};

replace(
  $('#app'),
  h('header', {},
    h('h1', {}, 'Marketplace'),
    h('span', { id: 'live', 'data-status': 'closed', title: 'live updates over the WebSocket' }, 'offline'),
    h('div', { id: 'account' })),
  h('p', { id: 'notice', role: 'status' }),
  h('main', {},
    h('section', { id: 'store' },
      h('h2', {}, 'Storefront'),
      h('form', { id: 'search', onsubmit: (e: Event) => { e.preventDefault(); void search(); } },
        h('input', { name: 'q', type: 'search', placeholder: 'Search items', 'aria-label': 'Search items' }),
        h('button', { type: 'submit' }, 'Search')),
      h('ul', { id: 'items', class: 'cards' }),
      h('nav', { class: 'pager' },
        h('button', { id: 'prev', onclick: () => void previousPage() }, '← Previous'),
        h('span', { id: 'page-no' }),
        h('button', { id: 'next', onclick: () => void nextPage() }, 'Next →'))),
    h('aside', {},
      h('section', { id: 'orders-section' }, h('h2', {}, 'My orders'), h('ul', { id: 'orders' })),
      h('section', { id: 'seller' }, h('h2', {}, "Seller's corner"), h('div', { id: 'seller-body' })))),
  h('footer', {}, `API: ${apiBaseUrl}${crossOrigin ? ' (cross-origin, CORS)' : ' (same origin)'}`),
);

function notice(text: string, kind: 'info' | 'error' = 'info'): void {
  const el = $('#notice');
  el.textContent = text;
  el.dataset.kind = kind;
}

function explain(e: unknown): string {
  if (e instanceof ProblemError) return `${e.detail ?? e.title ?? e.message} (${e.status} ${e.code})`;
  return e instanceof Error ? e.message : String(e);
}

async function attempt(what: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (e) {
    notice(`${what} failed: ${explain(e)}`, 'error');
    if (e instanceof ProblemError && e.status === 401 && state.me) signedOut();
  }
}

// ---- storefront ---------------------------------------------------------------------------------------------------

async function loadPage(cursor: string | undefined): Promise<void> {
  const page = await unwrap(api.GET('/api/v2/items', {
    params: { query: { limit: PAGE_SIZE, ...(state.query ? { q: state.query } : {}), ...(cursor ? { cursor } : {}) } },
  }));
  state.cursor = cursor;
  state.items = page.data;
  state.nextCursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
  await Promise.all(page.data.filter((i) => !state.images.has(i.id)).map(loadImages));
  renderStore();
}

async function loadImages(item: Item): Promise<void> {
  const list = await unwrap(api.GET('/api/v2/items/{item_id}/images', { params: { path: { item_id: item.id } } }));
  state.images.set(item.id, list.data);
}

async function search(): Promise<void> {
  state.query = (document.querySelector<HTMLInputElement>('#search input')?.value ?? '').trim();
  state.cursors = [];
  await attempt('Search', () => loadPage(undefined));
}

async function nextPage(): Promise<void> {
  if (!state.nextCursor) return;
  const next = state.nextCursor;
  state.cursors.push(state.cursor);
  await attempt('Paging', () => loadPage(next));
}

async function previousPage(): Promise<void> {
  if (state.cursors.length === 0) return;
  await attempt('Paging', () => loadPage(state.cursors.pop()));
}

function card(item: Item): HTMLElement {
  const mine = state.me !== undefined && item.owner_id === state.me.id;
  const pictures = state.images.get(item.id) ?? [];
  return h('li', { class: 'card', 'data-item': item.id },
    h('div', { class: 'pictures' },
      ...(pictures.length
        ? pictures.map((img) => h('img', { src: imageUrl(apiBaseUrl, img), alt: item.name, loading: 'lazy' }))
        : [h('div', { class: 'no-picture' }, 'no picture')])),
    h('h3', {}, item.name),
    h('p', { class: 'price' }, `${item.price} ${item.currency}`, item.status !== 'active' ? h('em', {}, ` · ${item.status}`) : null),
    item.description ? h('p', { class: 'description' }, item.description) : null,
    h('div', { class: 'actions' },
      state.me && !mine && item.status === 'active'
        ? h('button', { class: 'buy', onclick: () => void placeOrder(item) }, 'Buy')
        : null,
      mine ? h('button', { class: 'edit', onclick: () => void openEditor(item.id) }, 'Edit') : null));
}

function renderStore(): void {
  replace($('#items'), ...(state.items.length ? state.items.map(card) : [h('li', { class: 'empty' }, 'No items found.')]));
  ($('#prev') as HTMLButtonElement).disabled = state.cursors.length === 0;
  ($('#next') as HTMLButtonElement).disabled = state.nextCursor === undefined;
  $('#page-no').textContent = `page ${state.cursors.length + 1}`;
}

// ---- account --------------------------------------------------------------------------------------------------------

function renderAccount(): void {
  if (state.me) {
    replace($('#account'),
      h('span', { id: 'who' }, `Signed in as ${state.me.display_name} (${state.me.role})`),
      h('button', { id: 'sign-out', onclick: () => void signOut() }, 'Sign out'));
  } else {
    replace($('#account'),
      h('form', { id: 'sign-in', onsubmit: (e: Event) => { e.preventDefault(); void signIn(e.target as HTMLFormElement); } },
        h('input', { name: 'email', type: 'email', placeholder: 'Email', autocomplete: 'username', required: true }),
        h('input', { name: 'password', type: 'password', placeholder: 'Password', autocomplete: 'current-password', required: true }),
        h('button', { type: 'submit' }, 'Sign in')));
  }
  renderSeller();
  renderOrders();
  renderStore();
}

async function signIn(form: HTMLFormElement): Promise<void> {
  const { email = '', password = '' } = fields(form);
  await attempt('Sign-in', async () => {
    await session.signIn(email, password);
    await signedIn();
    notice(`Welcome, ${state.me?.display_name ?? email}.`);
  });
}

async function signedIn(): Promise<void> {
  state.me = await unwrap(api.GET('/api/v2/users/me'));
  const orders = await unwrap(api.GET('/api/v2/orders', { params: { query: { limit: 20 } } }));
  state.orders = new Map(orders.data.map((o) => [o.id, o]));
  startLive();
  renderAccount();
}

async function signOut(): Promise<void> {
  await attempt('Sign-out', async () => {
    await session.signOut();
    signedOut();
    notice('Signed out.');
  });
}

function signedOut(): void {
  session.forget();
  state.me = undefined;
  state.orders.clear();
  state.editing = undefined;
  state.liveItems = [];
  state.live?.close();
  state.live = undefined;
  renderAccount();
}

// ---- live events ----------------------------------------------------------------------------------------------------

function startLive(): void {
  state.live?.close();
  state.live = connectLiveEvents({
    baseUrl: apiBaseUrl,
    topics: ['items', 'orders'],
    // Same origin the session cookie opens the socket; cross-origin a fresh single-use ticket per connection.
    ...(crossOrigin ? { ticket: () => eventTicket(api) } : {}),
    onEvent,
    onStatus: (status) => {
      const el = $('#live');
      el.dataset.status = status;
      el.dataset.reconnects = String(state.live?.reconnects ?? 0);
      el.textContent = status === 'open' ? 'live' : status;
    },
  });
}

function onEvent(event: LiveEvent): void {
  switch (event.type) {
    case 'item.created': {
      const item = event.data;
      if (!state.liveItems.some((i) => i.id === item.id)) state.liveItems.unshift(item);
      if (state.cursors.length === 0 && !state.query && !state.items.some((i) => i.id === item.id)) {
        state.items.unshift(item);
        state.images.set(item.id, []);
        renderStore();
      }
      renderSeller();
      notice(`New item: ${item.name}`);
      break;
    }
    case 'order.placed': {
      state.orders.set(event.data.id, event.data);
      renderOrders();
      break;
    }
    case 'order.status_changed': {
      const order = event.data.order;
      state.orders.set(order.id, order);
      renderOrders();
      notice(`Order ${order.id.slice(0, 8)} is now ${order.status} (was ${event.data.previous_status}).`);
      break;
    }
    default:
      break; // event types added later
  }
}

// ---- orders ---------------------------------------------------------------------------------------------------------

async function placeOrder(item: Item): Promise<void> {
  // One key per purchase: a retry of this same request (double click, network error) never orders twice.
  const key = crypto.randomUUID();
  await attempt('Order', async () => {
    const order = await unwrap(api.POST('/api/v2/orders', {
      params: { header: { 'Idempotency-Key': key } },
      body: { lines: [{ item_id: item.id, quantity: 1 }] },
    }));
    state.orders.set(order.id, order);
    renderOrders();
    notice(`Order placed: ${order.total} ${order.currency}.`);
  });
}

async function cancelOrder(order: Order): Promise<void> {
  await attempt('Cancel', async () => {
    const updated = await unwrap(api.POST('/api/v2/orders/{order_id}/transitions', {
      params: { path: { order_id: order.id } },
      body: { status: 'cancelled' },
    }));
    state.orders.set(updated.id, updated);
    renderOrders();
  });
}

function renderOrders(): void {
  const mine = [...state.orders.values()].filter((o) => state.me && o.buyer_id === state.me.id);
  replace($('#orders'), ...(state.me === undefined
    ? [h('li', { class: 'empty' }, 'Sign in to see your orders.')]
    : mine.length === 0
      ? [h('li', { class: 'empty' }, 'No orders yet.')]
      : mine.map((o) => h('li', { class: 'order', 'data-order': o.id },
        h('code', {}, o.id.slice(0, 8)), ` ${o.total} ${o.currency} `,
        h('span', { class: 'status', 'data-status': o.status }, o.status),
        o.status === 'placed' || o.status === 'paid' ? h('button', { class: 'cancel', onclick: () => void cancelOrder(o) }, 'Cancel') : null))));
}

// ---- seller's corner ------------------------------------------------------------------------------------------------

function renderSeller(): void {
  const body = $('#seller-body');
  if (!state.me || !['seller', 'partner', 'admin'].includes(state.me.role)) {
    replace(body, h('p', { class: 'empty' }, 'Sign in as a seller to list and edit your items.'));
    return;
  }
  replace(body,
    h('form', { id: 'create', onsubmit: (e: Event) => { e.preventDefault(); void createItem(e.target as HTMLFormElement); } },
      h('h3', {}, 'New item'),
      h('input', { name: 'name', placeholder: 'Name', required: true, maxlength: 200 }),
      h('input', { name: 'price', placeholder: 'Price, e.g. 12.50', required: true, pattern: '\\d+(\\.\\d{1,2})?' }),
      h('select', { name: 'currency' }, h('option', {}, 'EUR'), h('option', {}, 'USD'), h('option', {}, 'GBP')),
      h('textarea', { name: 'description', placeholder: 'Description' }),
      h('button', { type: 'submit' }, 'Create')),
    state.editing ? editor(state.editing.item, state.editing.conflict) : null,
    state.liveItems.length
      ? h('div', { id: 'live-items' }, h('h3', {}, 'New since you signed in'),
        h('ul', {}, ...state.liveItems.map((i) => h('li', { 'data-item': i.id },
          `${i.name} · ${i.price} ${i.currency} `, h('button', { class: 'edit', onclick: () => void openEditor(i.id) }, 'Edit')))))
      : null);
}

async function createItem(form: HTMLFormElement): Promise<void> {
  const { name = '', price = '', currency = 'EUR', description = '' } = fields(form);
  await attempt('Create', async () => {
    const item = await unwrap(api.POST('/api/v2/items', {
      body: { name, price, currency, status: 'active', ...(description ? { description } : {}) },
    }));
    form.reset();
    notice(`Created ${item.name}.`);
    await openEditor(item.id);
  });
}

async function openEditor(id: string): Promise<void> {
  await attempt('Loading the item', async () => {
    const { data, error, response } = await api.GET('/api/v2/items/{item_id}', { params: { path: { item_id: id } } });
    if (error !== undefined || data === undefined) throw toProblemError(error, response);
    state.editing = { item: data, etag: response.headers.get('ETag') ?? '' };
    if (!state.images.has(id)) await loadImages(data);
    renderSeller();
  });
}

function editor(item: Item, conflict: string | undefined): HTMLElement {
  const pictures = state.images.get(item.id) ?? [];
  return h('form', { id: 'edit', 'data-item': item.id, 'data-version': item.version,
    onsubmit: (e: Event) => { e.preventDefault(); void saveEdit(e.target as HTMLFormElement); } },
  h('h3', {}, `Edit “${item.name}” `, h('small', {}, `version ${item.version}`)),
  conflict
    ? h('div', { id: 'conflict', role: 'alert' },
      h('strong', {}, 'Changed elsewhere. '), conflict, ' ',
      h('button', { type: 'button', id: 'reload', onclick: () => void openEditor(item.id) }, 'Load the latest version'))
    : null,
  h('label', {}, 'Name ', h('input', { name: 'name', value: item.name, required: true })),
  h('label', {}, 'Price ', h('input', { name: 'price', value: item.price, required: true })),
  h('label', {}, 'Description ', h('textarea', { name: 'description' }, item.description ?? '')),
  h('button', { type: 'submit' }, 'Save'),
  h('div', { class: 'pictures' }, ...pictures.map((img) => h('img', { src: imageUrl(apiBaseUrl, img), alt: item.name }))),
  h('label', {}, 'Add a picture ',
    h('input', { type: 'file', name: 'picture', accept: 'image/png,image/jpeg,image/webp',
      onchange: (e: Event) => void upload(item, e.target as HTMLInputElement) })));
}

async function saveEdit(form: HTMLFormElement): Promise<void> {
  const editing = state.editing;
  if (!editing) return;
  const { name = '', price = '', description = '' } = fields(form);
  // Merge patch: only what changed; an emptied description is cleared (null).
  const patch: ItemPatch = {};
  if (name !== editing.item.name) patch.name = name;
  if (price !== editing.item.price) patch.price = price;
  if (description !== (editing.item.description ?? '')) patch.description = description === '' ? null : description;
  if (Object.keys(patch).length === 0) {
    notice('Nothing changed.');
    return;
  }
  await attempt('Saving', async () => {
    const { data, error, response } = await api.PATCH('/api/v2/items/{item_id}', {
      params: { path: { item_id: editing.item.id }, header: { 'If-Match': editing.etag } },
      body: patch,
    });
    if (response.status === 412) {
      // Someone changed the item since we loaded it: nothing was written. Keep the form, say so, offer a reload.
      editing.conflict = 'Someone changed this item after you opened it, so your changes were not saved.';
      renderSeller();
      notice('Not saved: the item changed in the meantime (412).', 'error');
      return;
    }
    if (error !== undefined || data === undefined) throw toProblemError(error, response);
    state.editing = { item: data, etag: response.headers.get('ETag') ?? '' };
    state.items = state.items.map((i) => (i.id === data.id ? data : i));
    renderSeller();
    renderStore();
    notice(`Saved (version ${data.version}).`);
  });
}

async function upload(item: Item, input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  await attempt('Upload', async () => {
    const image = await unwrap(uploadItemImage(api, item.id, file, file.name));
    state.images.set(item.id, [...(state.images.get(item.id) ?? []), image]);
    renderSeller();
    renderStore();
    notice(`Uploaded ${file.name}.`);
  });
}

// ---- start ----------------------------------------------------------------------------------------------------------

async function start(): Promise<void> {
  renderAccount();
  await attempt('Loading items', () => loadPage(undefined));
  if (session.csrfToken) {
    // A reload: the session cookie may still be good.
    try {
      await signedIn();
    } catch (e) {
      if (!(e instanceof ProblemError && e.status === 401)) notice(explain(e), 'error');
      signedOut();
    }
  }
  document.body.dataset.ready = 'true';
}

void start();

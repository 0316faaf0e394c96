// Every flow of the web app in real Chromium (Debian's, driven by playwright-core) against the real server (the dev jar
// on embedded PostgreSQL): first same-origin behind the Vite dev proxy (`npm run dev`), then the production build
// served on another origin, calling the API cross-origin with CORS. A screenshot per flow lands in target/screenshots.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createMarketplaceClient,
  login,
  unwrap,
  uploadItemImage,
  type Item,
  type MarketplaceClient,
  type User,
} from '@marketplace/client';
import { chromium, type Browser, type BrowserContext, type Page, type Request, type WebSocketRoute } from 'playwright-core';
import { freePort, png, start, startApi, waitForHttp, webRoot, type Proc } from './support/processes.js';

const ci = process.env.CI === 'true' || process.env.MARKETPLACE_REQUIRE_BROWSER === 'true';
const requireArtifacts = process.env.MARKETPLACE_REQUIRE_ARTIFACTS === 'true';
// CHROMIUM_PATH, when set, is the only place looked at (CHROMIUM_PATH=none shows what a machine without Chromium does).
const chromiumPath = (process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'])
  .find((p) => existsSync(p));
const jar = resolve(webRoot, process.env.MARKETPLACE_SERVER_JAR ?? join('..', '..', 'server', 'target', 'dev-app', 'server-2.0.0-SNAPSHOT-dev.jar'));

let skip: string | false = false;
if (!chromiumPath) {
  const why = `no Chromium at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'} (install it: apt-get install chromium, or set CHROMIUM_PATH)`;
  if (ci) throw new Error(`Browser tests are required here (CI=true or MARKETPLACE_REQUIRE_BROWSER=true), but there is ${why}.`);
  skip = `SKIPPED the browser tests of clients/web: ${why}`;
} else if (!existsSync(jar)) {
  if (requireArtifacts) throw new Error(`server jar not found at ${jar}; build the server module first`);
  skip = `SKIPPED the browser tests of clients/web: server jar not found at ${jar} (set MARKETPLACE_SERVER_JAR)`;
}
if (skip) {
  console.log(`\n*** ${skip} ***\n`);
  it('browser tests of the web app', { skip }, () => {}); // counted as skipped in the summary
}

const screenshots = join(webRoot, 'target', 'screenshots');
const run = `web${Date.now().toString(36)}`;
const PASSWORD = 'correct horse battery staple';
const DEV_PASSWORD = 'dev-password-change-me';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('web app in Chromium', { skip, timeout: 600_000 }, () => {
  let apiProc: Proc | undefined;
  let devServer: Proc | undefined;
  let previewServer: Proc | undefined;
  let browser: Browser | undefined;
  let apiUrl = '';
  let devUrl = '';
  let previewUrl = '';
  let seller: { user: User; client: MarketplaceClient; email: string };
  let buyer: { user: User; email: string };
  const catalogue: Item[] = [];

  async function account(role: 'seller' | 'buyer'): Promise<{ user: User; client: MarketplaceClient; email: string }> {
    const client = createMarketplaceClient({ baseUrl: apiUrl });
    const email = `${role}-${run}@example.com`;
    const user = await unwrap(client.POST('/api/v2/users', {
      body: { email, password: PASSWORD, display_name: `${role === 'seller' ? 'Sam Seller' : 'Bea Buyer'} ${run}`, role },
    }));
    await login(client, email, PASSWORD);
    return { user, client, email };
  }

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    const [devPort, previewPort] = [await freePort(), await freePort()];
    devUrl = `http://localhost:${devPort}`;
    previewUrl = `http://localhost:${previewPort}`;
    // The cross-origin shape: the built app on previewUrl calls the API on another port (same site, other origin).
    const api = await startApi(jar, [`--marketplace.cors.allowed-origins=${previewUrl}`]);
    apiProc = api.proc;
    apiUrl = `http://localhost:${api.port}`;

    seller = await account('seller');
    buyer = await account('buyer');
    // Nine items for search and paging (6 a page), the first three with a picture each.
    for (let i = 1; i <= 9; i++) {
      const item = await unwrap(seller.client.POST('/api/v2/items', {
        body: { name: `${run} lamp ${i}`, description: `Lamp number ${i} of this run.`, price: `${10 + i}.00`, currency: 'EUR',
          status: 'active', stock: 5 },
      }));
      if (i >= 7) {
        const picture = png(96, 96, i === 9 ? [230, 160, 40] : i === 8 ? [60, 140, 220] : [120, 190, 90]);
        await unwrap(uploadItemImage(seller.client, item.id, new Blob([new Uint8Array(picture)], { type: 'image/png' }), `lamp-${i}.png`));
      }
      catalogue.push(item);
    }

    const vite = join(webRoot, 'node_modules', 'vite', 'bin', 'vite.js');
    devServer = start(process.execPath, [vite, '--port', String(devPort), '--strictPort', '--host', 'localhost'],
      { MARKETPLACE_API_URL: `http://127.0.0.1:${api.port}` });
    await waitForHttp(devUrl, devServer);
    // The production build, configured for the API on another origin.
    const build = start(process.execPath, [vite, 'build', '--outDir', 'target/dist-cross', '--emptyOutDir'], { VITE_API_URL: apiUrl });
    const code = await new Promise<number | null>((res) => build.child.once('exit', res));
    assert.equal(code, 0, build.output());
    previewServer = start(process.execPath, [vite, 'preview', '--outDir', 'target/dist-cross', '--port', String(previewPort),
      '--strictPort', '--host', 'localhost']);
    await waitForHttp(previewUrl, previewServer);

    assert.ok(chromiumPath);
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });

  after(async () => {
    await browser?.close();
    await previewServer?.stop();
    await devServer?.stop();
    await apiProc?.stop();
  });

  /** A fresh browser profile whose live events socket can be dropped on demand (a network loss, as the app sees it). */
  async function openApp(url: string, init?: () => void): Promise<{ context: BrowserContext; page: Page; sockets: WebSocketRoute[] }> {
    assert.ok(browser);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const sockets: WebSocketRoute[] = [];
    await context.routeWebSocket(/\/ws\/events/, (ws) => {
      sockets.push(ws);
      ws.connectToServer();
    });
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(url);
    await page.locator('body[data-ready="true"]').waitFor();
    return { context, page, sockets };
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.fill('#sign-in input[name=email]', email);
    await page.fill('#sign-in input[name=password]', password);
    await page.click('#sign-in button');
    await page.locator('#who').waitFor();
    await page.locator('#live[data-status="open"]').waitFor();
  }

  /** Clicks and returns the next notice the app shows (success or failure), so that a failure says what the page said. */
  async function clickForNotice(page: Page, selector: string): Promise<string> {
    await page.evaluate(() => {
      const el = document.querySelector('#notice');
      if (el) el.textContent = '';
    });
    await page.click(selector);
    await page.waitForFunction(() => (document.querySelector('#notice')?.textContent ?? '') !== '');
    return page.locator('#notice').innerText();
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  }

  describe('same origin, behind the Vite dev proxy', () => {
    let context: BrowserContext;
    let page: Page;
    let sockets: WebSocketRoute[];
    const requests: Request[] = [];

    before(async () => {
      ({ context, page, sockets } = await openApp(devUrl));
      page.on('request', (r) => requests.push(r));
    });
    after(async () => {
      await context?.close();
    });

    it('browses, searches and pages through items, with their pictures', async () => {
      assert.ok((await page.locator('#items .card').count()) > 0, 'the storefront lists items');
      await page.fill('#search input', run);
      await page.click('#search button');
      await page.locator('#items .card h3', { hasText: `${run} lamp 9` }).waitFor();
      assert.equal(await page.locator('#items .card').count(), 6, 'first page: 6 items');
      // Newest first: lamps 9, 8, 7 have a picture each, loaded from the API (absolute URL from imageUrl()).
      const pictures = page.locator('#items .card img');
      assert.equal(await pictures.count(), 3);
      for (const img of await pictures.all()) {
        await img.evaluate((el: HTMLImageElement) => el.decode());
        assert.equal(await img.evaluate((el: HTMLImageElement) => el.naturalWidth), 96);
        assert.match((await img.getAttribute('src')) ?? '', new RegExp(`^${devUrl}/api/v2/items/.+/images/`));
      }
      await shot(page, '1-storefront');
      await page.click('#next');
      await page.locator('#page-no', { hasText: 'page 2' }).waitFor();
      assert.deepEqual(await page.locator('#items .card h3').allTextContents(), [`${run} lamp 3`, `${run} lamp 2`, `${run} lamp 1`]);
      assert.ok(await page.locator('#next').isDisabled());
      await page.click('#prev');
      await page.locator('#page-no', { hasText: 'page 1' }).waitFor();
      assert.equal(await page.locator('#items .card').count(), 6);
    });

    it('signs in with the cookie session', async () => {
      await signIn(page, seller.email, PASSWORD);
      assert.match(await page.locator('#who').innerText(), /Sam Seller/);
      const cookies = await context.cookies(devUrl);
      const session = cookies.find((c) => c.name === 'mp_session');
      assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
      assert.ok(!(await page.evaluate(() => document.cookie)).includes('mp_session'), 'the page cannot read the session cookie');
      // Own items get an Edit button.
      assert.ok((await page.locator('#items .card .edit').count()) > 0);
      await shot(page, '2-signed-in');
    });

    it('creates an item and uploads a picture', async () => {
      await page.fill('#create input[name=name]', `${run} teapot`);
      await page.fill('#create input[name=price]', '24.50');
      await page.fill('#create textarea[name=description]', 'Cast iron, holds a litre.');
      await page.click('#create button');
      await page.locator('#edit h3', { hasText: `${run} teapot` }).waitFor();
      const create = requests.find((r) => r.method() === 'POST' && r.url().endsWith('/api/v2/items'));
      assert.ok(create, 'POST /api/v2/items went through the dev proxy');
      assert.match((await create.allHeaders())['x-csrf-token'] ?? '', /^c_/, 'with the CSRF token');

      await page.setInputFiles('#edit input[type=file]', { name: 'teapot.png', mimeType: 'image/png', buffer: png(120, 90, [200, 70, 60]) });
      const picture = page.locator('#edit .pictures img');
      await picture.waitFor();
      await picture.evaluate((el: HTMLImageElement) => el.decode());
      assert.equal(await picture.evaluate((el: HTMLImageElement) => el.naturalWidth), 120);
      await shot(page, '3-create-and-upload');
    });

    it('edits with a merge patch and If-Match, and shows the 412 conflict', async () => {
      const id = await page.locator('#edit').getAttribute('data-item');
      assert.ok(id);
      const v = Number(await page.locator('#edit').getAttribute('data-version'));
      await page.fill('#edit input[name=price]', '22.00');
      assert.match(await clickForNotice(page, '#edit button[type=submit]'), new RegExp(`^Saved \\(version ${v + 1}\\)`));
      const patch = requests.filter((r) => r.method() === 'PATCH').at(-1);
      assert.ok(patch);
      const headers = await patch.allHeaders();
      assert.equal(headers['content-type'], 'application/merge-patch+json');
      assert.equal(headers['if-match'], `"${id}-v${v}"`);
      assert.deepEqual(JSON.parse(patch.postData() ?? ''), { price: '22.00' });

      // Someone else (another tab, a partner's integration) changes the item behind the page's back.
      await unwrap(seller.client.PATCH('/api/v2/items/{item_id}', { params: { path: { item_id: id } }, body: { price: '30.00' } }));
      await page.fill('#edit input[name=price]', '19.99');
      await page.click('#edit button[type=submit]');
      await page.locator('#conflict').waitFor();
      assert.match(await page.locator('#conflict').innerText(), /changes were not saved/);
      assert.match(await page.locator('#notice').innerText(), /412/);
      const item = await unwrap(seller.client.GET('/api/v2/items/{item_id}', { params: { path: { item_id: id } } }));
      assert.equal(item.price, '30.00', 'the conflicting write changed nothing');
      await shot(page, '4-edit-conflict-412');

      await page.click('#reload');
      await page.locator(`#edit[data-version="${v + 2}"]`).waitFor();
      assert.equal(await page.locator('#edit input[name=price]').inputValue(), '30.00');
      await page.fill('#edit input[name=price]', '19.99');
      assert.match(await clickForNotice(page, '#edit button[type=submit]'), new RegExp(`^Saved \\(version ${v + 3}\\)`));
    });

    it('shows new items live over the WebSocket and reconnects after the socket drops', async () => {
      const fromElsewhere = await unwrap(seller.client.POST('/api/v2/items', {
        body: { name: `${run} kettle`, price: '35.00', currency: 'EUR', status: 'active' },
      }));
      await page.locator(`#live-items li[data-item="${fromElsewhere.id}"]`).waitFor();

      const opened = sockets.length;
      const reconnects = Number(await page.locator('#live').getAttribute('data-reconnects'));
      await sockets.at(-1)?.close({ code: 1012, reason: 'test: network loss' });
      await page.locator(`#live[data-status="open"][data-reconnects="${reconnects + 1}"]`).waitFor({ timeout: 20_000 });
      assert.equal(sockets.length, opened + 1, 'a new socket');
      const afterReconnect = await unwrap(seller.client.POST('/api/v2/items', {
        body: { name: `${run} toaster`, price: '45.00', currency: 'EUR', status: 'active' },
      }));
      await page.locator(`#live-items li[data-item="${afterReconnect.id}"]`).waitFor();
      await shot(page, '5-live-items-after-reconnect');
    });

    it('signs out: the session ends on the server', async () => {
      await page.click('#sign-out');
      await page.locator('#sign-in').waitFor();
      await page.locator('#live[data-status="closed"]').waitFor();
      const status = await page.evaluate(async () => {
        const res = await fetch('/api/v2/users/me');
        return { status: res.status, body: (await res.json()) as { detail?: string } };
      });
      assert.equal(status.status, 401);
      await shot(page, '6-signed-out');
    });

    it('places an order with an Idempotency-Key and sees its status change live', async () => {
      await signIn(page, buyer.email, PASSWORD);
      await page.fill('#search input', `${run} lamp 9`);
      await page.click('#search button');
      const card = page.locator('#items .card', { hasText: `${run} lamp 9` });
      await card.locator('.buy').click();
      const order = page.locator('#orders .order');
      await order.waitFor();
      const post = requests.find((r) => r.method() === 'POST' && r.url().endsWith('/api/v2/orders'));
      assert.ok(post);
      assert.match((await post.allHeaders())['idempotency-key'] ?? '', UUID);
      const orderId = await order.getAttribute('data-order');
      assert.ok(orderId);
      assert.equal(await order.locator('.status').innerText(), 'placed');

      // The payment arrives (an admin stands in for the provider's webhook), then the seller ships.
      const admin = createMarketplaceClient({ baseUrl: apiUrl });
      await login(admin, 'admin@marketplace.dev', DEV_PASSWORD);
      await unwrap(admin.POST('/api/v2/orders/{order_id}/transitions', { params: { path: { order_id: orderId } }, body: { status: 'paid' } }));
      await page.locator('#orders .order .status[data-status="paid"]').waitFor();
      await unwrap(seller.client.POST('/api/v2/orders/{order_id}/transitions', { params: { path: { order_id: orderId } }, body: { status: 'shipped' } }));
      await page.locator('#orders .order .status[data-status="shipped"]').waitFor();
      await page.locator('#notice', { hasText: 'is now shipped (was paid)' }).waitFor();
      await shot(page, '7-order-status-live');
    });
  });

  describe('cross-origin: the production build on another origin, CORS', () => {
    it('signs in, creates an item with the CSRF token from the exposed header, gets live events with tickets, signs out', async () => {
      // On another host (app.example.com calling api.example.com) the page cannot read the API's cookies: hide them.
      const { context, page, sockets } = await openApp(previewUrl, () => {
        Object.defineProperty(Document.prototype, 'cookie', { get: () => '', set: () => {}, configurable: true });
      });
      try {
        const requests: Request[] = [];
        page.on('request', (r) => requests.push(r));
        assert.match(await page.locator('footer').innerText(), /cross-origin/);
        assert.ok((await page.locator('#items .card').count()) > 0, 'the storefront loads cross-origin');

        await signIn(page, seller.email, PASSWORD);
        const tickets = () => requests.filter((r) => r.method() === 'POST' && r.url() === `${apiUrl}/api/v2/events/tickets`).length;
        assert.equal(tickets(), 1, 'the socket opened with a ticket');

        await page.fill('#create input[name=name]', `${run} cross-origin vase`);
        await page.fill('#create input[name=price]', '12.00');
        await page.click('#create button');
        await page.locator('#edit h3', { hasText: 'cross-origin vase' }).waitFor();
        const create = requests.find((r) => r.method() === 'POST' && r.url() === `${apiUrl}/api/v2/items`);
        assert.ok(create);
        assert.match((await create.allHeaders())['x-csrf-token'] ?? '', /^c_/);
        const id = await page.locator('#edit').getAttribute('data-item');
        await page.locator(`#live-items li[data-item="${id}"]`).waitFor(); // its own item.created, live

        // After a drop the helper asks for a fresh ticket: a ticket is single use.
        await sockets.at(-1)?.close({ code: 1012, reason: 'test: network loss' });
        await page.locator('#live[data-status="open"][data-reconnects="1"]').waitFor({ timeout: 20_000 });
        assert.equal(tickets(), 2, 'a fresh ticket for the new socket');
        await shot(page, '8-cross-origin');

        await page.click('#sign-out');
        await page.locator('#sign-in').waitFor();
        const me = await page.evaluate(async (url) => (await fetch(`${url}/api/v2/users/me`, { credentials: 'include' })).status, apiUrl);
        assert.equal(me, 401);
      } finally {
        await context.close();
      }
    });
  });

  it('leaves one screenshot per flow', () => {
    for (const name of ['1-storefront', '2-signed-in', '3-create-and-upload', '4-edit-conflict-412', '5-live-items-after-reconnect',
      '6-signed-out', '7-order-status-live', '8-cross-origin']) {
      assert.ok(existsSync(join(screenshots, `${name}.png`)), name);
    }
  });
});

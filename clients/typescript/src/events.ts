/**
 * Live events over the `/ws/events` WebSocket (described in `api-spec/asyncapi.yaml`).
 *
 * In a browser signed in with the session cookie, no ticket is needed (the page's origin must be an
 * allowed origin). Elsewhere, get a single-use ticket with `POST /api/v2/events/tickets` and pass it.
 */
import type { components } from './generated/schema.js';
import type { MarketplaceClient } from './index.js';
import { toProblemError } from './problem.js';

type Schemas = components['schemas'];

/** An event as delivered (the same envelope as a webhook body). */
export type LiveEvent = Schemas['ItemCreatedEvent'] | Schemas['OrderPlacedEvent'] | Schemas['OrderStatusChangedEvent'];
/** `items` carries `item.*` events, `orders` carries `order.*` events. */
export type LiveTopic = 'items' | 'orders';

/** The subset of the WebSocket API used here: the browser's `WebSocket`, Node 22's global, or the `ws` package. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface SubscribeOptions {
  /** The API's base URL, e.g. `https://api.marketplace.example` (the socket uses `wss:` / `ws:`). */
  baseUrl: string;
  topics: LiveTopic[];
  onEvent: (event: LiveEvent) => void;
  /** A ticket from `POST /api/v2/events/tickets`; omit in a browser that holds the session cookie. */
  ticket?: string;
  /** Server `error` messages (invalid message, unknown topic …); the socket stays open. */
  onError?: (error: { code: string; message: string }) => void;
  /** Called when the socket closes (network loss, idle timeout, server shutdown). Reconnect with a new ticket. */
  onClose?: (code: number, reason: string) => void;
  /** Defaults to `globalThis.WebSocket`; pass `ws`'s `WebSocket` in Node 20. */
  WebSocket?: WebSocketConstructor;
}

export interface LiveSubscription {
  /** Resolves once the server confirmed the subscription; rejects if the socket closes first. */
  ready: Promise<void>;
  close(): void;
}

/** Opens the live events socket, subscribes to `topics` and calls `onEvent` for every event of the caller. */
export function subscribeToEvents(options: SubscribeOptions): LiveSubscription {
  const Impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Impl) throw new Error('No WebSocket implementation: pass options.WebSocket (e.g. the ws package) in Node 20');
  const url = new URL('/ws/events', options.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (options.ticket) url.searchParams.set('ticket', options.ticket);
  const socket = new Impl(url.toString());
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  ready.catch(() => {}); // callers that never await `ready` get no unhandled rejection
  socket.onmessage = (message) => {
    let parsed: { type?: string; event?: LiveEvent; code?: string; message?: string };
    try {
      parsed = JSON.parse(String(message.data));
    } catch {
      return;
    }
    switch (parsed.type) {
      case 'welcome':
        socket.send(JSON.stringify({ type: 'subscribe', topics: options.topics }));
        break;
      case 'subscribed':
        settle?.resolve();
        break;
      case 'event':
        if (parsed.event) options.onEvent(parsed.event);
        break;
      case 'error':
        options.onError?.({ code: parsed.code ?? 'error', message: parsed.message ?? '' });
        break;
      default:
        break; // pong and message types added later
    }
  };
  socket.onclose = (event) => {
    settle?.reject(new Error(`live events socket closed (${event.code})`));
    options.onClose?.(event.code, event.reason);
  };
  socket.onerror = () => {
    settle?.reject(new Error('live events socket failed (refused handshake or network error)'));
  };
  return { ready, close: () => socket.close(1000, 'bye') };
}

/** What {@link connectLiveEvents} reports through `onStatus`. */
export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectOptions extends Omit<SubscribeOptions, 'ticket' | 'onClose'> {
  /**
   * Called before every (re)connection for a fresh single-use ticket, e.g. `() => eventTicket(client)`; omit in a
   * browser signed in with the session cookie. A ticket is never reused: a reconnection always asks for a new one.
   */
  ticket?: () => Promise<string> | string;
  /** Connection state changes (show "reconnecting…" in the UI). */
  onStatus?: (status: LiveStatus) => void;
  /** First retry delay in ms (default 1,000); doubles per failed try up to `maxDelayMs` (default 30,000), with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface LiveConnection {
  /** Resolves when the first subscription is confirmed. */
  ready: Promise<void>;
  /** Number of reconnections so far (0 until the socket dropped once). */
  readonly reconnects: number;
  /** Closes the socket and stops reconnecting. */
  close(): void;
}

/**
 * Like {@link subscribeToEvents}, but keeps the subscription alive: when the socket closes (network loss, idle
 * timeout, a deploy) it reconnects with exponential backoff, asking `ticket()` for a fresh ticket each time.
 * Events sent while disconnected are missed (live events are best effort; reload the view after `open`).
 */
export function connectLiveEvents(options: ConnectOptions): LiveConnection {
  const { ticket, onStatus, initialDelayMs = 1_000, maxDelayMs = 30_000, ...subscribe } = options;
  let current: LiveSubscription | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let failures = 0;
  let reconnects = 0;
  let first: { resolve: () => void } | undefined;
  const ready = new Promise<void>((resolve) => {
    first = { resolve };
  });

  const retry = () => {
    if (closed) return;
    onStatus?.('reconnecting');
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** failures);
    failures++;
    timer = setTimeout(() => {
      reconnects++;
      void open();
    }, delay / 2 + Math.random() * (delay / 2));
  };

  const open = async () => {
    if (closed) return;
    onStatus?.('connecting');
    let fresh: string | undefined;
    try {
      fresh = ticket ? await ticket() : undefined;
    } catch {
      retry(); // no ticket (server down, session expired): try again later
      return;
    }
    if (closed) return;
    let sub: LiveSubscription;
    try {
      sub = subscribeToEvents({
        ...subscribe,
        ...(fresh !== undefined ? { ticket: fresh } : {}),
        onClose: () => {
          if (current === sub) current = undefined;
          retry();
        },
      });
    } catch {
      retry();
      return;
    }
    current = sub;
    sub.ready.then(
      () => {
        failures = 0;
        onStatus?.('open');
        first?.resolve();
      },
      () => {}, // onClose schedules the retry
    );
  };

  void open();
  return {
    ready,
    get reconnects() {
      return reconnects;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      current?.close();
      current = undefined;
      onStatus?.('closed');
    },
  };
}

/** `POST /api/v2/events/tickets`: a fresh single-use ticket (30 s) for the socket; throws a `ProblemError`. */
export async function eventTicket(client: MarketplaceClient): Promise<string> {
  const result = await client.POST('/api/v2/events/tickets', {});
  if (result.error !== undefined || !result.response.ok || result.data === undefined) {
    throw toProblemError(result.error, result.response);
  }
  return result.data.ticket;
}

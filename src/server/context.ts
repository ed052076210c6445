import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Live } from '../realtime/live.js';
import type { KeyStore } from '../store/keys.js';
import type { AuthVariables } from './auth.js';
import type { Metrics } from './metrics.js';

// What every route module is handed: the live workspace, the keys, the metrics.

export type AppEnv = { Variables: AuthVariables };
export type App = OpenAPIHono<AppEnv>;

export interface AppContext {
  readonly live: Live;
  readonly keys: KeyStore;
  readonly metrics: Metrics;
  /** Milliseconds between SSE heartbeat comments. */
  readonly heartbeatMs: number;
  /** Aborted when the server shuts down: long-lived responses (SSE) end with it. */
  readonly shutdown: AbortSignal;
  /** Answer some Node requests before the app sees them (the server's busiest route); the app still serves them for `app.request`. */
  readonly serveFirst: (handler: RawHandler) => void;
}

/** Answers a Node request itself (true), or leaves it to the app (false). */
export type RawHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A module that adds its own routes (ingestion, webhooks): called once, after the core routes. */
export type RouteModule = (app: App, ctx: AppContext) => void;

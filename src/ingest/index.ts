export { registerIngestRoutes, type IngestRouteDeps } from './routes.js';
export { ingestRouteModule } from './module.js';
export { Ingestor, DECLARE_TRAITS_SETTING, type IngestCounts, type IngestHooks, type RejectReason } from './ingest.js';
export { LIMITS as INGEST_LIMITS } from './limits.js';
export { ANON_PREFIX, anonContact, readMessage, type CallType, type Message } from './message.js';

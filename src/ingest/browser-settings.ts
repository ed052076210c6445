import { HttpError } from '../server/errors.js';

// Browser SDKs read their source's settings before they send anything. Answering them here
// lets a site point an unchanged SDK at Segmint with its settings host alone:
// - @segment/analytics-next reads `${cdnURL}/v1/projects/${writeKey}/settings` and learns
//   there where to send (the "Segment.io" destination's `apiHost` and `protocol`), so the
//   answer names this server;
// - @rudderstack/analytics-js reads `${configUrl}/sourceConfig/?writeKey=…` and sends to
//   the `dataPlaneUrl` it was given, so the answer only has to be a valid, enabled source.
// A site that keeps the vendor's settings host sets the send address itself instead
// (docs/ingestion.md). Nothing else is switched on: no destinations or middleware to load
// from elsewhere, and the SDKs' own metrics and error reports off (they would go to the
// vendor).

/** Answers to pages of any site carry the one CORS header they need. */
export const ANY_ORIGIN = { 'access-control-allow-origin': '*' } as const;

/** A 404 a page of any site may read: what is missing and where. */
export const notFoundForPages = (what: string, path: string): Response => new HttpError(404, 'not_found', what, path, undefined, ANY_ORIGIN).response();

/** What a browser SDK's request for a write key no source has (unknown or revoked) gets, naming where the key was. */
export const unknownSource = (path: string): Response => notFoundForPages('no source has this write key (unknown or revoked)', path);

/** Where the request reached this server, as the browser sees it (a proxy in front may say `https`). */
export interface Origin {
  /** `host[:port]` as the Host header gave it. */
  readonly host: string;
  readonly protocol: 'http' | 'https';
}

/** The settings a browser SDK with this write key loads. */
export function browserSettings(writeKey: string, origin: Origin): Record<string, unknown> {
  return {
    integrations: {
      'Segment.io': {
        apiKey: writeKey,
        apiHost: `${origin.host}/v1`,
        protocol: origin.protocol,
      },
    },
    plan: { track: { __default: { enabled: true, integrations: {} } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
    metrics: { sampleRate: 0 },
    enabledMiddleware: {},
    middlewareSettings: {},
    edgeFunction: {},
    analyticsNextEnabled: true,
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
  };
}

/** The protocol a request came in by: the proxy's `X-Forwarded-Proto` when it names one we know, else the socket's. */
export function protocolOf(forwarded: string | undefined, encrypted: boolean): 'http' | 'https' {
  const first = forwarded?.split(',')[0]?.trim().toLowerCase();
  if (first === 'https' || first === 'http') return first;
  return encrypted ? 'https' : 'http';
}

/** The source config a RudderStack browser SDK with this write key loads. */
export function rudderSourceConfig(writeKey: string): Record<string, unknown> {
  return {
    isHosted: false,
    source: {
      id: 'segmint',
      name: 'Segmint',
      writeKey,
      workspaceId: 'segmint',
      enabled: true,
      config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
      destinations: [],
    },
  };
}

// The browser SDK (@segment/analytics-next) reads its source's settings from
// `${cdnURL}/v1/projects/${writeKey}/settings` before it sends anything, and learns there
// where to send (the "Segment.io" destination's `apiHost` and `protocol`). Answering them
// here, naming this server, lets a site point the SDK at Segmint with `cdnURL` alone; a
// site that keeps Segment's CDN sets `integrations["Segment.io"].apiHost` instead
// (docs/ingestion.md). Nothing else is switched on: no destinations or middleware to load
// from elsewhere, and the SDK's own metrics off (they would go to Segment's API).

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

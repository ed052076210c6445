// Every bound /v1 applies to what it receives. A write key ships inside web pages and apps,
// so a request is hostile until these hold. docs/server.md lists the same numbers.

export const LIMITS = {
  /** A single call (/v1/track, /v1/t, …) after decompression: over it the request is refused (400). */
  callBytes: 32 * 1024,
  /** A /v1/batch body after decompression: over it the request is refused (400). */
  batchBytes: 500 * 1024,
  /** Events in one batch: over it the request is refused (400). */
  batchEvents: 2_500,
  /** One event of a batch, as sent (UTF-8 bytes): a larger one is rejected on its own. */
  eventBytes: 32 * 1024,
  /** Objects and arrays nested in one message, the message itself counting as 1. */
  eventDepth: 32,
  /** Any text value inside properties, traits or context, in UTF-16 code units. */
  stringChars: 8_192,
  /** Ids (userId, anonymousId, previousId, groupId, messageId), event names and object keys. */
  idChars: 255,
  /** Bytes of a compressed body on the wire; the inflated body is held to the limits above. */
  wireSlackBytes: 1024,
  /** A rejected message is kept up to this many characters of its JSON. */
  rejectionChars: 8_192,
  /** The rejections table keeps this many of the newest rows. */
  rejectionsKept: 10_000,
  /** Fields `ingest.declare_traits` may declare in one request, and in a workspace in all. */
  declaredPerRequest: 50,
  declaredInWorkspace: 500,
  /** Events being written (accepted, not yet durable) before new requests get 429. */
  inFlightEvents: 50_000,
} as const;

/** Seconds a client is told to wait (Retry-After) when the write queue is full. */
export const RETRY_AFTER_SECONDS = 1;

// Generated from the server's OpenAPI document by web/scripts/api-types.mjs; do not edit.
/* eslint-disable */
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness (no key needed) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The server answers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (admin key) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text exposition */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Workspace settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Settings"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Change settings
         * @description Set the time zone (an IANA name) before importing: datetimes without an offset are read in it, and days, ages and windows are counted in it.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        timezone: string;
                    };
                };
            };
            responses: {
                /** @description The settings now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Settings"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/fields": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every field: system, computed, then custom */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The fields */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Field"][];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Declare or update custom fields
         * @description One field or an array. The whole body is checked first; when anything is wrong nothing is applied. A field's type can only change while no contact holds a value in it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["FieldDef"] | components["schemas"]["FieldDef"][];
                };
            };
            responses: {
                /** @description What changed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            added: number;
                            updated: number;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Contradicts what is stored: alias taken, a reference cycle, a segment still referenced. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create or update contacts (write key)
         * @description One contact or an array of up to 1000. An existing id changes only the keys given. If any record is refused, none is stored: the answer lists every refused record by index with its reasons.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ContactInput"] | components["schemas"]["ContactInput"][];
                };
            };
            responses: {
                /** @description Stored; memberships already follow */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            inserted: number;
                            updated: number;
                            changes: components["schemas"]["Change"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contact: fields, tags, segments and latest events */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The contact */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Contact"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Erase a contact
         * @description Erases the contact, its events, hand-made decisions and membership history: nothing of it remains.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Erased */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deleted: string;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record events (write key)
         * @description One event or an array of up to 1000, as in an NDJSON import. A repeated message_id is stored once; an unknown contact_id creates the contact. If any event is refused, none is stored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["EventInput"] | components["schemas"]["EventInput"][];
                };
            };
            responses: {
                /** @description Stored; memberships already follow */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            inserted: number;
                            duplicates: number;
                            contactsCreated: number;
                            changes: components["schemas"]["Change"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a file of contacts (NDJSON or CSV)
         * @description The body is the file itself, up to 100 MiB (`Content-Type: application/x-ndjson` or `text/csv`, or `?format=`). Bad rows are refused on their own; good rows are kept. The same formats as `segmint import contacts`.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Default: from the Content-Type (text/csv is CSV, anything else NDJSON) */
                    format?: "ndjson" | "csv";
                    /** @description Contacts only: declare unknown columns as fields with an inferred type */
                    createFields?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            responses: {
                /** @description The import summary */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ImportResult"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a file of events (NDJSON or CSV)
         * @description The body is the file itself, up to 100 MiB (`Content-Type: application/x-ndjson` or `text/csv`, or `?format=`). Bad rows are refused on their own; good rows are kept. The same formats as `segmint import events`.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Default: from the Content-Type (text/csv is CSV, anything else NDJSON) */
                    format?: "ndjson" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            responses: {
                /** @description The import summary */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ImportResult"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every segment with its member count */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The segments, in the order they were first saved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Segment"][];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Create or update many segments (like `segmint segments apply`)
         * @description One definition or an array; each is created or updated by alias. All are checked first; if any is wrong, none is saved.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    } | {
                        [key: string]: unknown;
                    }[];
                };
            };
            responses: {
                /** @description Saved and computed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            saved: components["schemas"]["Segment"][];
                            rebuilt: components["schemas"]["RebuildReport"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Contradicts what is stored: alias taken, a reference cycle, a segment still referenced. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Create a segment
         * @description Without `alias`, one is made from the name. An alias already taken is refused (409); use PUT to change a segment. Membership is computed before the answer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SegmentInput"];
                };
            };
            responses: {
                /** @description The new segment */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Segment"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Contradicts what is stored: alias taken, a reference cycle, a segment still referenced. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A segment, with hand-made decisions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The segment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SegmentDetail"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Replace a segment's definition (or create it)
         * @description The whole definition: fields left out are cleared. `alias` in the body, if given, must be the one in the path.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SegmentInput"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Segment"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Segment"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Contradicts what is stored: alias taken, a reference cycle, a segment still referenced. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /**
         * Delete a segment
         * @description Refused (409) while another segment references it. Its members and change log go with it.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deleted: string;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Contradicts what is stored: alias taken, a reference cycle, a segment still referenced. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recompute segments from scratch at the clock
         * @description The given segments (all when none), with what they reference and what references them, in dependency order.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        segments?: string[];
                    };
                };
            };
            responses: {
                /** @description Rebuilt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            segments: components["schemas"]["RebuildReport"][];
                            ms: number;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Members, a page at a time
         * @description In contact id order. Pass the answer's `next` as `cursor` for the following page; `next` is null on the last one. With `fields=true` each member comes with its stored fields.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    fields?: "true" | "false";
                };
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of members */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            members: (string | {
                                [key: string]: unknown;
                            })[];
                            next: string | null;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/include": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Include contacts by hand */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Applied; membership follows */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alias: string;
                            mode: string;
                            ids: string[];
                            members: number | null;
                            rebuilt: components["schemas"]["RebuildReport"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/exclude": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exclude contacts by hand */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Applied; membership follows */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alias: string;
                            mode: string;
                            ids: string[];
                            members: number | null;
                            rebuilt: components["schemas"]["RebuildReport"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Forget hand-made decisions */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Applied; membership follows */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alias: string;
                            mode: string;
                            ids: string[];
                            members: number | null;
                            rebuilt: components["schemas"]["RebuildReport"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recompute one segment from scratch
         * @description With what it references and what references it. The answer gives this segment's changes; `rebuilt` every segment recomputed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Rebuilt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entered: number;
                            left: number;
                            total: number;
                            rebuilt: components["schemas"]["RebuildReport"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/explain/{contactId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Why a contact is in or out
         * @description Each node of the condition, true or false, with the values it saw.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                    contactId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The explanation */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            member: boolean;
                            matches: boolean;
                            /** @enum {string|null} */
                            manual: "include" | "exclude" | null;
                            trace: components["schemas"]["Trace"];
                            condition?: unknown;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Size, entered and left per day
         * @description Calendar days in the workspace time zone, oldest first, ending today; `size` is the member count at the end of the day (for today: now). Computed from the change log.
         */
        get: {
            parameters: {
                query?: {
                    days?: number;
                };
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One row a day */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            segment: string;
                            timezone: string;
                            days: {
                                /** @example 2026-03-15 */
                                date: string;
                                size: number;
                                entered: number;
                                left: number;
                            }[];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every segment's size and entered/left per day
         * @description What `GET /api/v1/segments/{alias}/history` answers, for every segment in one request (the segment list's trends).
         */
        get: {
            parameters: {
                query?: {
                    days?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One row a day for each segment, in alias order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            timezone: string;
                            segments: {
                                segment: string;
                                days: {
                                    /** @example 2026-03-15 */
                                    date: string;
                                    size: number;
                                    entered: number;
                                    left: number;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/upcoming": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who will enter or leave without new data, and when */
        get: {
            parameters: {
                query?: {
                    days?: number;
                    /** @description Only the first changes, in time order (the totals still count all) */
                    limit?: number;
                };
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Changes due, in time order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            segment: string;
                            /**
                             * @description An ISO-8601 time (UTC)
                             * @example 2026-03-15T10:00:00.000Z
                             */
                            from: string;
                            /**
                             * @description An ISO-8601 time (UTC)
                             * @example 2026-03-15T10:00:00.000Z
                             */
                            to: string;
                            /** @description Changes into the segment in the period, all of them */
                            entering: number;
                            /** @description Changes out of it in the period, all of them */
                            leaving: number;
                            upcoming: {
                                contactId: string;
                                /** @enum {string} */
                                change: "entered" | "left";
                                /**
                                 * @description An ISO-8601 time (UTC)
                                 * @example 2026-03-15T10:00:00.000Z
                                 */
                                at: string;
                            }[];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Live count of a condition (not saved)
         * @description With `"nodes": true`, also the count of every node on its own (each group, each row, the child of each `not`), addressed by its path in the tree (`""` for the root, `conditions[1].conditions[0]`), all in one query.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        condition: components["schemas"]["ConditionInput"];
                        /** @description Also count every node of the tree on its own */
                        nodes?: boolean;
                    };
                };
            };
            responses: {
                /** @description How many contacts match now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            condition?: unknown;
                            dsl: string;
                            ms: number;
                            /** @description With `"nodes": true`: every node, the root first, in document order */
                            nodes?: {
                                /** @example conditions[0] */
                                path: string;
                                count: number;
                            }[];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check segment definitions without saving
         * @description One definition or an array, as for PUT /api/v1/segments. Always answers 200: `ok` says whether they would save, `errors` what is wrong and where (paths as in a definitions file).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    } | unknown[];
                };
            };
            responses: {
                /** @description The verdict */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            segments: string[];
                            errors: components["schemas"]["Issue"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Membership changes, a page at a time
         * @description Oldest first, after the cursor `after` (0 or absent: from the start of the log). Pass `next` as `after` to continue; when a page comes back empty, poll again later with the same cursor.
         */
        get: {
            parameters: {
                query?: {
                    segment?: string;
                    after?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of changes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changes: components["schemas"]["Change"][];
                            next: string;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/changes/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Membership changes as server-sent events
         * @description Each event: `id:` the change id, `data:` the change as JSON. Resumes after `Last-Event-ID` (or `?after=`); with neither, starts with the next change. A comment line is sent every 15 s to keep the connection open.
         */
        get: {
            parameters: {
                query?: {
                    segment?: string;
                    after?: string;
                };
                header?: {
                    "last-event-id"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An event stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The server's clock */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The clock */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Clock"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Move a fixed clock forward
         * @description Only for a server started with `--now`; on the wall clock this is refused (409). Time-driven changes due on the way are applied, each at its own boundary, before the answer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @example 2026-03-16T10:00:00Z */
                        now: string;
                    };
                };
            };
            responses: {
                /** @description Moved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Clock"] & {
                            /** @description Membership changes the move caused */
                            applied: number;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Contradicts what is stored: alias taken, a reference cycle, a segment still referenced. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every API key (never the secrets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The keys, oldest first, revoked ones included */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"][];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API key
         * @description The secret (`key`) is shown in this answer only. A write key may send contacts and events and nothing else.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "admin" | "write";
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description The new key, with its secret */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"] & {
                            /** @example sk_write_0123456789abcdefghijABCDEFGHIJ01 */
                            key: string;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Event names with counts, and their property keys
         * @description Every event name the workspace holds, commonest first, with its count and its latest time; per name, the property keys of its newest 500 events with their JSON types and commonest values.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The catalog */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: components["schemas"]["CatalogEvent"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every saved version of a segment's definition, newest first
         * @description A save that changes nothing adds no version. The versions of a deleted segment stay readable (and restorable).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The versions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alias: string;
                            versions: components["schemas"]["SegmentVersion"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/versions/{n}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One saved version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                    n: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SegmentVersion"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/versions/{n}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Save an earlier version as the newest
         * @description The definition of version `n` is saved again (checked as any save: its fields and referenced segments must still exist; a refusal names the place in the version's definition, e.g. `definition.condition.conditions[0].segment`) and becomes a new version; membership follows before the answer. A deleted segment is created again. Restoring the definition the segment already has saves nothing (`unchanged: true`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                    n: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Restored */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            version: components["schemas"]["SegmentVersion"];
                            segment: components["schemas"]["Segment"];
                            unchanged: boolean;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Contradicts what is stored: alias taken, a reference cycle, a segment still referenced. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{alias}/overlap/{other}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Overlap of two segments
         * @description Counts of current members: in `alias` only (`onlyA`), in both, in `other` only (`onlyB`). A segment may be compared with itself.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alias: string;
                    other: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The overlap */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Overlap"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A contact's entries and exits, newest first
         * @description From the change log, in the order it was written, newest first; `next` (a log id) passed as `before` gives older ones. A deleted segment takes its entries along.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    before?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The history */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contactId: string;
                            history: components["schemas"]["MembershipHistoryEntry"][];
                            next: string | null;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every segment with in or out for a contact, and why */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description In list order of the segments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contactId: string;
                            segments: components["schemas"]["ContactSegment"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview an upload: columns, suggested mapping, first rows checked
         * @description The body is the file (or its beginning: the first 2097152 bytes are read). Each column gets a suggested target — matched by field key, by label, by normalized name ("First Name" → first_name) or by a common synonym ("E-Mail" → email, "Signup date" → created_at); for events other columns become properties. With `mapping`, the rows are checked with it instead (columns it leaves out are suggested). Nothing is stored.
         */
        post: {
            parameters: {
                query: {
                    kind: "contacts" | "events";
                    /** @description Default: from the Content-Type (text/csv, application/x-ndjson), else from the first character */
                    format?: "csv" | "ndjson";
                    /** @description A JSON object: column → target key (a field key; for events contact_id, name, ts, properties, message_id or properties.KEY), or null to skip the column. Columns it does not name keep their own name. */
                    mapping?: string;
                    /** @description Contacts: create a field for each target no field has yet, labelled with its column's header, its type inferred from every value */
                    createFields?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                };
            };
            responses: {
                /** @description The preview */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ImportPreview"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/{kind}/mapped": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import an upload with its columns mapped
         * @description The body is the file (NDJSON or CSV, up to 100 MiB), imported as `POST /api/v1/imports/{kind}` would after renaming or skipping its columns as `mapping` says. Every target is checked first: an unknown field (without `createFields=true`), a computed field or two columns on one target refuse the import (422, path `query.mapping["COLUMN"]`) and nothing is stored. Rejected rows carry their line in the upload and the record as uploaded; all of them (up to 50000) can be downloaded from `rejectsUrl` for 7 days.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Default: from the Content-Type (text/csv, application/x-ndjson), else from the first character */
                    format?: "csv" | "ndjson";
                    /** @description A JSON object: column → target key (a field key; for events contact_id, name, ts, properties, message_id or properties.KEY), or null to skip the column. Columns it does not name keep their own name. */
                    mapping?: string;
                    /** @description Contacts: create a field for each target no field has yet, labelled with its column's header, its type inferred from every value */
                    createFields?: "true" | "false";
                };
                header?: never;
                path: {
                    kind: "contacts" | "events";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                };
            };
            responses: {
                /** @description The import summary */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MappedImportResult"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/{id}/rejects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the rejected rows of a mapped import
         * @description NDJSON (`{"line", "reasons", "record"}` a line) or CSV (`line`, `reasons`, then the upload's own columns, to fix and upload again). Kept for the latest 20 imports, 7 days at most.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Default: the upload's format */
                    format?: "csv" | "ndjson";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The rejected rows */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
                        "text/csv": string;
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Starting points for a new segment
         * @description A dozen everyday segments (a city, active with an e-mail, loyal customers, big spenders, a topic, a recent support case, inactive for 60 days, over N points, recently registered, aged 40–50, cart without purchase, VIP or Gold, a 10 % holdout), each naming the closest fields, events and properties this workspace has. Nothing is saved.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The templates */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            templates: components["schemas"]["Template"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signin/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a one-time sign-in token (admin key)
         * @description The token is exchanged once at POST /api/v1/signin for a new admin key; it is valid for 10 minutes and held in the server's memory only.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The token */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @example st_0123456789abcdefghijABCDEFGHIJ01 */
                            token: string;
                            /**
                             * @description An ISO-8601 time (UTC)
                             * @example 2026-03-15T10:00:00.000Z
                             */
                            expiresAt: string;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a one-time sign-in token for an admin key (no key needed)
         * @description Answers a new admin key named "browser sign-in", its secret shown in this answer only. A token works once and only until it expires.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description The new key, with its secret */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string | null;
                            /** @enum {string} */
                            role: "admin" | "write";
                            /**
                             * @description An ISO-8601 time (UTC)
                             * @example 2026-03-15T10:00:00.000Z
                             */
                            createdAt: string;
                            /**
                             * @description An ISO-8601 time (UTC)
                             * @example 2026-03-15T10:00:00.000Z
                             */
                            revokedAt: string | null;
                            /**
                             * @description An ISO-8601 time (UTC)
                             * @example 2026-03-15T10:00:00.000Z
                             */
                            lastUsedAt: string | null;
                            /** @example sk_admin_0123456789abcdefghijABCDEFGHIJ01 */
                            key: string;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rejections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Messages /v1 refused, and traits it could not apply, newest first
         * @description Each with its reason and its JSON as sent. The newest 10000 are kept.
         */
        get: {
            parameters: {
                query?: {
                    /** @description At most this many (default 50, at most 500) */
                    limit?: number;
                    /** @description The `next` of the previous page */
                    cursor?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page; `next` is the cursor of the next page (null: none) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rejections: components["schemas"]["Rejection"][];
                            next: number | null;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook subscriptions (without their secrets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The subscriptions, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            webhooks: components["schemas"]["Webhook"][];
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Subscribe a URL to segment.entered and segment.left
         * @description Only changes logged from now on are sent. Deliveries follow the Standard Webhooks specification, signed with the secret in the answer (shown only there).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["WebhookCreate"];
                };
            };
            responses: {
                /** @description The subscription, with its secret */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookCreated"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One subscription */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The subscription */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Webhook"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a subscription: nothing more is sent, its delivery log goes too */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery attempts, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description At most this many attempts (default 50, at most 500) */
                    limit?: number;
                    /** @description The `next` of the previous page */
                    cursor?: number | null;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of attempts; `next` is the cursor of the following page (null: no more) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: components["schemas"]["WebhookDelivery"][];
                            next: number | null;
                        };
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a signed `webhook.test` message now
         * @description One attempt, no retry, logged with the deliveries. The answer says how it went; a receiver that fails still gets a 200 here, with `status` failed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The attempt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDelivery"];
                    };
                };
                /** @description The request could not be read: not JSON, or not the expected shape. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or one that is unknown or revoked. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A write key on a route that needs an admin key. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such segment, contact or key. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body is over the size limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: components["schemas"]["ErrorIssue"] & {
                /** @description Every problem found, when there were several. */
                issues?: components["schemas"]["ErrorIssue"][];
            };
        };
        ErrorIssue: {
            /** @example invalid_request */
            code: string;
            /** @example Invalid input: expected number, received string */
            message: string;
            /** @example body.condition.conditions[2].value */
            path: string;
        };
        Settings: {
            /** @example Europe/Zurich */
            timezone: string;
        };
        Field: {
            key: string;
            label: string | null;
            /** @description A field type, or `tags` */
            type: string;
            options: string[] | null;
            system: boolean;
            computed: boolean;
        };
        FieldDef: {
            /** @example city */
            key: string;
            label: string;
            /** @enum {string} */
            type: "text" | "number" | "boolean" | "date" | "datetime" | "select" | "multiselect" | "email" | "phone" | "url";
            options?: string[];
        };
        Change: {
            /**
             * @description The change's place in the log; `after` takes it as a cursor
             * @example 1042
             */
            id: number;
            segment: string;
            contactId: string;
            /** @enum {string} */
            change: "entered" | "left";
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            at: string;
            /** @enum {string} */
            cause: "data" | "time" | "manual" | "definition";
        };
        /**
         * @description `id` and any system or declared field keys; tags and multiselects as arrays; null or "" clears a value.
         * @example {
         *       "id": "c1",
         *       "email": "anna@example.com",
         *       "city": "Zürich",
         *       "tags": [
         *         "vip"
         *       ]
         *     }
         */
        ContactInput: {
            id: string | number;
        } & {
            [key: string]: unknown;
        };
        Contact: {
            id: string;
            /** @description Every stored field (datetimes as ISO-8601); null when missing */
            fields: {
                [key: string]: unknown;
            };
            tags: string[];
            /** @description Aliases of the segments it is a member of */
            segments: string[];
            /** @description Its latest events, newest first (at most 50) */
            events: {
                name: string;
                /**
                 * @description An ISO-8601 time (UTC)
                 * @example 2026-03-15T10:00:00.000Z
                 */
                ts: string;
                properties: {
                    [key: string]: unknown;
                };
                messageId: string | null;
            }[];
            eventCount: number;
        };
        /**
         * @example {
         *       "contact_id": "c1",
         *       "name": "purchase",
         *       "ts": "2026-03-14T12:00:00Z",
         *       "properties": {
         *         "amount": 19.9
         *       },
         *       "message_id": "m20"
         *     }
         */
        EventInput: {
            contact_id: string | number;
            name: string;
            /** @example 2026-03-14T12:00:00Z */
            ts: string;
            properties?: {
                [key: string]: unknown;
            } | null;
            message_id?: string | number | null;
        };
        ImportResult: {
            read: number;
            imported: number;
            updated: number;
            rejected: number;
            duplicates: number;
            contactsCreated: number;
            fieldsCreated: string[];
            rejects: {
                line: number;
                reasons: string[];
                record?: unknown;
            }[];
            /** @description Segments brought up to date after the import */
            segmentsRebuilt: number;
        };
        Segment: {
            alias: string;
            name: string;
            description: string | null;
            category: string | null;
            /** @enum {string} */
            kind: "dynamic" | "manual";
            condition: components["schemas"]["Condition"];
            /** @description The condition as DSL text */
            dsl: string | null;
            members: number;
            /**
             * @description When its membership was last computed
             * @example 2026-03-15T10:00:00.000Z
             */
            computedAt: string | null;
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            createdAt: string;
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            updatedAt: string;
        };
        /** @description A condition tree (docs/segment-language.md). */
        Condition: {
            /** @enum {string} */
            type: "and";
            conditions: components["schemas"]["Condition"][];
        } | {
            /** @enum {string} */
            type: "or";
            conditions: components["schemas"]["Condition"][];
        } | {
            /** @enum {string} */
            type: "not";
            condition: components["schemas"]["Condition"];
        } | {
            /** @enum {string} */
            type: "all";
        } | {
            /** @enum {string} */
            type: "field";
            field: string;
            /** @enum {string} */
            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "between" | "not_between" | "in" | "not_in" | "contains" | "not_contains" | "starts_with" | "ends_with" | "any_of" | "none_of" | "all_of" | "matches" | "not_matches" | "is_set" | "is_not_set" | "is_true" | "is_false";
            value?: string | number | boolean | (string | number | boolean)[];
            /** @enum {string} */
            fn?: "age_years" | "days_since" | "days_until_anniversary";
            case_sensitive?: boolean;
        } | {
            /** @enum {string} */
            type: "event";
            event: string;
            where?: components["schemas"]["WhereCondition"];
            within?: string | {
                from?: string;
                to?: string;
            };
            /** @enum {string} */
            measure?: "count" | "sum" | "avg" | "min" | "max" | "distinct" | "first_at" | "last_at";
            property?: string;
            /** @enum {string} */
            op?: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "between" | "not_between";
            value?: number | string | (number | string)[];
        } | {
            /** @enum {string} */
            type: "sequence";
            steps: {
                event: string;
                where?: components["schemas"]["WhereCondition"];
                absent?: boolean;
            }[];
            within?: string | {
                from?: string;
                to?: string;
            };
            gap?: string;
        } | {
            /** @enum {string} */
            type: "segment";
            segment: string;
            /** @enum {string} */
            op: "in" | "not_in";
        } | {
            /** @enum {string} */
            type: "sample";
            percent: number;
            salt: string;
        };
        /** @description A condition on one event's properties. */
        WhereCondition: {
            /** @enum {string} */
            type: "and";
            conditions: components["schemas"]["WhereCondition"][];
        } | {
            /** @enum {string} */
            type: "or";
            conditions: components["schemas"]["WhereCondition"][];
        } | {
            /** @enum {string} */
            type: "not";
            condition: components["schemas"]["WhereCondition"];
        } | {
            /** @enum {string} */
            type: "field";
            field: string;
            /** @enum {string} */
            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "between" | "not_between" | "in" | "not_in" | "contains" | "not_contains" | "starts_with" | "ends_with" | "any_of" | "none_of" | "all_of" | "matches" | "not_matches" | "is_set" | "is_not_set" | "is_true" | "is_false";
            value?: string | number | boolean | (string | number | boolean)[];
            /** @enum {string} */
            fn?: "age_years" | "days_since" | "days_until_anniversary";
            case_sensitive?: boolean;
        };
        SegmentInput: {
            name: string;
            alias?: string;
            description?: string | null;
            category?: string | null;
            /** @enum {string} */
            kind?: "dynamic" | "manual";
            condition?: components["schemas"]["ConditionInput"];
        };
        /** @description A condition as a JSON tree or as DSL text. */
        ConditionInput: string | components["schemas"]["Condition"];
        RebuildReport: {
            alias: string;
            entered: number;
            left: number;
            total: number;
            ms: number;
            unchanged?: boolean;
        };
        SegmentDetail: components["schemas"]["Segment"] & {
            /** @description Contacts included or excluded by hand */
            manual: {
                include: string[];
                exclude: string[];
            };
        };
        Trace: {
            path: string;
            result: boolean;
            seen: {
                [key: string]: unknown;
            };
            children: components["schemas"]["Trace"][];
        } | null;
        Issue: {
            code: string;
            message: string;
            path: string;
        };
        Clock: {
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            now: string;
            /** @description Whether the clock stands still (started with --now) */
            fixed: boolean;
        };
        ApiKey: {
            id: string;
            name: string | null;
            /** @enum {string} */
            role: "admin" | "write";
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            createdAt: string;
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            revokedAt: string | null;
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            lastUsedAt: string | null;
        };
        CatalogEvent: {
            name: string;
            /** @description Events of this name stored */
            count: number;
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            lastSeen: string;
            /** @description The newest events of this name the properties were read from (at most 500) */
            sampled: number;
            properties: components["schemas"]["CatalogProperty"][];
        };
        CatalogProperty: {
            /**
             * @description Dotted for nested objects, as a `where` names it
             * @example category
             */
            key: string;
            /** @description JSON types seen, commonest first */
            types: ("string" | "number" | "boolean" | "object" | "array" | "null")[];
            /** @description Sampled events that carry the key */
            seen: number;
            /** @description Distinct values among the sampled events */
            distinct: number;
            /** @description Commonest values in the sample, commonest first (at most 5) */
            examples: (string | number | boolean)[];
        };
        SegmentVersion: {
            alias: string;
            /** @example 3 */
            version: number;
            definition: components["schemas"]["SegmentDefinition"];
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            savedAt: string;
            savedBy: {
                /**
                 * @description The API key's id, or `cli`
                 * @example key_4f8Qz1LmN0pa
                 */
                id: string;
                /** @description The key's name when it has one */
                name: string | null;
            };
            /** @description The version this save restored */
            restoredFrom: number | null;
            /** @description Whether this is the definition the segment has now */
            current: boolean;
        };
        SegmentDefinition: {
            name: string;
            description: string | null;
            category: string | null;
            /** @enum {string} */
            kind: "dynamic" | "manual";
            /** @description The condition tree (null for a manual segment) */
            condition?: unknown;
            /** @description The condition as DSL text */
            dsl: string | null;
        };
        Overlap: {
            a: string;
            b: string;
            onlyA: number;
            both: number;
            onlyB: number;
        };
        MembershipHistoryEntry: {
            /** @description The change's place in the log; pass it as `before` for older ones */
            id: number;
            segment: string;
            /** @enum {string} */
            change: "entered" | "left";
            /**
             * @description When it happened (a time-driven change: the instant its boundary was crossed)
             * @example 2026-03-15T10:00:00.000Z
             */
            at: string;
            /**
             * @description new data, time passing, a hand-made decision, or a saved definition
             * @enum {string}
             */
            cause: "data" | "time" | "manual" | "definition";
        };
        ContactSegment: {
            segment: string;
            name: string;
            category: string | null;
            /** @enum {string} */
            kind: "dynamic" | "manual";
            /** @description A member now, hand-made decisions included */
            member: boolean;
            /** @description Whether the condition holds for the contact */
            matches: boolean;
            /** @enum {string|null} */
            manual: "include" | "exclude" | null;
            trace: components["schemas"]["ContactTrace"];
            condition?: unknown;
        };
        /** @description Each node of the condition, true or false, with the values it saw (null for a manual segment) */
        ContactTrace: {
            path: string;
            result: boolean;
            seen: {
                [key: string]: unknown;
            };
            children: components["schemas"]["ContactTrace"][];
        } | null;
        ImportPreview: {
            /** @enum {string} */
            kind: "contacts" | "events";
            /** @enum {string} */
            format: "csv" | "ndjson";
            columns: {
                column: string;
                /** @description Suggested (or given) target; null: skipped */
                target: string | null;
                /** @enum {string|null} */
                matchedBy: "key" | "label" | "name" | "synonym" | "property" | "given" | null;
                /** @description A contacts column no field fits: the field it would become (type inferred from the sampled rows) */
                create: {
                    key: string;
                    label: string;
                    type: string;
                } | null;
                examples: unknown[];
                /** @description Sampled rows where it is empty */
                empty: number;
            }[];
            /** @description The mapping the rows were checked with: pass it (edited) to the import */
            mapping: {
                [key: string]: string | null;
            };
            /** @description What a column can be mapped to */
            targets: {
                key: string;
                label: string | null;
                type: string;
            }[];
            /** @description The first 20 rows, checked as the import will check them */
            rows: {
                line: number;
                values: {
                    [key: string]: unknown;
                } | null;
                /** @description Reasons the import would refuse the row, by column */
                errors: {
                    [key: string]: string[];
                };
                /** @description Reasons of no one column (a required key no column maps to, an unreadable line) */
                rowErrors: string[];
            }[];
            /** @description Rows read to suggest types (at most 1000) */
            sampled: number;
            /** @description Whether the upload was longer than the 2097152 bytes a preview reads */
            truncated: boolean;
        };
        MappedImportResult: {
            importId: string;
            read: number;
            imported: number;
            updated: number;
            rejected: number;
            duplicates: number;
            contactsCreated: number;
            fieldsCreated: string[];
            /** @description Rejected rows with the line of the upload they are on, its reasons and the record as uploaded (the first 1000) */
            rejects: {
                line: number;
                reasons: string[];
                record: {
                    [key: string]: unknown;
                } | null;
            }[];
            /** @description Where every rejected row can be downloaded (null when none was rejected) */
            rejectsUrl: string | null;
        };
        Template: {
            /** @example loyal */
            id: string;
            name: string;
            description: string;
            category: string;
            /** @description A condition tree, ready to edit and save */
            condition?: unknown;
            /** @description The condition as DSL text */
            dsl: string;
            /** @description True when every field and event it names exists here; otherwise `notes` says what to pick */
            ready: boolean;
            notes: string[];
        };
        Rejection: {
            /** @description Grows with every rejection; the cursor of the pages */
            id: number;
            /** @example 2026-03-15T10:00:00.000Z */
            receivedAt: string;
            /** @example traits.age: "abc" is not a number */
            reason: string;
            /**
             * @description The request path and the message's place in it
             * @example /v1/batch batch[3]
             */
            path: string;
            /** @description The message's JSON as sent, up to 8192 characters */
            message: string;
            truncated: boolean;
        };
        Webhook: {
            id: string;
            url: string;
            /**
             * @description Aliases of the segments whose changes are sent; null (or left out): every segment
             * @example [
             *       "loyal",
             *       "cart_abandoners"
             *     ]
             */
            segments: string[] | null;
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            createdAt: string;
            disabled: boolean;
            /** @description Changes not yet delivered or given up */
            pending: number;
        };
        WebhookCreated: {
            id: string;
            url: string;
            /**
             * @description Aliases of the segments whose changes are sent; null (or left out): every segment
             * @example [
             *       "loyal",
             *       "cart_abandoners"
             *     ]
             */
            segments: string[] | null;
            /**
             * @description The signing secret (Standard Webhooks, `whsec_` and base64): shown only in this answer
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwCmXqGk3T2hE=
             */
            secret: string;
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            createdAt: string;
        };
        WebhookCreate: {
            /**
             * @description The receiver: an absolute http or https URL
             * @example https://example.com/hooks/segmint
             */
            url: string;
            /**
             * @description Aliases of the segments whose changes are sent; null (or left out): every segment
             * @example [
             *       "loyal",
             *       "cart_abandoners"
             *     ]
             */
            segments?: string[] | null;
        };
        WebhookDelivery: {
            id: number;
            webhookId: string;
            /** @description The change delivered (`id` of /api/v1/changes); null for a test delivery */
            changeId: number | null;
            /** @description The `webhook-id` header: the same on every attempt of one change */
            messageId: string;
            attempt: number;
            /**
             * @description `retrying`: failed, another attempt follows at `nextAttemptAt`; `failed`: the last attempt failed, or a test delivery failed
             * @enum {string}
             */
            status: "delivered" | "retrying" | "failed";
            responseCode: number | null;
            /** @example answered 500: Internal Server Error */
            error: string | null;
            durationMs: number;
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            at: string;
            /**
             * @description An ISO-8601 time (UTC)
             * @example 2026-03-15T10:00:00.000Z
             */
            nextAttemptAt: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;

// A string kept for long must not be a piece of a larger one. V8 makes a substring of 13
// characters or more (a contact id, a property value read out of a request body) a slice
// that points into the whole string, and the whole body then lives as long as the piece:
// a 500 KB batch kept alive by one new contact's id, a browser's whole request by each
// anonymous visitor's. Appending a character and cutting it off again copies the
// characters into a string of their own (the result is a slice of that copy alone).

/** Below V8's shortest slice, a substring is already a copy of its own. */
const SHORTEST_SLICE = 13;

/** `s`, holding nothing larger than itself. */
export function detached(s: string): string {
  return s.length < SHORTEST_SLICE ? s : (s + ' ').slice(0, -1);
}

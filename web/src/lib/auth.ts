// The admin key this browser session signed in with. It lives in sessionStorage: gone
// when the tab closes, never in localStorage or a cookie. Listeners hear sign-in and
// sign-out (a 401 from the API signs out).

const STORAGE_KEY = 'segmint.key';

type Listener = (key: string | null) => void;
const listeners = new Set<Listener>();

export function getKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(STORAGE_KEY, key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused (private mode): the key lives as long as this page.
  }
  memory = key;
  for (const l of listeners) l(key);
}

let memory: string | null = null;

/** The key, from storage or (when storage is refused) from this page's memory. */
export function currentKey(): string | null {
  return getKey() ?? memory;
}

export function onKeyChange(l: Listener): () => void {
  listeners.add(l);
  return () => { listeners.delete(l); };
}

/** The shape of every key the server hands out. */
export const KEY_SHAPE = /^sk_(admin|write)_[0-9A-Za-z]{32}$/;

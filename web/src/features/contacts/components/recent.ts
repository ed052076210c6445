// Contacts opened lately in this browser: a convenience on the contacts page, kept in
// localStorage (UI state, not server state).

export interface RecentContact { id: string; name: string | null; email: string | null }

const KEY = 'segmint.recentContacts';
const MAX = 12;

export function recentContacts(): RecentContact[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as RecentContact[]).filter((c) => typeof c?.id === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function rememberContact(c: RecentContact): void {
  try {
    const list = [c, ...recentContacts().filter((x) => x.id !== c.id)].slice(0, MAX);
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage refused: nothing to remember.
  }
}

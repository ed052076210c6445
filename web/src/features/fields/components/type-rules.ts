// What each field type accepts and which conditions it offers: the registry's rules
// (docs/segment-language.md §1 and §3) in a marketer's words.

export interface TypeRule { type: string; label: string; accepts: string; conditions: string }

export const TYPE_RULES: readonly TypeRule[] = [
  { type: 'text', label: 'Text', accepts: 'Any text. Empty text counts as no value.', conditions: '= != contains, starts/ends with, matches, in (…); case-insensitive unless asked' },
  { type: 'number', label: 'Number', accepts: 'A number, or text holding one ("42", "3.5").', conditions: '= != > >= < <= between, in (…)' },
  { type: 'boolean', label: 'Yes / no', accepts: 'true/false, "true"/"false", 1/0.', conditions: 'is true, is false (false when missing)' },
  { type: 'date', label: 'Date', accepts: 'A calendar date, ISO-8601 (2026-03-15).', conditions: 'before/after/between dates or relative ones (-30d, start_of_month); age(), days_since(), days until anniversary' },
  { type: 'datetime', label: 'Date and time', accepts: 'ISO-8601; without an offset, read in the workspace’s zone.', conditions: 'as dates, to the second; relative (-12h, today)' },
  { type: 'select', label: 'One of a list', accepts: 'One of the options, exactly.', conditions: '= != in (…)' },
  { type: 'multiselect', label: 'Several of a list', accepts: 'A list of options (in CSV: separated by ;).', conditions: 'contains, any of, all of, none of' },
  { type: 'email', label: 'E-mail', accepts: 'An e-mail address (checked).', conditions: 'as text' },
  { type: 'phone', label: 'Phone', accepts: 'A phone number (checked; kept as written).', conditions: 'as text' },
  { type: 'url', label: 'URL', accepts: 'An absolute http(s) URL (checked).', conditions: 'as text' },
];

export const typeLabel = (t: string): string => TYPE_RULES.find((r) => r.type === t)?.label ?? (t === 'tags' ? 'Tags' : t);

// Errors are values: a code a program can switch on, a message a person can read,
// and a path that says where (a JSON path, a file line/column, a field key).

export type ErrorCode =
  | 'parse_error'        // DSL or JSON text could not be read
  | 'invalid_condition'  // condition tree has a wrong shape or value
  | 'unknown_field'
  | 'unknown_segment'
  | 'type_mismatch'      // operator or value does not fit the field's type
  | 'invalid_value'      // a contact/event value does not fit its declared type
  | 'invalid_regex'
  | 'cycle'
  | 'referenced'         // segment is referenced and cannot be deleted
  | 'not_found'
  | 'conflict'
  | 'invalid_argument'
  | 'locked'
  | 'busy';             // too much waiting: retry shortly

export interface Issue {
  readonly code: ErrorCode;
  readonly message: string;
  /** Where: `conditions[1].value`, `line 3, column 7`, `fields[2].type`. Empty when global. */
  readonly path: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly Issue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...errors: Issue[]): Result<T> => ({ ok: false, errors });

export function issue(code: ErrorCode, message: string, path = ''): Issue {
  return { code, message, path };
}

/** The one place an issue becomes text. */
export function renderIssue(i: Issue): string {
  return i.path ? `${i.message} at ${i.path}` : i.message;
}

/** Thrown across layers that cannot return a Result (CLI actions, store transactions). */
export class SegmintError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[] | Issue) {
    const list = Array.isArray(issues) ? issues : [issues as Issue];
    super(list.map(renderIssue).join('; '));
    this.name = 'SegmintError';
    this.issues = list;
  }
}

/** Join path segments the way users read them: `conditions[2].where.value`. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

export type * from './store.js';
export { DuckDBStore } from './duckdb-store.js';

export { importContacts, importEvents } from './importer.js';
export type { ImportSummary, ImportOptions } from './importer.js';

export { defaultRejectsPath, importContacts, importEvents, removeStaleRejects, writeRejects } from './importer.js';
export type { ImportSummary, ImportOptions } from './importer.js';

export { Workspace } from './workspace.js';
export type { SegmentSummary, RebuildReport } from './workspace.js';
export { aliasFromName, parseDefinitions, referencedSegments } from './definitions.js';

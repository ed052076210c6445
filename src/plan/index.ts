export { bindCondition, measureHolds, sampleBucketHex, sampleThreshold } from './bind.js';
export type { BindOptions } from './bind.js';
export type * from './bound.js';
export { fold } from './fold.js';
export { regexProblem } from './regex.js';

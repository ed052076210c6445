export { PRESENT, evaluate, explain, isMissing, propertyAt, round9 } from './evaluate.js';
export { lowerBound, sortNumbers, upperBound } from './sorted.js';
export type { ContactRecord, EventRecord, EvalEnv, Trace, Seen } from './evaluate.js';
export { DataEnv, ReadThrough, type EnvData, type EventSource } from './data-env.js';

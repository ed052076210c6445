export { evaluate, explain, propertyAt, round9 } from './evaluate.js';
export type { ContactRecord, EventRecord, EvalEnv, Trace, Seen } from './evaluate.js';

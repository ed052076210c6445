// The condition model the builder edits is the server's own (src/condition/types.ts):
// one discriminated union, the same `type` tags as the segment language. Importing it
// here, type-only or as constant lists, keeps the editor from drifting from the engine.
export {
  FIELD_OPS, FIELD_FNS, MEASURES, MEASURE_OPS,
} from '../../../../src/condition/types.js';
export type {
  Condition, WhereCondition, FieldCondition, EventCondition, SequenceCondition, SequenceStep,
  SegmentCondition, SampleCondition, FieldOp, FieldFn, Measure, MeasureOp, Scalar, Window, DateValue,
} from '../../../../src/condition/types.js';

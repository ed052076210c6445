// The segment editor and its condition builder (issue 11). Pages and the router use
// this surface only.
export { SegmentEditorPage } from './components/SegmentEditorPage';
export { ConditionBuilder, type ConditionBuilderProps } from './components/ConditionBuilder';
export { TemplatePicker } from './components/TemplatePicker';
export { useTemplates, type TemplateChoice } from './hooks/useTemplates';
export { useNodeCounts } from './hooks/useNodeCounts';
export { fromCondition, compile, type GroupNode } from './tree';

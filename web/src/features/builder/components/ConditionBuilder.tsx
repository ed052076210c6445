import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { moveNode, type GroupNode, type NodeId } from '../tree';
import type { CatalogEvent, FieldInfo } from '../ops';
import { BuilderContext, type BuilderContextValue, type DragState, type NodeStatus } from './context';
import { GroupEditor } from './GroupEditor';

// The condition builder: groups that nest to any depth (all of / any of, each with its
// own NOT), rows of every condition type, moves by drag, by buttons and by keyboard, and a
// count beside every part. The tree is the caller's state; every edit hands back a new one.

export interface ConditionBuilderProps {
  readonly value: GroupNode;
  readonly onChange: (next: GroupNode) => void;
  readonly fields: readonly FieldInfo[];
  readonly events: readonly CatalogEvent[];
  readonly segments: readonly { alias: string; name: string }[];
  readonly self?: string;
  /** Count and problem of each node (see useNodeCounts). */
  readonly status: (id: NodeId) => NodeStatus;
  readonly stale?: boolean;
}

export function ConditionBuilder({ value, onChange, fields, events, segments, self, status, stale = false }: ConditionBuilderProps) {
  const latest = useRef(value);
  latest.current = value;
  const [focus, setFocus] = useState<{ id: NodeId; where: 'handle' | 'first' } | null>(null);
  const [dragging, setDragging] = useState<NodeId | null>(null);
  const [over, setOver] = useState<{ groupId: NodeId; index: number } | null>(null);

  const change = useCallback((edit: (root: GroupNode) => GroupNode, focusId?: NodeId, where: 'handle' | 'first' = 'handle') => {
    const next = edit(latest.current);
    if (next === latest.current) return;
    latest.current = next;
    onChange(next);
    if (focusId) setFocus({ id: focusId, where });
  }, [onChange]);

  // Keep focus on a moved node (React may have drawn it anew in its new group), or put it
  // in a new row's first input.
  useEffect(() => {
    if (!focus) return;
    const frame = document.querySelector<HTMLElement>(`[data-node-id="${focus.id}"]`);
    const target = focus.where === 'handle'
      ? frame?.querySelector<HTMLElement>('[data-handle]') ?? frame?.querySelector<HTMLElement>('button, input')
      : frame?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea, button:not([data-handle])');
    target?.focus();
    setFocus(null);
  }, [focus, value]);

  // The dragged node is also kept in a ref: dragover events can come before React has
  // drawn the state set at dragstart.
  const draggingRef = useRef<NodeId | null>(null);
  const overRef = useRef<{ groupId: NodeId; index: number } | null>(null);
  const drag: DragState = useMemo(() => ({
    dragging, over,
    active: () => draggingRef.current !== null,
    start: (id) => { draggingRef.current = id; overRef.current = null; setDragging(id); setOver(null); },
    hover: (groupId, index) => {
      if (overRef.current?.groupId === groupId && overRef.current.index === index) return;
      overRef.current = { groupId, index };
      setOver(overRef.current);
    },
    drop: () => {
      const id = draggingRef.current;
      const to = overRef.current;
      if (id && to) change((r) => moveNode(r, id, to.groupId, to.index), id);
      draggingRef.current = null;
      overRef.current = null;
      setDragging(null);
      setOver(null);
    },
    end: () => { draggingRef.current = null; overRef.current = null; setDragging(null); setOver(null); },
  }), [dragging, over, change]);

  const ctx: BuilderContextValue = { root: value, change, fields, events, segments, self, status, stale, drag };
  return (
    <BuilderContext.Provider value={ctx}>
      <GroupEditor node={value} depth={0} />
    </BuilderContext.Provider>
  );
}

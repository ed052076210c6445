import { createContext, useContext } from 'react';
import type { CatalogEvent, FieldInfo } from '../ops';
import type { GroupNode, NodeId } from '../tree';

// What every group and row of the builder needs: the tree and a way to change it, what
// the workspace offers to pick from, and the latest counts and problems per node.

export interface NodeStatus {
  /** Contacts the node matches on its own; undefined while unknown. */
  readonly count?: number;
  /** What the row still lacks, or the server's refusal of it. */
  readonly problem?: string;
  /** The server's path of the refusal, shown beside its message. */
  readonly problemPath?: string;
  /** A group with an unfinished row inside: no count of its own. */
  readonly partial?: boolean;
}

export interface BuilderContextValue {
  readonly root: GroupNode;
  /** Apply an edit; then focus a node's drag handle (after a move) or its first input (a new row). */
  readonly change: (edit: (root: GroupNode) => GroupNode, focus?: NodeId, where?: 'handle' | 'first') => void;
  readonly fields: readonly FieldInfo[];
  readonly events: readonly CatalogEvent[];
  readonly segments: readonly { alias: string; name: string }[];
  /** The segment being edited (it cannot refer to itself). */
  readonly self?: string;
  readonly status: (id: NodeId) => NodeStatus;
  /** True while the counts shown are of an earlier version of the tree. */
  readonly stale: boolean;
  readonly drag: DragState;
}

export interface DragState {
  readonly dragging: NodeId | null;
  readonly over: { groupId: NodeId; index: number } | null;
  /** True from dragstart on, without waiting for a render. */
  active(): boolean;
  start(id: NodeId): void;
  hover(groupId: NodeId, index: number): void;
  drop(): void;
  end(): void;
}

export const BuilderContext = createContext<BuilderContextValue | null>(null);

export function useBuilder(): BuilderContextValue {
  const v = useContext(BuilderContext);
  if (!v) throw new Error('useBuilder outside a ConditionBuilder');
  return v;
}

/**
 * A state machine's graph, laid out by ELK (layered, top to bottom) as the Step Functions console draws it:
 * Start and End at the top level, Choice rules and Catchers as labelled edges, each Parallel branch and each Map
 * body a box nested in its state. Pure: the ELK instance is passed in (the bundled build in the browser, the same
 * in node for `fanout graph`), so the page and the CLI draw the same picture.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';

/**
 * The parts of an ASL definition the graph draws (src/engine/asl.ts's StateMachineDefinition fits it). Kept here
 * so the browser build does not pull in the engine.
 */
export interface GraphDefinition {
  StartAt: string;
  States: Record<string, GraphState>;
}

export interface GraphState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: ChoiceRule[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Branches?: GraphDefinition[];
  ItemProcessor?: GraphDefinition & { ProcessorConfig?: { Mode?: string } };
  Iterator?: GraphDefinition;
}

export interface ChoiceRule {
  Next?: string;
  Condition?: unknown;
  Variable?: string;
  [operator: string]: unknown;
}

/** What layoutGraph needs of ELK. */
export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export type NodeKind = 'state' | 'container' | 'branch' | 'start' | 'end';
export type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

export interface LaidOutNode {
  id: string;
  kind: NodeKind;
  /** The state name (state, container); the branch title; Start/End. */
  name: string;
  /** ASL Type for states. */
  stateType?: string;
  /** Distributed Map (ItemProcessor.ProcessorConfig.Mode DISTRIBUTED). */
  distributed?: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Nesting depth: 0 at the top level. */
  depth: number;
}

export interface LaidOutEdge {
  id: string;
  kind: EdgeKind;
  label?: string;
  labelX?: number;
  labelY?: number;
  /** Absolute points, start to end. */
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  width: number;
  height: number;
  /** Containers before what they contain (paint order). */
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

const NODE_HEIGHT = 46;
const CHAR_WIDTH = 7.6;
const LABEL_CHAR_WIDTH = 6.4;
const LABEL_MAX = 32;
/** ELK options apply per compound node, not inherited: every box sets them. */
const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeLabel': '4',
};
const CONTAINER = { ...LAYERED, 'elk.padding': '[top=40,left=16,bottom=16,right=16]' };
/** Branches side by side, as the console draws them (not packed as separate components). */
const PARALLEL = {
  ...CONTAINER,
  'elk.separateConnectedComponents': 'false',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};
const BRANCH = { ...LAYERED, 'elk.padding': '[top=28,left=12,bottom=12,right=12]' };

interface NodeInfo {
  kind: NodeKind;
  name: string;
  stateType?: string;
  distributed?: boolean;
  depth: number;
}

interface EdgeInfo {
  kind: EdgeKind;
  label?: string;
}

/** Lays out a definition's graph. Invalid references (a Next naming no state) are left out, not fatal. */
export async function layoutGraph(definition: GraphDefinition, elk: ElkLike): Promise<GraphLayout> {
  const nodes = new Map<string, NodeInfo>();
  const edges = new Map<string, EdgeInfo>();
  let counter = 0;
  const nextId = (prefix: string): string => `${prefix}${counter++}`;

  const scope = (def: GraphDefinition, depth: number, top: boolean): Pick<ElkNode, 'children' | 'edges'> => {
    const children: ElkNode[] = [];
    const elkEdges: ElkExtendedEdge[] = [];
    const ids = new Map<string, string>();
    const states = Object.entries(def.States ?? {});
    for (const [name, state] of states) {
      const id = nextId('s');
      ids.set(name, id);
      children.push(stateNode(id, name, state, depth));
    }
    const edge = (from: string | undefined, to: string | undefined, info: EdgeInfo): void => {
      if (from === undefined || to === undefined) return;
      const id = nextId('e');
      edges.set(id, info);
      const elkEdge: ElkExtendedEdge = { id, sources: [from], targets: [to] };
      if (info.label !== undefined) {
        elkEdge.labels = [{ text: info.label, width: info.label.length * LABEL_CHAR_WIDTH + 8, height: 16 }];
      }
      elkEdges.push(elkEdge);
    };
    let endId: string | undefined;
    if (top) {
      const startId = nextId('start');
      nodes.set(startId, { kind: 'start', name: 'Start', depth });
      children.unshift({ id: startId, width: 64, height: 30 });
      edge(startId, ids.get(def.StartAt), { kind: 'next' });
      endId = nextId('end');
      nodes.set(endId, { kind: 'end', name: 'End', depth });
      children.push({ id: endId, width: 64, height: 30 });
    }
    for (const [name, state] of states) {
      const from = ids.get(name);
      if (state.Next !== undefined) edge(from, ids.get(state.Next), { kind: 'next' });
      if (state.Type === 'Choice') {
        (state.Choices ?? []).forEach((rule, i) => {
          if (rule.Next !== undefined) edge(from, ids.get(rule.Next), { kind: 'choice', label: ruleLabel(rule, i) });
        });
        if (state.Default !== undefined) edge(from, ids.get(state.Default), { kind: 'default', label: 'Default' });
      }
      (state.Catch ?? []).forEach((catcher) => {
        edge(from, ids.get(catcher.Next), {
          kind: 'catch',
          label: clip(`Catch ${(catcher.ErrorEquals ?? []).join(', ')}`),
        });
      });
      if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') edge(from, endId, { kind: 'next' });
    }
    return { children, edges: elkEdges };
  };

  const stateNode = (id: string, name: string, state: GraphState, depth: number): ElkNode => {
    if (state.Type === 'Parallel') {
      nodes.set(id, { kind: 'container', name, stateType: 'Parallel', depth });
      const branches = (state.Branches ?? []).map((branch, i): ElkNode => {
        const branchId = nextId('b');
        nodes.set(branchId, { kind: 'branch', name: `Branch ${i + 1}`, depth: depth + 1 });
        return { id: branchId, layoutOptions: BRANCH, ...scope(branch, depth + 2, false) };
      });
      return { id, layoutOptions: PARALLEL, children: branches, edges: [] };
    }
    const body = state.Type === 'Map' ? (state.ItemProcessor ?? state.Iterator) : undefined;
    if (state.Type === 'Map' && body !== undefined) {
      const distributed = state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
      nodes.set(id, { kind: 'container', name, stateType: 'Map', distributed, depth });
      return { id, layoutOptions: CONTAINER, ...scope(body, depth + 1, false) };
    }
    nodes.set(id, { kind: 'state', name, stateType: state.Type, depth });
    return { id, width: nodeWidth(name, state.Type), height: NODE_HEIGHT };
  };

  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      ...LAYERED,
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    ...scope(definition, 0, true),
  };
  const laid = await elk.layout(root);

  const outNodes: LaidOutNode[] = [];
  const outEdges: LaidOutEdge[] = [];
  const walk = (node: ElkNode): void => {
    for (const child of node.children ?? []) {
      const info = nodes.get(child.id);
      if (info) {
        outNodes.push({
          id: child.id,
          ...info,
          x: child.x ?? 0,
          y: child.y ?? 0,
          width: child.width ?? 0,
          height: child.height ?? 0,
        });
      }
      walk(child);
    }
    for (const e of node.edges ?? []) {
      const info = edges.get(e.id);
      const section = e.sections?.[0];
      if (!info || !section) continue;
      const out: LaidOutEdge = {
        id: e.id,
        ...info,
        points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x, y: p.y })),
      };
      const label = e.labels?.[0];
      if (label && label.x !== undefined && label.y !== undefined) {
        out.labelX = label.x;
        out.labelY = label.y + (label.height ?? 16) - 4;
      }
      outEdges.push(out);
    }
  };
  walk(laid);
  return { width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), nodes: outNodes, edges: outEdges };
}

function nodeWidth(name: string, type: string): number {
  return Math.max(120, Math.ceil(Math.max(name.length, type.length + 14) * CHAR_WIDTH) + 28);
}

function clip(text: string): string {
  return text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text;
}

/** A short label for a Choice rule: its JSONata Condition or `Variable op value`, else `Rule n`. */
export function ruleLabel(rule: ChoiceRule, index: number): string {
  if (typeof rule.Condition === 'string') return clip(rule.Condition.replace(/^\{%\s*|\s*%\}$/g, ''));
  if (typeof rule.Variable === 'string') {
    const op = Object.keys(rule).find((k) => !['Variable', 'Next', 'Assign', 'Output', 'Comment'].includes(k));
    if (op !== undefined) return clip(`${rule.Variable} ${op} ${JSON.stringify(rule[op]) ?? ''}`);
  }
  return `Rule ${index + 1}`;
}

/** A definition's graph as standalone SVG: the page's own layout (elkjs) and drawing code, run in node. */
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutGraph, type GraphDefinition } from '../../../ui/graph/layout';
import { renderSvg } from '../../../ui/graph/svg';
import { inputError } from '../../errors';

export async function renderDefinitionSvg(
  definition: unknown,
): Promise<{ svg: string; width: number; height: number }> {
  const d = definition as Partial<GraphDefinition> | null;
  if (typeof d !== 'object' || d === null || typeof d.States !== 'object' || typeof d.StartAt !== 'string') {
    throw inputError('not a state machine definition: it needs StartAt and States');
  }
  const layout = await layoutGraph(d as GraphDefinition, new ELK());
  return { svg: renderSvg(layout, { standalone: true }), width: layout.width, height: layout.height };
}

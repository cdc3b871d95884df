/**
 * The status palette: one place for the graph (SVG, in the page and from `fanout graph`), the legend and the
 * badges. Text sits on `fill`; the unit test holds every pair to WCAG AA (4.5:1) and every border to 3:1 against
 * the white page, so status never depends on telling hues apart (the status is also written in each node).
 */
import type { StateStatus } from './status';

export interface StatusColors {
  /** Node background. */
  fill: string;
  /** Node border. */
  stroke: string;
  /** Text on `fill`. */
  text: string;
  /** As shown to people. */
  label: string;
}

export const STATUS_COLORS: Readonly<Record<StateStatus, StatusColors>> = {
  succeeded: { fill: '#dff3e3', stroke: '#1e7b34', text: '#0b3d17', label: 'Succeeded' },
  failed: { fill: '#fde2e1', stroke: '#c0262d', text: '#7a0f14', label: 'Failed' },
  caught: { fill: '#fff0d4', stroke: '#a65f00', text: '#5a3300', label: 'Caught error' },
  retried: { fill: '#efe6fb', stroke: '#7140b8', text: '#41206f', label: 'Retried' },
  running: { fill: '#dcebff', stroke: '#1d5fc4', text: '#0c3370', label: 'In progress' },
  aborted: { fill: '#ececec', stroke: '#666666', text: '#2e2e2e', label: 'Aborted' },
  'not-run': { fill: '#ffffff', stroke: '#8a8a8a', text: '#3d3d3d', label: 'Not run' },
};

/** The page background the graph is drawn on. */
export const PAGE_BACKGROUND = '#ffffff';

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const channel = (h: string): number => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(m[1]!) + 0.7152 * channel(m[2]!) + 0.0722 * channel(m[3]!);
}

/** WCAG contrast ratio between two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * Where each resource of a group goes in its dependency graph: dependents above their providers
 * (the layer is the longest chain of providers below), so an offline runs top-down and an online
 * bottom-up. Within a layer, resources sit near the mean position of their providers (one
 * barycenter pass), which untangles the usual small groups. Pure: names in, coordinates out.
 */
export interface GraphInput {
  readonly name: string;
  readonly providers: readonly string[];
}

export interface PlacedNode {
  readonly name: string;
  readonly x: number;
  readonly y: number;
}

export interface GraphEdge {
  /** The dependent (above) and the provider (below). */
  readonly from: string;
  readonly to: string;
}

export interface GraphLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly GraphEdge[];
  readonly width: number;
  readonly height: number;
}

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 62;
const GAP_X = 24;
const GAP_Y = 40;
const MARGIN = 8;

export function layoutGraph(resources: readonly GraphInput[]): GraphLayout {
  const byName = new Map(resources.map((r) => [r.name.toLowerCase(), r]));
  const layer = new Map<string, number>();
  const layerOf = (r: GraphInput, seen: ReadonlySet<string>): number => {
    const key = r.name.toLowerCase();
    const known = layer.get(key);
    if (known !== undefined) return known;
    if (seen.has(key)) return 0;
    const next = new Set(seen).add(key);
    const below = r.providers.map((p) => byName.get(p.toLowerCase())).filter((p): p is GraphInput => p !== undefined);
    const value = below.length === 0 ? 0 : 1 + Math.max(...below.map((p) => layerOf(p, next)));
    layer.set(key, value);
    return value;
  };
  for (const r of resources) layerOf(r, new Set());
  const depth = Math.max(0, ...layer.values());

  // Layer 0 (providers of everything) at the bottom; order each layer by its providers' positions.
  const rows: GraphInput[][] = Array.from({ length: depth + 1 }, () => []);
  for (const r of resources) rows[layer.get(r.name.toLowerCase()) ?? 0]?.push(r);
  const position = new Map<string, number>();
  rows.forEach((row, index) => {
    if (index > 0) {
      const centre = (r: GraphInput): number => {
        const known = r.providers.map((p) => position.get(p.toLowerCase())).filter((p): p is number => p !== undefined);
        return known.length === 0 ? Number.MAX_SAFE_INTEGER : known.reduce((a, b) => a + b, 0) / known.length;
      };
      row.sort((a, b) => centre(a) - centre(b));
    }
    row.forEach((r, i) => position.set(r.name.toLowerCase(), i - (row.length - 1) / 2));
  });

  const widest = Math.max(1, ...rows.map((row) => row.length));
  const width = widest * NODE_WIDTH + (widest - 1) * GAP_X + 2 * MARGIN;
  const height = rows.length * NODE_HEIGHT + (rows.length - 1) * GAP_Y + 2 * MARGIN;
  const nodes: PlacedNode[] = [];
  rows.forEach((row, index) => {
    const y = MARGIN + (depth - index) * (NODE_HEIGHT + GAP_Y);
    const rowWidth = row.length * NODE_WIDTH + (row.length - 1) * GAP_X;
    const left = (width - rowWidth) / 2;
    row.forEach((r, i) => nodes.push({ name: r.name, x: left + i * (NODE_WIDTH + GAP_X), y }));
  });
  const edges: GraphEdge[] = resources.flatMap((r) => r.providers.filter((p) => byName.has(p.toLowerCase())).map((p) => ({ from: r.name, to: byName.get(p.toLowerCase())?.name ?? p })));
  return { nodes, edges, width, height };
}

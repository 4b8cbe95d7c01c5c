// A trace's Sankey diagram as SVG: d3-sankey lays out the columns (one per hop) and the bands,
// drawn here as plain SVG elements (no d3-selection, nothing fetched at run time).

import { sankey, sankeyLinkHorizontal, type SankeyGraph } from "d3-sankey";
import type { SankeyOut } from "../api";

const NS = "http://www.w3.org/2000/svg";

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

interface N {
  name: string;
  id: string;
  layer: number;
}
interface L {
  source: number;
  target: number;
  value: number;
}

const COLOURS = ["#2457c5", "#1f7a3a", "#b76e00", "#8e3fb3", "#c0262d", "#0f7c86", "#6b6f1a"];

/** Draws `s` at `width` wide; each node and band has a tooltip with its amount. */
export function drawSankey(s: SankeyOut, width: number, fmt: (x: number) => string): SVGSVGElement {
  const columns = new Set(s.nodes.map((n) => n.layer)).size;
  const rows = Math.max(...[0, ...s.nodes.map((n) => n.layer)].map((l) => s.nodes.filter((n) => n.layer === l).length));
  const height = Math.max(220, Math.min(900, rows * 34 + 40));
  // Scales to its box: the viewBox keeps the layout, the width follows the page.
  const svg = el("svg", { width: "100%", viewBox: `0 0 ${width} ${height}`, class: "sankey", role: "img", style: `max-width:${width}px` }) as SVGSVGElement;
  if (!s.links.length) return svg;
  // Backward traces may not use the leftmost columns: number them from 0.
  const min = Math.min(...s.nodes.map((n) => n.layer));
  const graph: SankeyGraph<N, L> = {
    nodes: s.nodes.map((n) => ({ name: n.name, id: n.id, layer: n.layer - min })),
    links: s.links.map((l) => ({ source: l.source, target: l.target, value: l.value })),
  };
  const layout = sankey<N, L>()
    .nodeId((n) => n.index ?? 0)
    .nodeAlign((n) => n.layer)
    .nodeWidth(14)
    .nodePadding(12)
    .extent([
      [4, 8],
      [width - 4, height - 8],
    ]);
  const { nodes, links } = layout(graph);
  const path = sankeyLinkHorizontal<N, L>();
  const colour = (n: N) => COLOURS[Math.abs(hash(n.id.replace(/@\d+$/, ""))) % COLOURS.length];
  const g = el("g", { fill: "none" });
  for (const l of links) {
    const src = l.source as N;
    const p = el("path", {
      d: path(l) ?? "",
      stroke: colour(src),
      "stroke-opacity": 0.35,
      "stroke-width": Math.max(1, l.width ?? 1),
      class: "sankey-link",
    });
    p.appendChild(el("title", {}, `${src.name} → ${(l.target as N).name}: ${fmt(l.value)}`));
    g.appendChild(p);
  }
  svg.appendChild(g);
  for (const n of nodes) {
    const x0 = n.x0 ?? 0, x1 = n.x1 ?? 0, y0 = n.y0 ?? 0, y1 = n.y1 ?? 0;
    const r = el("rect", { x: x0, y: y0, width: x1 - x0, height: Math.max(1, y1 - y0), fill: colour(n), class: "sankey-node", "data-id": n.id });
    r.appendChild(el("title", {}, `${n.name}: ${fmt(n.value ?? 0)}`));
    svg.appendChild(r);
    const right = x0 < width / 2;
    svg.appendChild(
      el("text", {
        x: right ? x1 + 6 : x0 - 6,
        y: (y0 + y1) / 2,
        dy: "0.35em",
        "text-anchor": right ? "start" : "end",
        "font-size": 12,
        fill: "#1d2330",
        class: "sankey-label",
      }, n.name),
    );
  }
  svg.dataset.columns = String(columns);
  return svg;
}

function hash(s: string): number {
  let x = 0;
  for (let i = 0; i < s.length; i++) x = (x * 31 + s.charCodeAt(i)) | 0;
  return x;
}

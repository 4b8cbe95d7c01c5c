// SVG export of the chart as drawn: nodes, edges and labels at their current positions.
// Written here rather than with a plug-in: the chart's shapes are circles and straight lines.

import type { Core } from "cytoscape";

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The whole chart (not just the viewport) as a standalone SVG document. */
export function toSvg(cy: Core): string {
  const bb = cy.elements().boundingBox({});
  const pad = 20;
  const w = Math.max(1, bb.w + 2 * pad);
  const hgt = Math.max(1, bb.h + 2 * pad);
  const dx = -bb.x1 + pad;
  const dy = -bb.y1 + pad;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w.toFixed(0)}" height="${hgt.toFixed(0)}" viewBox="0 0 ${w.toFixed(1)} ${hgt.toFixed(1)}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  cy.edges(":visible").forEach((e) => {
    const s = e.source().position();
    const t = e.target().position();
    const color = e.style("line-color");
    const width = parseFloat(e.style("width")) || 1;
    out.push(
      `<line x1="${(s.x + dx).toFixed(1)}" y1="${(s.y + dy).toFixed(1)}" x2="${(t.x + dx).toFixed(1)}" y2="${(t.y + dy).toFixed(1)}" stroke="${esc(color)}" stroke-width="${width}" stroke-opacity="0.7"><title>${esc(String(e.data("type")))} ×${e.data("count")}</title></line>`,
    );
  });
  cy.nodes(":visible").forEach((n) => {
    const p = n.position();
    const r = n.width() / 2;
    const fill = n.style("background-color");
    const border = n.style("border-color");
    const bw = parseFloat(n.style("border-width")) || 0;
    out.push(
      `<circle cx="${(p.x + dx).toFixed(1)}" cy="${(p.y + dy).toFixed(1)}" r="${r.toFixed(1)}" fill="${esc(fill)}" stroke="${esc(border)}" stroke-width="${bw}"><title>${esc(String(n.data("caption")))}</title></circle>`,
    );
    out.push(
      `<text x="${(p.x + dx).toFixed(1)}" y="${(p.y + dy + r + 11).toFixed(1)}" font-size="10" text-anchor="middle" fill="#1d2330">${esc(String(n.data("caption")))}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n");
}

/** Offers a blob as a download. */
export function download(name: string, blob: Blob): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

import cytoscape, { type Core, type ElementDefinition, type LayoutOptions } from "cytoscape";
import fcose from "cytoscape-fcose";
import { get, post, qs, type GEdge, type GNode, type PathOut, type Subgraph } from "../api";
import type { Ctx } from "../main";
import { onLeave } from "../main";
import { h, link, mount, note } from "../dom";
import { download, toSvg } from "../chart/svg";

cytoscape.use(fcose);

const EDGE_TYPES = ["call", "message", "payment", "purchase", "meeting", "ownership", "uses", "membership", "travel", "contact", "other"];
const EDGE_COLOURS: Record<string, string> = {
  call: "#5b7bd5", message: "#7f62c8", payment: "#2f9e44", purchase: "#e8590c", meeting: "#d9480f",
  ownership: "#868e96", uses: "#adb5bd", membership: "#495057", travel: "#c2255c", contact: "#74c0fc", other: "#ced4da",
};
const PALETTE = ["#4c6ef5", "#f76707", "#37b24d", "#e64980", "#7950f2", "#1098ad", "#f59f00", "#d6336c", "#5c940d", "#ae3ec9", "#0ca678", "#e03131"];
const LAYOUTS = ["fcose", "cose", "concentric", "breadthfirst", "circle", "grid"];

/** Measured on the page (read by the browser test and shown in the status line). */
export interface ChartStats {
  nodes: number;
  edges: number;
  layout: string;
  layoutMs: number;
  renderMs: number;
}

declare global {
  interface Window {
    kingpinChart?: { cy: Core; stats: ChartStats };
  }
}

interface Filters {
  since?: string;
  until?: string;
  min_grading?: string;
  edge_types?: string;
}

interface SavedChart {
  id: number;
  investigation: string;
  name: string;
  saved_by: string;
  saved_at: string;
}

/** The link chart: expand, filter, paths, communities, leader scores, layouts, save/load, export. */
export async function chartPage({ main, params, me }: Ctx): Promise<void> {
  const canvas = h("div", { class: "chart-canvas", "data-testid": "chart" });
  const side = h("aside", { class: "chart-side" });
  const status = h("div", { class: "chart-status", "data-testid": "chart-stats" }, "Empty chart: search an entity and open it here, or load the network.");
  const selInfo = h("div", { "data-testid": "selection" });
  const pathInfo = h("div", { "data-testid": "path" });
  const legend = h("div", { class: "legend" });

  const typeBoxes = EDGE_TYPES.map((t) => {
    const box = h("input", { type: "checkbox", checked: true, value: t, "data-edge-type": t });
    return { t, box, label: h("label", { class: "chk" }, box, h("span", { class: "swatch", style: `background:${EDGE_COLOURS[t]}` }), t) };
  });
  const since = h("input", { type: "date", "aria-label": "since" });
  const until = h("input", { type: "date", "aria-label": "until" });
  const grading = h("select", { "aria-label": "minimum grading" },
    h("option", { value: "" }, "any grading"),
    ["1A", "1B", "2A", "2B", "2C", "3B", "3C"].map((g) => h("option", { value: g }, `at least ${g}`)));
  const layoutSel = h("select", { "aria-label": "layout", "data-testid": "layout" }, LAYOUTS.map((l) => h("option", { value: l }, l)));
  const loadN = h("input", { type: "number", value: 200, min: 1, max: 20000, style: "width:80px", "aria-label": "nodes to load" });

  const filters = (): Filters => {
    const on = typeBoxes.filter((b) => b.box.checked).map((b) => b.t);
    return {
      since: since.value || undefined,
      until: until.value || undefined,
      min_grading: grading.value || undefined,
      edge_types: on.length === EDGE_TYPES.length ? undefined : on.join(","),
    };
  };

  const cy = cytoscape({
    container: canvas,
    // The canvas is attached below; no layout until there are elements.
    layout: { name: "preset" },
    // While panning and zooming, move a bitmap of the chart and redraw once it stops: smooth
    // with thousands of nodes on a machine without a GPU.
    textureOnViewport: true,
    minZoom: 0.02,
    maxZoom: 4,
    pixelRatio: 1,
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          width: "data(size)",
          height: "data(size)",
          label: "data(caption)",
          "font-size": 10,
          "min-zoomed-font-size": 7,
          "text-valign": "bottom",
          "text-margin-y": 3,
          "border-width": 1,
          "border-color": "#ffffff",
        },
      },
      { selector: "node[kind != 'person']", style: { shape: "round-rectangle" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111" } },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.6,
          "curve-style": "haystack",
          opacity: 0.75,
        },
      },
      { selector: ".path", style: { "line-color": "#e03131", "target-arrow-color": "#e03131", width: 5, opacity: 1, "z-index": 10 } },
      { selector: "node.path", style: { "border-width": 4, "border-color": "#e03131" } },
      { selector: ".faded", style: { opacity: 0.15 } },
    ],
  });
  window.kingpinChart = { cy, stats: { nodes: 0, edges: 0, layout: "", layoutMs: 0, renderMs: 0 } };
  onLeave(() => cy.destroy());

  const colour = (n: GNode) => PALETTE[n.community % PALETTE.length];
  let maxScore = 0.0001;
  const nodeData = (n: GNode) => ({
    id: n.id,
    caption: n.caption,
    kind: n.kind,
    score: n.score,
    community: n.community,
    degree: n.degree,
    colour: colour(n),
    size: 14 + 46 * Math.sqrt(Math.max(0, n.score) / maxScore),
  });
  const edgeId = (e: GEdge) => `${e.source}|${e.target}|${e.type}`;
  const edgeData = (e: GEdge) => ({
    id: edgeId(e),
    source: e.source,
    target: e.target,
    type: e.type,
    count: e.count,
    first: e.first,
    last: e.last,
    colour: EDGE_COLOURS[e.type] ?? "#999",
    width: Math.min(8, 1 + Math.log2(e.count)),
  });

  /** Adds a subgraph; `replaceEdges` drops edges among its nodes that the answer no longer has. */
  const merge = (g: Subgraph | PathOut, replaceEdges = false): void => {
    const prevMax = maxScore;
    for (const n of g.nodes) maxScore = Math.max(maxScore, n.score);
    const els: ElementDefinition[] = [];
    cy.batch(() => {
      if (prevMax !== maxScore) cy.nodes().forEach((n) => { n.data("size", 14 + 46 * Math.sqrt(Math.max(0, n.data("score")) / maxScore)); });
      for (const n of g.nodes) {
        const ex = cy.getElementById(n.id);
        if (ex.nonempty()) ex.data(nodeData(n));
        else els.push({ group: "nodes", data: nodeData(n) });
      }
      if (replaceEdges) cy.edges().remove();
      for (const e of g.edges) {
        if (cy.getElementById(edgeId(e)).empty()) els.push({ group: "edges", data: edgeData(e) });
      }
      cy.add(els);
    });
    updateLegend();
  };

  const runLayout = (name = layoutSel.value, fit = true): Promise<void> =>
    new Promise((resolve) => {
      const n = cy.nodes().length;
      const started = performance.now();
      const opts: Record<string, unknown> = { name, animate: false, fit, padding: 30 };
      if (name === "fcose") Object.assign(opts, { quality: n > 2000 ? "draft" : "default", randomize: true, nodeRepulsion: 6000, idealEdgeLength: 60, numIter: n > 2000 ? 1000 : 2500 });
      if (name === "cose") Object.assign(opts, { numIter: n > 1000 ? 200 : 1000 });
      if (name === "concentric") Object.assign(opts, { concentric: (node: any) => node.data("score") * 100 + node.data("degree") / 1000, levelWidth: () => 2, minNodeSpacing: 4 });
      if (name === "breadthfirst") Object.assign(opts, { directed: false, spacingFactor: 0.8 });
      const layout = cy.layout(opts as unknown as LayoutOptions);
      layout.one("layoutstop", () => {
        const layoutMs = performance.now() - started;
        const t0 = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => {
          const stats: ChartStats = { nodes: cy.nodes().length, edges: cy.edges().length, layout: name, layoutMs, renderMs: performance.now() - t0 };
          window.kingpinChart!.stats = stats;
          status.textContent = `${stats.nodes.toLocaleString()} nodes, ${stats.edges.toLocaleString()} edges · ${name} layout ${layoutMs.toFixed(0)} ms`;
          status.dataset.layoutMs = layoutMs.toFixed(1);
          resolve();
        }));
      });
      layout.run();
    });

  const ids = () => cy.nodes().map((n) => n.id());
  const busy = async (what: string, f: () => Promise<void>) => {
    status.textContent = what + "…";
    try {
      await f();
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : String(e);
      status.classList.add("error");
      return;
    }
    status.classList.remove("error");
  };

  const expand = (seeds: string[], have = ids()) =>
    busy("Expanding", async () => {
      const g = await post<Subgraph>("/api/ui/graph/expand", { ids: seeds, have, filters: filters() });
      const before = cy.nodes().length;
      merge(g);
      if (g.truncated) pathInfo.replaceChildren(note("Some neighbours were left out (the busiest are shown)."));
      await runLayout(layoutSel.value, before === 0 || cy.nodes().length > before);
    });

  const refilter = () =>
    busy("Applying filters", async () => {
      const have = ids();
      if (!have.length) return;
      const g = await post<Subgraph>("/api/ui/graph/expand", { ids: [], have, filters: filters() });
      const keep = new Set(g.nodes.map((n) => n.id));
      cy.batch(() => cy.nodes().filter((n) => !keep.has(n.id())).remove());
      merge(g, true);
      await runLayout(layoutSel.value, false);
    });

  const loadTop = () =>
    busy("Loading the network", async () => {
      const g = await get<Subgraph>("/api/ui/graph/top" + qs({ limit: Number(loadN.value) || 200, ...filters() }));
      cy.elements().remove();
      maxScore = 0.0001;
      merge(g);
      await runLayout();
    });

  const findPath = () =>
    busy("Finding the shortest path", async () => {
      const sel = cy.nodes(":selected").map((n) => n.id());
      if (sel.length !== 2) throw new Error("Select exactly two nodes (click one, then shift-click the other).");
      const p = await post<PathOut>("/api/ui/graph/path", { from: sel[0], to: sel[1], filters: filters() });
      merge(p);
      cy.elements().removeClass("path");
      for (let i = 0; i < p.path.length; i++) {
        cy.getElementById(p.path[i]).addClass("path");
        if (i + 1 < p.path.length) {
          cy.edges().filter((e) => (e.source().id() === p.path[i] && e.target().id() === p.path[i + 1]) || (e.source().id() === p.path[i + 1] && e.target().id() === p.path[i])).addClass("path");
        }
      }
      const cap = (id: string) => p.nodes.find((n) => n.id === id)?.caption ?? id;
      mount(pathInfo,
        h("h3", null, `Shortest path: ${p.hops} hop${p.hops === 1 ? "" : "s"}`),
        h("ol", { class: "path-steps" }, p.steps.map((s) => h("li", null,
          h("b", null, cap(s.from)), " → ", h("b", null, cap(s.to)),
          h("ul", null, s.records.map((r) => h("li", { class: "muted" }, r)))))),
      );
      await runLayout(layoutSel.value, false);
    });

  const showSelection = () => {
    const sel = cy.nodes(":selected");
    if (sel.length === 0) {
      mount(selInfo, h("p", { class: "muted" }, "Click a node to see it; double-click to expand; shift-click to select two for a path."));
      return;
    }
    const n = sel[sel.length - 1];
    const d = n.data();
    const edges = n.connectedEdges();
    mount(selInfo,
      h("h3", null, d.caption),
      h("div", { class: "muted" }, `${d.kind} · community ${d.community} · ${d.degree} neighbours`),
      h("div", null, `leader score ${Number(d.score).toFixed(3)}`),
      h("div", null, link("/entity/" + encodeURIComponent(d.id), "Open entity page")),
      h("ul", { class: "edge-list" }, edges.slice(0, 12).map((e) => {
        const other = e.source().id() === d.id ? e.target() : e.source();
        const span = e.data("first") ? ` ${String(e.data("first")).slice(0, 10)}${e.data("last") !== e.data("first") ? "…" + String(e.data("last")).slice(0, 10) : ""}` : "";
        return h("li", null, `${e.data("type")} ×${e.data("count")} ${e.source().id() === d.id ? "→" : "←"} ${other.data("caption")}${span}`);
      })),
      sel.length > 1 ? h("p", { class: "muted" }, `${sel.length} selected`) : null,
    );
  };

  const updateLegend = () => {
    const counts = new Map<number, number>();
    cy.nodes().forEach((n) => { counts.set(n.data("community"), (counts.get(n.data("community")) ?? 0) + 1); });
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    mount(legend, h("h3", null, "Communities"), top.map(([c, k]) =>
      h("div", { class: "chk" }, h("span", { class: "swatch round", style: `background:${PALETTE[c % PALETTE.length]}` }), `#${c} · ${k} on chart`)),
      h("p", { class: "muted" }, "Node size: leader score. Colour: Leiden community."));
  };

  cy.on("select unselect", "node", showSelection);
  cy.on("dbltap", "node", (ev) => void expand([ev.target.id()]));

  // Saved charts: per investigation the user belongs to.
  const invSel = h("select", { "aria-label": "investigation" }, me.investigations.map((i) => h("option", { value: i }, i)));
  const nameIn = h("input", { placeholder: "chart name", "aria-label": "chart name", style: "width:120px" });
  const savedSel = h("select", { "aria-label": "saved charts", "data-testid": "saved-charts" });
  const refreshSaved = async () => {
    if (!invSel.value) return;
    const list = await get<SavedChart[]>("/api/ui/charts" + qs({ investigation: invSel.value }));
    mount(savedSel, h("option", { value: "" }, list.length ? "open a saved chart…" : "no saved charts"),
      list.map((c) => h("option", { value: c.id }, `${c.name} (${c.saved_by}, ${c.saved_at.slice(0, 16)})`)));
  };
  const save = () => busy("Saving", async () => {
    if (!invSel.value) throw new Error("You are not a member of any investigation to save a chart to.");
    const name = nameIn.value.trim() || `chart ${new Date().toISOString().slice(0, 16)}`;
    const positions: Record<string, [number, number]> = {};
    cy.nodes().forEach((n) => { const p = n.position(); positions[n.id()] = [Math.round(p.x), Math.round(p.y)]; });
    await post("/api/ui/charts", { investigation: invSel.value, name, chart: { positions, filters: filters(), layout: layoutSel.value } });
    await refreshSaved();
    status.textContent = `Saved “${name}” to ${invSel.value}.`;
  });
  const open = (id: string) => busy("Opening", async () => {
    const c = await get<{ chart: { positions: Record<string, [number, number]>; filters: Filters; layout: string } }>(`/api/ui/charts/${id}`);
    const f = c.chart.filters ?? {};
    since.value = f.since ?? ""; until.value = f.until ?? ""; grading.value = f.min_grading ?? "";
    const on = new Set((f.edge_types ?? EDGE_TYPES.join(",")).split(","));
    typeBoxes.forEach((b) => (b.box.checked = on.has(b.t)));
    if (c.chart.layout) layoutSel.value = c.chart.layout;
    const have = Object.keys(c.chart.positions);
    const g = await post<Subgraph>("/api/ui/graph/expand", { ids: [], have, filters: filters() });
    cy.elements().remove();
    maxScore = 0.0001;
    merge(g);
    cy.nodes().forEach((n) => { const p = c.chart.positions[n.id()]; if (p) n.position({ x: p[0], y: p[1] }); });
    await runLayout("preset");
  });
  savedSel.addEventListener("change", () => { if (savedSel.value) void open(savedSel.value); });
  invSel.addEventListener("change", () => void refreshSaved());

  const button = (label: string, f: () => unknown, extra: Record<string, string> = {}) =>
    h("button", { type: "button", class: "secondary", onclick: () => void f(), ...extra }, label);

  mount(
    main,
    h("div", { class: "chart-page" },
      h("div", { class: "toolbar" },
        h("div", { class: "group" }, button("Load network", loadTop, { "data-testid": "load-network" }), loadN, h("span", { class: "muted" }, "nodes")),
        h("div", { class: "group" },
          button("Expand selected", () => expand(cy.nodes(":selected").map((n) => n.id())), { "data-testid": "expand" }),
          button("Shortest path", findPath, { "data-testid": "find-path" }),
          button("Remove selected", () => { cy.nodes(":selected").remove(); updateLegend(); }),
          button("Fit", () => cy.fit(undefined, 30)),
          // The chart's entities (the selected ones if any) on the Timeline page.
          button("Timeline", () => {
            const sel = cy.nodes(":selected");
            const chosen = (sel.length ? sel : cy.nodes()).map((n) => encodeURIComponent(n.id())).slice(0, 200);
            if (chosen.length) location.hash = "#/timeline?ids=" + chosen.join(",");
          }, { "data-testid": "open-timeline" })),
        h("div", { class: "group" }, "Layout", layoutSel, button("Re-layout", () => busy("Layout", () => runLayout()))),
        h("div", { class: "group" }, button("PNG", () => download("kingpin-chart.png", cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }) as unknown as Blob), { "data-testid": "export-png" }),
          button("SVG", () => download("kingpin-chart.svg", new Blob([toSvg(cy)], { type: "image/svg+xml" })), { "data-testid": "export-svg" })),
        h("div", { class: "group" }, invSel, nameIn, button("Save", save, { "data-testid": "save-chart" }), savedSel),
      ),
      h("div", { class: "toolbar filters" },
        h("div", { class: "group types" }, typeBoxes.map((b) => b.label)),
        h("div", { class: "group" }, "From", since, "to", until, grading, button("Apply filters", refilter, { "data-testid": "apply-filters" })),
      ),
      h("div", { class: "chart-body" }, canvas, h("div", { class: "side-wrap" }, side)),
      status,
    ),
  );
  mount(side, selInfo, pathInfo, legend);
  cy.resize();
  showSelection();
  void refreshSaved().catch(() => undefined);

  const seed = params.get("seed");
  const show = params.get("ids");
  if (seed) await expand([seed], []);
  else if (show) {
    const list = show.split(",").filter(Boolean);
    await busy("Opening evidence", async () => {
      const g = await post<Subgraph>("/api/ui/graph/expand", { ids: [], have: list, filters: {} });
      merge(g);
      for (const id of list) cy.getElementById(id).addClass("path");
      cy.edges().filter((e) => list.includes(e.source().id()) && list.includes(e.target().id())).addClass("path");
      await runLayout();
    });
  }
}

import "./timemap.css";
import { get, post, qs, type EntityRef, type LeadersOut, type SearchPage, type Subgraph, type TimelineEvent, type TimelineOut } from "../api";
import type { Ctx } from "../main";
import { h, link, mount, note } from "../dom";
import { sourceTag } from "../provenance";
import { parseIso, showDate, ticks, toT, toX, type Scale } from "../chart/time";

/** The event kinds, in lane order, with their colours. */
export const KINDS: [string, string][] = [
  ["call", "#2457c5"],
  ["message", "#7a4fc9"],
  ["payment", "#1f7a3a"],
  ["purchase", "#0f8b8d"],
  ["meeting", "#b76e00"],
  ["crossing", "#c0262d"],
];
const colour = (kind: string) => KINDS.find(([k]) => k === kind)?.[1] ?? "#667085";

/** Network members put on a timeline at most (lanes stay readable). */
const MAX_NETWORK = 40;
const SVG = "http://www.w3.org/2000/svg";

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Which entities the route asks for: `ids`, a `seed` and its network, a saved `chart`, or the top `leaders`. */
async function entityIds(params: URLSearchParams): Promise<{ ids: string[]; what: string } | null> {
  const ids = params.get("ids");
  if (ids) return { ids: ids.split(",").filter(Boolean).slice(0, 200), what: "the chosen entities" };
  const seed = params.get("seed");
  if (seed) {
    const g = await post<Subgraph>("/api/ui/graph/expand", { ids: [seed], have: [], filters: {} });
    const people = g.nodes.filter((n) => n.id !== seed && (n.kind === "person" || n.kind === "organisation"));
    people.sort((a, b) => b.degree - a.degree);
    return { ids: [seed, ...people.slice(0, MAX_NETWORK - 1).map((n) => n.id)], what: "an entity and its network" };
  }
  const chart = params.get("chart");
  if (chart) {
    const c = await get<{ name: string; chart: { positions: Record<string, unknown> } }>(`/api/ui/charts/${encodeURIComponent(chart)}`);
    return { ids: Object.keys(c.chart.positions).slice(0, 200), what: `the saved chart “${c.name}”` };
  }
  const top = Number(params.get("leaders") ?? 0);
  if (top > 0) {
    const l = await get<LeadersOut>(`/api/ui/leaders${qs({ top: Math.min(top, 50) })}`);
    return { ids: l.ranked.map((r) => r.id), what: `the ${l.ranked.length} top-ranked people` };
  }
  return null;
}

/** The form shown when no entities are chosen: find one by name, or take the leaders. */
function chooser(main: HTMLElement): void {
  const input = h("input", { name: "q", placeholder: "Name, phone or document number", "aria-label": "entity" });
  const hits = h("div", { "data-testid": "choices" });
  const form = h("form", { class: "search-bar" }, input, h("button", { type: "submit" }, "Find"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    const page = await get<SearchPage>("/api/search" + qs({ q, limit: 20 }));
    mount(
      hits,
      page.items.length
        ? h("ul", { class: "hits" }, page.items.map((i) => h("li", null, link(`/timeline?seed=${encodeURIComponent(i.entity.id)}`, i.entity.caption), h("span", { class: "muted" }, ` ${i.entity.schema} · with its network`))))
        : note(`Nothing found for “${q}”.`),
    );
  });
  mount(
    main,
    h("h1", null, "Timeline"),
    h("p", { class: "muted" }, "Calls, messages, payments, purchases, meetings and crossings over time. Choose whose: an entity and its network, or ", link("/timeline?leaders=10", "the ten top-ranked people"), ". The link chart and entity pages open their own."),
    form,
    hits,
  );
}

/** Timeline: events of a set of entities over time in lanes (per kind or per entity), with a
 *  brush to zoom, kind filters, and each event's counterparts and provenance on click. */
export async function timelinePage({ main, params }: Ctx): Promise<void> {
  const chosen = await entityIds(params);
  if (!chosen) return chooser(main);
  if (!chosen.ids.length) {
    mount(main, h("h1", null, "Timeline"), note("No entities to show."));
    return;
  }
  mount(main, h("h1", null, "Timeline"), h("p", { class: "muted" }, `Loading the events of ${chosen.what}…`));
  const t = await post<TimelineOut>("/api/ui/timeline", { ids: chosen.ids, limit: 5000 });
  const events = t.events.map((e) => ({ e, t: parseIso(e.date) }));
  const dated = events.filter((x): x is { e: TimelineEvent; t: number } => x.t !== null);
  const undated = events.filter((x) => x.t === null).map((x) => x.e);
  const names = new Map(t.entities.map((e) => [e.id, e]));

  const shown = new Set(KINDS.map(([k]) => k));
  let byEntity = params.get("lanes") === "entity";
  const full: [number, number] = dated.length
    ? [dated[0].t, dated[dated.length - 1].t]
    : [Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31)];
  const padT = Math.max((full[1] - full[0]) * 0.03, 12 * 3_600_000);
  const domain: [number, number] = [full[0] - padT, full[1] + padT];
  let view: [number, number] = [...domain];

  const counts = new Map<string, number>();
  for (const { e } of dated) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  const status = h("span", { class: "muted", "data-testid": "timeline-status" });
  const filters = h(
    "div",
    { class: "group", "data-testid": "kind-filters" },
    KINDS.map(([k, c]) =>
      h(
        "label",
        { class: "chk" },
        h("input", { type: "checkbox", checked: true, "data-kind": k, onchange: (ev: Event) => {
          if ((ev.target as HTMLInputElement).checked) shown.add(k);
          else shown.delete(k);
          draw();
        } }),
        h("span", { class: "swatch round", style: `background:${c}` }),
        `${k} (${counts.get(k) ?? 0})`,
      ),
    ),
  );
  const laneSel = h(
    "select",
    { "aria-label": "lanes", "data-testid": "lanes", onchange: (ev: Event) => {
      byEntity = (ev.target as HTMLSelectElement).value === "entity";
      draw();
    } },
    h("option", { value: "kind", selected: !byEntity }, "a lane per kind"),
    h("option", { value: "entity", selected: byEntity }, "a lane per entity"),
  );
  const reset = h("button", { class: "secondary", "data-testid": "reset-zoom", onclick: () => {
    view = [...domain];
    draw();
  } }, "Whole period");
  const chartBox = h("div", { class: "tl-chart" });
  const overviewBox = h("div", { class: "tl-overview" });
  const side = h("div", { class: "side-wrap tl-side", "data-testid": "event-detail" }, h("p", { class: "muted" }, "Click an event to see its parties and sources. Drag on the strip below the chart (or on the chart) to zoom into a period; the wheel zooms too."));
  mount(
    main,
    h("h1", null, "Timeline"),
    h(
      "p",
      { class: "muted", "data-testid": "timeline-entities" },
      `${t.events.length}${t.truncated ? "+" : ""} events of ${chosen.what}: `,
      t.entities.slice(0, 12).map((e, i) => [i ? ", " : "", link("/entity/" + encodeURIComponent(e.id), e.caption)]),
      t.entities.length > 12 ? ` and ${t.entities.length - 12} more` : "",
      " · ",
      link(`/chart?ids=${t.entities.map((e) => encodeURIComponent(e.id)).join(",")}`, "open them in the link chart"),
    ),
    h("div", { class: "toolbar" }, filters, laneSel, reset, status),
    h("div", { class: "tl-body" }, h("div", { class: "tl-main" }, chartBox, overviewBox), side),
    undated.length ? h("p", { class: "muted" }, `${undated.length} undated events are not drawn.`) : null,
  );

  const visible = () => dated.filter((x) => shown.has(x.e.kind));
  const lanesOf = (): { key: string; label: string; of: (e: TimelineEvent) => string[] }[] => {
    if (!byEntity) return KINDS.filter(([k]) => shown.has(k)).map(([k]) => ({ key: k, label: k, of: (e) => (e.kind === k ? [k] : []) }));
    return t.entities
      .filter((ent) => visible().some((x) => x.e.subjects.includes(ent.id)))
      .map((ent) => ({ key: ent.id, label: ent.caption, of: (e) => (e.subjects.includes(ent.id) ? [ent.id] : []) }));
  };

  function select(e: TimelineEvent, mark: SVGElement): void {
    chartBox.querySelectorAll(".tl-mark.selected").forEach((m) => m.classList.remove("selected"));
    mark.classList.add("selected");
    mount(side, eventDetail(e, names));
  }

  function draw(): void {
    const width = Math.max(500, chartBox.clientWidth || 900);
    const left = 180;
    const right = 16;
    const lanes = lanesOf();
    const laneH = byEntity ? 26 : 36;
    const top = 24;
    const height = top + Math.max(1, lanes.length) * laneH + 8;
    const sc: Scale = { t0: view[0], t1: view[1], x0: left, x1: width - right };
    const svg = s("svg", { width, height, class: "tl-svg", "data-testid": "timeline-chart" });
    svg.appendChild(s("rect", { x: 0, y: 0, width, height, fill: "#fff" }));
    for (const tk of ticks(view[0], view[1], Math.max(3, Math.floor((width - left) / 110)))) {
      const x = toX(sc, tk.t);
      svg.appendChild(s("line", { x1: x, x2: x, y1: top - 4, y2: height - 8, class: "tl-grid" }));
      svg.appendChild(s("text", { x: x + 3, y: top - 8, class: "tl-tick" }, tk.label));
    }
    const laneRow = new Map(lanes.map((l, i) => [l.key, i]));
    lanes.forEach((l, i) => {
      const y = top + i * laneH;
      if (i % 2 === 0) svg.appendChild(s("rect", { x: 0, y, width, height: laneH, class: "tl-lane" }));
      const label = s("text", { x: 8, y: y + laneH / 2 + 4, class: "tl-label" }, l.label.length > 24 ? l.label.slice(0, 23) + "…" : l.label);
      svg.appendChild(label);
    });
    let drawn = 0;
    const inView = visible().filter((x) => x.t >= view[0] && x.t <= view[1]);
    for (const { e, t: when } of inView) {
      for (const key of lanes.flatMap((l) => l.of(e))) {
        const row = laneRow.get(key)!;
        const x = toX(sc, when);
        const y = top + row * laneH + laneH / 2;
        const mark = s("circle", { cx: x, cy: y, r: 5.5, fill: colour(e.kind), class: `tl-mark ev-${e.kind}`, "data-id": e.id, "data-kind": e.kind, "data-testid": "event-mark" });
        mark.appendChild(s("title", {}, `${showDate(e.date)} · ${e.kind} · ${e.caption}`));
        mark.addEventListener("click", (ev) => {
          ev.stopPropagation();
          select(e, mark);
        });
        svg.appendChild(mark);
        drawn++;
      }
    }
    brushOn(svg, sc, top, height, (a, b) => {
      view = [a, b];
      draw();
    });
    svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const at = toT(sc, localX(svg, ev));
      const k = ev.deltaY > 0 ? 1.25 : 0.8;
      const a = Math.max(domain[0], at - (at - view[0]) * k);
      const b = Math.min(domain[1], at + (view[1] - at) * k);
      if (b - a > 60_000) {
        view = [a, b];
        draw();
      }
    });
    mount(chartBox, svg);
    drawOverview(width, left, right);
    const whole = view[0] <= domain[0] && view[1] >= domain[1];
    status.textContent = `${inView.length} events shown (${drawn} marks), ${showDate(new Date(view[0]).toISOString())} to ${showDate(new Date(view[1]).toISOString())}${whole ? "" : " (zoomed)"}`;
    status.dataset.events = String(inView.length);
    status.dataset.marks = String(drawn);
    status.dataset.from = String(Math.floor(view[0]));
    status.dataset.to = String(Math.ceil(view[1]));
  }

  function drawOverview(width: number, left: number, right: number): void {
    const height = 44;
    const sc: Scale = { t0: domain[0], t1: domain[1], x0: left, x1: width - right };
    const svg = s("svg", { width, height, class: "tl-svg tl-overview-svg", "data-testid": "timeline-overview" });
    svg.appendChild(s("rect", { x: left, y: 2, width: width - left - right, height: height - 18, class: "tl-ov-bg" }));
    for (const { e, t: when } of visible()) {
      const x = toX(sc, when);
      svg.appendChild(s("line", { x1: x, x2: x, y1: 6, y2: height - 20, stroke: colour(e.kind), "stroke-opacity": 0.6 }));
    }
    for (const tk of ticks(domain[0], domain[1], Math.max(3, Math.floor((width - left) / 130)))) {
      svg.appendChild(s("text", { x: toX(sc, tk.t), y: height - 4, class: "tl-tick" }, tk.label));
    }
    const x0 = toX(sc, view[0]);
    const x1 = toX(sc, view[1]);
    svg.appendChild(s("rect", { x: x0, y: 2, width: Math.max(2, x1 - x0), height: height - 18, class: "tl-window" }));
    svg.appendChild(s("text", { x: 8, y: 20, class: "tl-label" }, "whole period"));
    brushOn(svg, sc, 2, height - 16, (a, b) => {
      view = [a, b];
      draw();
    });
    mount(overviewBox, svg);
  }

  draw();
  // Redrawn when the width changes (the chart's own height changes are no reason).
  let lastWidth = chartBox.clientWidth;
  new ResizeObserver(() => {
    if (chartBox.isConnected && chartBox.clientWidth !== lastWidth) {
      lastWidth = chartBox.clientWidth;
      draw();
    }
  }).observe(chartBox);
}

/** A pointer's x inside an SVG (offsetX is relative to whichever child element was hit). */
const localX = (svg: SVGSVGElement, ev: MouseEvent) => ev.clientX - svg.getBoundingClientRect().left;

/** Dragging across `svg` selects a time range (at least 6 px wide; a click is left alone). */
function brushOn(svg: SVGSVGElement, sc: Scale, y: number, y2: number, done: (a: number, b: number) => void): void {
  let start: number | null = null;
  let rect: SVGRectElement | null = null;
  svg.addEventListener("pointerdown", (ev) => {
    if ((ev.target as Element).classList.contains("tl-mark") || localX(svg, ev) < sc.x0) return;
    start = localX(svg, ev);
    rect = s("rect", { x: start, y, width: 0, height: y2 - y, class: "tl-brush" });
    svg.appendChild(rect);
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (start === null || !rect) return;
    const x = Math.max(sc.x0, Math.min(sc.x1, localX(svg, ev)));
    rect.setAttribute("x", String(Math.min(start, x)));
    rect.setAttribute("width", String(Math.abs(x - start)));
  });
  svg.addEventListener("pointerup", (ev) => {
    if (start === null) return;
    const x = Math.max(sc.x0, Math.min(sc.x1, localX(svg, ev)));
    const [a, b] = [Math.min(start, x), Math.max(start, x)];
    start = null;
    rect?.remove();
    rect = null;
    if (b - a >= 6) done(toT(sc, a), toT(sc, b));
  });
}

/** One event: when, what, with whom, through which identifier, and who says so (3x5x2). */
export function eventDetail(e: TimelineEvent, names: Map<string, EntityRef>): HTMLElement {
  return h(
    "div",
    { class: "tl-detail" },
    h("h3", null, h("span", { class: "swatch round", style: `background:${colour(e.kind)}` }), " ", e.kind, " · ", showDate(e.date)),
    h("p", null, link("/entity/" + encodeURIComponent(e.id), e.caption), h("span", { class: "muted" }, ` (${e.schema})`)),
    e.subjects?.length
      ? h("p", null, h("b", null, "Of: "), e.subjects.map((id, i) => [i ? ", " : "", link("/entity/" + encodeURIComponent(id), names.get(id)?.caption ?? id)]))
      : null,
    e.via ? h("p", { class: "muted" }, `via ${e.via}`) : null,
    h("p", null, h("b", null, "Counterparts: "), e.counterparts.length
      ? h("span", { "data-testid": "counterparts" }, e.counterparts.map((c, i) => [i ? ", " : "", link("/entity/" + encodeURIComponent(c.id), c.caption)]))
      : h("span", { class: "muted" }, "none you can see")),
    e.details.length ? h("p", null, h("b", null, "Details: "), e.details.join(" · ")) : null,
    h("p", null, h("b", null, "Provenance")),
    h(
      "ul",
      { class: "tl-sources", "data-testid": "event-sources" },
      e.sources.map((src) => h("li", null, sourceTag(src))),
    ),
    h("div", { class: "actions" }, link(`/chart?ids=${[...(e.subjects ?? []), ...e.counterparts.map((c) => c.id)].map(encodeURIComponent).join(",")}`, "Parties in the link chart")),
  );
}

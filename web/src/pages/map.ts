import "./timemap.css";
import { geoMercator, geoPath, type GeoProjection } from "d3-geo";
import { feature } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import type { Feature, FeatureCollection, Geometry } from "geojson";
// Natural Earth 1:50m countries, bundled: served by this server like any asset, never fetched
// from elsewhere.
import atlasUrl from "world-atlas/countries-50m.json?url";
import { get, qs, type TimelineOut } from "../api";
import type { Ctx } from "../main";
import { h, link, mount, note } from "../dom";
import { sourceTag } from "../provenance";
import { showDate } from "../chart/time";

/** A located place as `/api/ui/map` gives it. */
export interface MapPlace {
  id: string;
  schema: string;
  caption: string;
  kind: string;
  lat: number;
  lon: number;
  events: Record<string, number>;
  sources: string[];
}
interface MapOut {
  places: MapPlace[];
  total: number;
  unlocated: number;
}

const KIND_COLOURS: Record<string, string> = {
  "cell site": "#2457c5",
  beach: "#c0262d",
  port: "#0f8b8d",
  "meeting place": "#b76e00",
  "safe house": "#7a4fc9",
  address: "#475467",
};
const kindColour = (k: string) => KIND_COLOURS[k] ?? "#667085";
const SVG = "http://www.w3.org/2000/svg";

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

let atlas: Promise<FeatureCollection<Geometry, { name: string }>> | null = null;
/** The countries, loaded once per page load from the bundled TopoJSON. */
function countries(): Promise<FeatureCollection<Geometry, { name: string }>> {
  atlas ??= fetch(atlasUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`base map: ${r.status}`);
      return r.json();
    })
    .then((topo: Topology<{ countries: GeometryCollection<{ name: string }> }>) =>
      feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>,
    );
  return atlas;
}

const total = (p: MapPlace) => Object.values(p.events).reduce((a, b) => a + b, 0);

/** The map: cell sites, embarkation beaches, meeting places and safe houses the user may see,
 *  on an offline base map, sized by their events; zoom and pan; a click shows a place's
 *  events, parties and sources, with links to the chart, the timeline and the entity. */
export async function mapPage({ main, params }: Ctx): Promise<void> {
  mount(main, h("h1", null, "Map"), h("p", { class: "muted" }, "Loading places…"));
  const [data, world] = await Promise.all([get<MapOut>("/api/ui/map" + qs({ limit: 5000 })), countries()]);
  const kinds = [...new Set(data.places.map((p) => p.kind))].sort();
  const shown = new Set(kinds);
  const width = Math.max(600, main.clientWidth - 360);
  const height = 620;

  const focus = params.get("place");
  const extentOf = (places: MapPlace[]): Feature => {
    // At least half a degree each way, so one place or a town's cells still show their region.
    const lats = places.map((p) => p.lat);
    const lons = places.map((p) => p.lon);
    const [la0, la1, lo0, lo1] = places.length
      ? [Math.min(...lats) - 0.3, Math.max(...lats) + 0.3, Math.min(...lons) - 0.5, Math.max(...lons) + 0.5]
      : [28, 60, -11, 50];
    return { type: "Feature", properties: {}, geometry: { type: "MultiPoint", coordinates: [[lo0, la0], [lo1, la1]] } };
  };
  const projection: GeoProjection = geoMercator().fitExtent([[20, 20], [width - 20, height - 20]], extentOf(data.places));
  const path = geoPath(projection);

  const svg = s("svg", { width, height, class: "map-svg", "data-testid": "map" });
  const layer = s("g", {});
  svg.appendChild(s("rect", { x: 0, y: 0, width, height, class: "map-sea" }));
  svg.appendChild(layer);
  const land = s("g", { class: "map-land" });
  for (const c of world.features) {
    const d = path(c);
    if (!d) continue;
    const p = s("path", { d, "data-country": c.id ?? "", "vector-effect": "non-scaling-stroke" });
    const title = document.createElementNS(SVG, "title");
    title.textContent = c.properties.name;
    p.appendChild(title);
    land.appendChild(p);
  }
  layer.appendChild(land);
  const points = s("g", { class: "map-points" });
  layer.appendChild(points);

  let k = 1;
  let tx = 0;
  let ty = 0;
  const radius = (p: MapPlace) => 4 + Math.min(10, Math.sqrt(total(p)));
  const marks: { p: MapPlace; el: SVGCircleElement }[] = [];
  for (const p of [...data.places].sort((a, b) => total(b) - total(a))) {
    const xy = projection([p.lon, p.lat]);
    if (!xy) continue;
    const el = s("circle", {
      cx: xy[0],
      cy: xy[1],
      r: radius(p),
      fill: kindColour(p.kind),
      class: "map-point",
      "data-id": p.id,
      "data-kind": p.kind,
      "data-testid": "place-mark",
    });
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${p.caption} · ${p.kind} · ${total(p)} events`;
    el.appendChild(title);
    el.addEventListener("click", (ev) => {
      ev.stopPropagation();
      void choose(p, el);
    });
    points.appendChild(el);
    marks.push({ p, el });
  }

  const status = h("span", { class: "muted", "data-testid": "map-status" });
  const apply = () => {
    layer.setAttribute("transform", `translate(${tx},${ty}) scale(${k})`);
    let n = 0;
    for (const { p, el } of marks) {
      const on = shown.has(p.kind);
      el.style.display = on ? "" : "none";
      el.setAttribute("r", String(radius(p) / k));
      el.setAttribute("stroke-width", String(1 / k));
      if (on) n++;
    }
    status.dataset.places = String(n);
    status.textContent = `${n} of ${data.total} located places shown${data.unlocated ? ` · ${data.unlocated} without coordinates you can see` : ""} · zoom ×${k.toFixed(1)}`;
  };
  const zoomAt = (x: number, y: number, f: number) => {
    const nk = Math.max(1, Math.min(400, k * f));
    tx = x - ((x - tx) * nk) / k;
    ty = y - ((y - ty) * nk) / k;
    k = nk;
    apply();
  };
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    zoomAt(ev.clientX - r.left, ev.clientY - r.top, ev.deltaY > 0 ? 1 / 1.4 : 1.4);
  });
  let drag: { x: number; y: number; tx: number; ty: number } | null = null;
  svg.addEventListener("pointerdown", (ev) => {
    if ((ev.target as Element).classList.contains("map-point")) return;
    drag = { x: ev.clientX, y: ev.clientY, tx, ty };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    tx = drag.tx + ev.clientX - drag.x;
    ty = drag.ty + ev.clientY - drag.y;
    apply();
  });
  svg.addEventListener("pointerup", () => (drag = null));

  const side = h("div", { class: "side-wrap map-side", "data-testid": "place-detail" }, h("p", { class: "muted" }, "Click a place to see its events, parties and sources. Drag to pan; the wheel or the buttons zoom."));
  async function choose(p: MapPlace, el: SVGCircleElement): Promise<void> {
    points.querySelectorAll(".selected").forEach((m) => m.classList.remove("selected"));
    el.classList.add("selected");
    const enc = encodeURIComponent(p.id);
    const list = h("div", null, h("p", { class: "muted" }, "Loading events…"));
    mount(
      side,
      h("h3", { dir: "auto" }, p.caption),
      h("p", null, h("span", { class: "swatch round", style: `background:${kindColour(p.kind)}` }), ` ${p.kind} · ${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`),
      h("p", null, Object.entries(p.events).map(([kind, n]) => `${n} ${kind}${n === 1 ? "" : "s"}`).join(", ") || "no events you can see"),
      h("ul", { class: "tl-sources" }, p.sources.map((src) => h("li", null, sourceTag(src)))),
      h("div", { class: "actions" }, link(`/entity/${enc}`, "Entity"), link(`/chart?seed=${enc}`, "Link chart"), link(`/timeline?ids=${enc}`, "Timeline")),
      list,
    );
    try {
      const t = await get<TimelineOut>(`/api/ui/entities/${enc}/timeline?limit=50`);
      const parties = new Map<string, string>();
      for (const e of t.events) for (const c of e.counterparts) if (c.id !== p.id) parties.set(c.id, c.caption);
      mount(
        list,
        h("h3", null, `Events (${t.events.length}${t.truncated ? "+" : ""})`),
        h(
          "ol",
          { class: "timeline", "data-testid": "place-events" },
          t.events.map((e) => h("li", { class: `ev ev-${e.kind}` }, h("span", { class: "when" }, showDate(e.date)), h("span", { class: "kind" }, e.kind), link("/entity/" + encodeURIComponent(e.id), e.caption))),
        ),
        parties.size
          ? [h("h3", null, "Parties"), h("p", { "data-testid": "place-parties" }, [...parties].map(([id, cap], i) => [i ? ", " : "", link("/entity/" + encodeURIComponent(id), cap)]))]
          : null,
        parties.size ? link(`/chart?ids=${[...parties.keys()].map(encodeURIComponent).join(",")}`, "Parties in the link chart") : null,
      );
    } catch (e) {
      mount(list, note(e instanceof Error ? e.message : String(e), "error"));
    }
  }

  const counts = new Map<string, number>();
  for (const p of data.places) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  mount(
    main,
    h("h1", null, "Map"),
    h("p", { class: "muted" }, "Cell sites, embarkation points and other places with coordinates, from the sources you may see; size by events. Base map: Natural Earth 1:50m (world-atlas), bundled."),
    h(
      "div",
      { class: "toolbar" },
      h("div", { class: "group", "data-testid": "place-filters" }, kinds.map((kind) =>
        h("label", { class: "chk" },
          h("input", { type: "checkbox", checked: true, "data-kind": kind, onchange: (ev: Event) => {
            if ((ev.target as HTMLInputElement).checked) shown.add(kind);
            else shown.delete(kind);
            apply();
          } }),
          h("span", { class: "swatch round", style: `background:${kindColour(kind)}` }),
          `${kind} (${counts.get(kind)})`),
      )),
      h("div", { class: "group" },
        h("button", { class: "secondary", "data-testid": "zoom-in", onclick: () => zoomAt(width / 2, height / 2, 2) }, "+"),
        h("button", { class: "secondary", "data-testid": "zoom-out", onclick: () => zoomAt(width / 2, height / 2, 0.5) }, "−"),
        h("button", { class: "secondary", "data-testid": "zoom-reset", onclick: () => { k = 1; tx = 0; ty = 0; apply(); } }, "Reset")),
      status,
    ),
    data.places.length ? null : note("No places with coordinates you can see."),
    h("div", { class: "map-body" }, svg, side),
  );
  apply();
  // For the browser tests and the console: where a coordinate lands, and what was drawn.
  (window as unknown as { kingpinMap: unknown }).kingpinMap = {
    places: data.places,
    project: (lon: number, lat: number) => {
      const xy = projection([lon, lat]);
      return xy ? [xy[0] * k + tx, xy[1] * k + ty] : null;
    },
  };
  if (focus) {
    const m = marks.find((x) => x.p.id === focus);
    if (m) {
      const [x, y] = projection([m.p.lon, m.p.lat]) ?? [width / 2, height / 2];
      k = 4;
      tx = width / 2 - x * k;
      ty = height / 2 - y * k;
      apply();
      void choose(m.p, m.el);
    }
  }
}

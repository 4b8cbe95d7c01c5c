import { get, type EntityOut, type NeighbourPage, type Statement, type TimelineOut } from "../api";
import type { Ctx } from "../main";
import { h, link, mount, note } from "../dom";
import { provenance, sourceTag, sourcesByName } from "../provenance";

/** One entity: every value with its provenance, linked entities, and its timeline. */
export async function entityPage({ main, rest }: Ctx): Promise<void> {
  const id = rest;
  const enc = encodeURIComponent(id);
  const [entity, neighbours, sources] = await Promise.all([
    get<EntityOut>(`/api/entities/${enc}`),
    get<NeighbourPage>(`/api/entities/${enc}/neighbours?limit=500`),
    sourcesByName(),
  ]);
  const captions = new Map(neighbours.items.map((n) => [n.entity.id, n.entity.caption]));
  const byProp = new Map<string, Statement[]>();
  for (const s of entity.statements) {
    const l = byProp.get(s.prop) ?? [];
    l.push(s);
    byProp.set(s.prop, l);
  }
  const timeline = h("div", { "data-testid": "timeline" }, h("p", { class: "muted" }, "Loading timeline…"));
  mount(
    main,
    h(
      "header",
      { class: "entity-head" },
      h("div", { class: "schema-tag" }, entity.schema),
      h("h1", { "data-testid": "entity-caption", dir: "auto" }, entity.caption),
      h("div", { class: "id" }, entity.id),
      h("div", { class: "actions" }, link(`/chart?seed=${enc}`, "Open in link chart"), link(`/timeline?seed=${enc}`, "Timeline with its network"), entity.schema === "Place" || entity.schema === "Address" ? link(`/map?place=${enc}`, "On the map") : null),
    ),
    h(
      "section",
      null,
      h("h2", null, "Properties"),
      h(
        "table",
        { class: "grid props", "data-testid": "properties" },
        h("thead", null, h("tr", null, h("th", null, "property"), h("th", null, "value"), h("th", null, "provenance (source · recorded · grade · releasability)"))),
        h(
          "tbody",
          null,
          [...byProp.entries()].flatMap(([prop, list]) =>
            list.map((s, i) =>
              h(
                "tr",
                null,
                h("td", { class: "prop" }, i === 0 ? prop : ""),
                h("td", { class: "value", dir: "auto" }, captions.has(s.value) ? link("/entity/" + encodeURIComponent(s.value), captions.get(s.value)!) : s.value),
                h("td", null, provenance(s, sources)),
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      "section",
      null,
      h("h2", null, `Linked entities (${neighbours.items.length}${neighbours.next_offset ? "+" : ""})`),
      neighbours.items.length
        ? h(
            "table",
            { class: "grid", "data-testid": "neighbours" },
            h("thead", null, h("tr", null, h("th", null, "link"), h("th", null, "schema"), h("th", null, "entity"))),
            h(
              "tbody",
              null,
              neighbours.items.map((n) =>
                h(
                  "tr",
                  null,
                  h("td", null, n.direction === "outgoing" ? `${n.prop} →` : `← ${n.prop}`),
                  h("td", null, n.entity.schema),
                  h("td", null, link("/entity/" + encodeURIComponent(n.entity.id), n.entity.caption)),
                ),
              ),
            ),
          )
        : h("p", { class: "muted" }, "No linked entities you can see."),
    ),
    h("section", null, h("h2", null, "Timeline"), timeline),
  );
  try {
    const t = await get<TimelineOut>(`/api/ui/entities/${enc}/timeline`);
    mount(timeline, renderTimeline(t));
  } catch (e) {
    mount(timeline, note(e instanceof Error ? e.message : String(e), "error"));
  }
}

function renderTimeline(t: TimelineOut): HTMLElement {
  if (!t.events.length) return note("No calls, payments, meetings or crossings on record.");
  const kinds = [...new Set(t.events.map((e) => e.kind))];
  return h(
    "div",
    null,
    h("p", { class: "muted" }, `${t.events.length}${t.truncated ? "+" : ""} events: ${kinds.join(", ")}`),
    h(
      "ol",
      { class: "timeline" },
      t.events.map((e) =>
        h(
          "li",
          { class: `ev ev-${e.kind}` },
          h("span", { class: "when" }, e.date ? e.date.replace("T", " ").slice(0, 16) : "undated"),
          h("span", { class: "kind" }, e.kind),
          link("/entity/" + encodeURIComponent(e.id), e.caption),
          e.counterparts.length
            ? h("span", null, " with ", e.counterparts.map((c, i) => [i ? ", " : "", link("/entity/" + encodeURIComponent(c.id), c.caption)]))
            : null,
          e.via ? h("span", { class: "muted" }, ` via ${e.via}`) : null,
          e.details.length ? h("span", { class: "muted" }, ` · ${e.details.join(" · ")}`) : null,
          h("span", { class: "srcs" }, e.sources.map(sourceTag)),
        ),
      ),
    ),
  );
}

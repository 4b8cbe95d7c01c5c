import { get, type SourceOut, type StatsOut } from "../api";
import type { Ctx } from "../main";
import { h, link, mount } from "../dom";
import { handling } from "../provenance";

/** Home: the user's investigations and the data they can see. */
export async function homePage({ main, me }: Ctx): Promise<void> {
  const [stats, sources] = await Promise.all([
    get<StatsOut>("/api/stats"),
    get<SourceOut[]>("/api/sources"),
  ]);
  const invs = me.investigations;
  mount(
    main,
    h("h1", null, `Welcome, ${me.user.name}`),
    h(
      "form",
      { class: "search-bar", onsubmit: searchSubmit },
      h("input", { name: "q", placeholder: "Search names (any script), phones, document numbers…" }),
      h("button", { type: "submit" }, "Search"),
    ),
    h("section", null, h("h2", null, "Your investigations"),
      invs.length
        ? h("ul", { class: "investigations" }, invs.map((i) => h("li", null, i)))
        : h("p", { class: "muted" }, "You are not a member of any investigation.")),
    h(
      "section",
      null,
      h("h2", null, "Data you can see"),
      h(
        "div",
        { class: "cards" },
        card("entities", stats.entities),
        card("statements", stats.statements),
        card("links", stats.links),
        card("sources", stats.sources),
      ),
      h(
        "table",
        { class: "grid", "data-testid": "schemata" },
        h("thead", null, h("tr", null, h("th", null, "schema"), h("th", { class: "num" }, "entities"))),
        h("tbody", null, stats.schemata.map((s) =>
          h("tr", null, h("td", null, s.schema), h("td", { class: "num" }, s.count.toLocaleString())))),
      ),
    ),
    h(
      "section",
      null,
      h("h2", null, "Sources"),
      h(
        "table",
        { class: "grid", "data-testid": "sources" },
        h("thead", null, h("tr", null, ["source", "kind", "grading", "rows", "statements", "handling", "imported"]
          .map((c) => h("th", null, c)))),
        h("tbody", null, sources.map((s) => h("tr", null,
          h("td", null, s.name), h("td", null, s.kind), h("td", null, h("span", { class: "grade" }, s.grading)),
          h("td", { class: "num" }, s.rows.toLocaleString()), h("td", { class: "num" }, s.statements.toLocaleString()),
          h("td", null, handling(s)), h("td", null, s.imported_at)))),
      ),
    ),
    h("p", null, link("/leaders", "Who is at the top? →")),
  );
}

function card(label: string, n: number): HTMLElement {
  return h("div", { class: "card" }, h("div", { class: "big" }, n.toLocaleString()), h("div", { class: "muted" }, label));
}

function searchSubmit(ev: Event): void {
  ev.preventDefault();
  const q = ((ev.target as HTMLFormElement).elements.namedItem("q") as HTMLInputElement).value.trim();
  if (q) location.hash = "#/search?q=" + encodeURIComponent(q);
}

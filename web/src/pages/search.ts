import { get, qs, type SearchPage } from "../api";
import type { Ctx } from "../main";
import { h, link, mount, note } from "../dom";

/** Search: names in any script, phone and document numbers; results grouped by schema. */
export async function searchPage({ main, params }: Ctx): Promise<void> {
  const q = params.get("q") ?? "";
  const input = h("input", { name: "q", value: q, placeholder: "Name, phone or document number", "aria-label": "search" });
  const results = h("div", { class: "results", "data-testid": "results" });
  const form = h("form", { class: "search-bar" }, input, h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = input.value.trim();
    if (v) location.hash = "#/search?q=" + encodeURIComponent(v);
  });
  mount(main, h("h1", null, "Search"), form, results);
  input.focus();
  if (!q) return;
  const page = await get<SearchPage>("/api/search" + qs({ q, limit: 200 }));
  if (!page.items.length) {
    mount(results, note(`Nothing found for “${q}”.`));
    return;
  }
  const bySchema = new Map<string, SearchPage["items"]>();
  for (const it of page.items) {
    const list = bySchema.get(it.entity.schema) ?? [];
    list.push(it);
    bySchema.set(it.entity.schema, list);
  }
  const groups = [...bySchema.entries()].sort((a, b) => b[1].length - a[1].length);
  mount(
    results,
    h("p", { class: "muted" }, `${page.items.length}${page.next_offset ? "+" : ""} results for “${q}”`),
    groups.map(([schema, items]) =>
      h(
        "section",
        { class: "schema-group", "data-schema": schema },
        h("h2", null, `${schema} `, h("span", { class: "count" }, String(items.length))),
        h(
          "ul",
          { class: "hits" },
          items.map((it) =>
            h(
              "li",
              null,
              link("/entity/" + encodeURIComponent(it.entity.id), it.entity.caption),
              it.matched && it.matched !== it.entity.caption
                ? h("span", { class: "muted" }, " matched “", h("bdi", { "data-testid": "matched" }, it.matched), "”")
                : null,
              h("span", { class: "id" }, it.entity.id),
            ),
          ),
        ),
      ),
    ),
  );
}

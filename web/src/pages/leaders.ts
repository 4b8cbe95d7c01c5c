import { get, type Leader, type LeadersOut } from "../api";
import type { Ctx } from "../main";
import { h, link, mount } from "../dom";

/** Leaders view: the ranking with every factor, and evidence paths that open in the chart. */
export async function leadersPage({ main }: Ctx): Promise<void> {
  mount(main, h("h1", null, "Who is at the top"), h("p", { class: "muted" }, "Ranking the network you can see…"));
  const r = await get<LeadersOut>("/api/ui/leaders?top=50");
  const detail = h("div", { class: "leader-detail", "data-testid": "leader-detail" });
  const factorNames = r.used.map((f) => f.name);
  const rows = r.ranked.map((l) =>
    h(
      "tr",
      { class: "leader-row", "data-id": l.id, onclick: () => show(l) },
      h("td", { class: "num" }, String(l.rank)),
      h("td", null, link("/entity/" + encodeURIComponent(l.id), l.caption)),
      h("td", { class: "num" }, l.score.toFixed(3)),
      h("td", null, bars(l, factorNames)),
      h("td", null, l.why),
    ),
  );
  const show = (l: Leader) => {
    for (const tr of rows) tr.classList.toggle("selected", tr.dataset.id === l.id);
    mount(
      detail,
      h("h2", null, `#${l.rank} ${l.caption}`),
      h(
        "table",
        { class: "grid factors" },
        h("thead", null, h("tr", null, ["factor", "value", "normalised", "weight", "contribution"].map((c) => h("th", null, c)))),
        h("tbody", null, l.factors.map((f) => h("tr", null,
          h("td", null, f.name.replace(/_/g, " ")),
          h("td", { class: "num" }, f.value.toFixed(3)),
          h("td", { class: "num" }, f.normalised.toFixed(3)),
          h("td", { class: "num" }, f.weight.toFixed(2)),
          h("td", { class: "num" }, f.contribution.toFixed(3))))),
      ),
      h("h3", null, "Evidence"),
      l.evidence.length
        ? h("ul", { class: "evidence" }, l.evidence.map((e) => h("li", null,
            h("span", { class: "factor-tag" }, e.factor.replace(/_/g, " ")), " ", e.what, " ",
            h("div", { class: "muted" }, e.path_captions.join(" → ")),
            link("/chart?ids=" + e.path.map(encodeURIComponent).join(","), "open in chart"))))
        : h("p", { class: "muted" }, "No evidence paths for this person."),
    );
  };
  mount(
    main,
    h("h1", null, "Who is at the top"),
    h("p", { class: "muted" }, `Leader score over ${r.nodes.toLocaleString()} nodes of the network you can see. Factors (weight): ${r.used.map((f) => `${f.name.replace(/_/g, " ")} ${f.weight.toFixed(2)}`).join(", ")}.`),
    r.unavailable.length ? h("p", { class: "muted" }, `Unavailable: ${r.unavailable.map((u) => `${u.name} (${u.why})`).join("; ")}`) : null,
    h(
      "div",
      { class: "leaders-layout" },
      h(
        "table",
        { class: "grid leaders", "data-testid": "leaders" },
        h("thead", null, h("tr", null, h("th", { class: "num" }, "rank"), h("th", null, "person"), h("th", { class: "num" }, "score"), h("th", null, "factors"), h("th", null, "why"))),
        h("tbody", null, rows),
      ),
      detail,
    ),
  );
  if (r.ranked.length) show(r.ranked[0]);
}

function bars(l: Leader, names: string[]): HTMLElement {
  return h("span", { class: "bars" }, names.map((n) => {
    const f = l.factors.find((x) => x.name === n);
    const v = f ? Math.max(0, Math.min(1, f.normalised)) : 0;
    return h("span", { class: "bar", title: `${n.replace(/_/g, " ")} ${v.toFixed(2)}` }, h("span", { style: `height:${Math.round(v * 100)}%` }));
  }));
}

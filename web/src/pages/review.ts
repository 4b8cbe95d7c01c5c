import { get, post, qs, type EntityOut } from "../api";
import type { Ctx } from "../main";
import { h, link, mount, note } from "../dom";
import { grade } from "../provenance";

interface Step {
  comparison: string;
  level: string;
  m: number | null;
  u: number | null;
  weight: number;
  cumulative: number;
}
interface Pair {
  a: EntityOut;
  b: EntityOut;
  weight: number;
  probability: number;
  linked: boolean;
  explanation: { steps: Step[]; weight: number; probability: number };
  decision: string | null;
}
interface PairsOut {
  items: Pair[];
  total: number;
  records: number;
  threshold: number;
}
interface ClustersOut {
  items: { members: { id: string; schema: string; caption: string }[]; by_analyst: boolean }[];
  total: number;
}

/** Resolution review: pairs side by side with the waterfall, one-click decisions, clusters. */
export async function reviewPage({ main, params, me }: Ctx): Promise<void> {
  const status = params.get("status") ?? "review";
  const offset = Number(params.get("offset") ?? 0);
  const canDecide = me.permissions.includes("decide");
  const tabs = h("div", { class: "tabs" }, [["review", "To review"], ["linked", "Linked"], ["decided", "Decided"], ["clusters", "Clusters"]].map(([s, l]) =>
    h("a", { href: `#/review?status=${s}`, class: s === status ? "active" : null }, l)));
  mount(main, h("h1", null, "Resolution review"), tabs, h("p", { class: "muted" }, "Linking the person records you can see…"));
  if (status === "clusters") {
    const c = await get<ClustersOut>("/api/ui/resolution/clusters" + qs({ offset, limit: 50 }));
    mount(main, h("h1", null, "Resolution review"), tabs,
      h("p", { class: "muted" }, `${c.total} identities of two or more records.`),
      h("ol", { class: "clusters", start: offset + 1, "data-testid": "clusters" }, c.items.map((cl) => h("li", null,
        cl.members.map((m, i) => [i ? " · " : "", link("/entity/" + encodeURIComponent(m.id), m.caption)]),
        cl.by_analyst ? h("span", { class: "factor-tag" }, "analyst") : null))),
      pager(status, offset, 50, c.total));
    return;
  }
  const r = await get<PairsOut>("/api/ui/resolution/pairs" + qs({ status, offset, limit: 10 }));
  const list = h("div", { "data-testid": "pairs" });
  mount(main, h("h1", null, "Resolution review"), tabs,
    h("p", { class: "muted" }, `${r.total} pairs · ${r.records} person records · linked at probability ≥ ${r.threshold}`),
    canDecide ? null : note("Your role may review but not decide."),
    list, pager(status, offset, 10, r.total));
  if (!r.items.length) mount(list, note("No pairs here."));
  for (const p of r.items) list.appendChild(pairCard(p, canDecide));
}

function pager(status: string, offset: number, size: number, total: number): HTMLElement {
  return h("div", { class: "pager" },
    offset > 0 ? link(`/review?status=${status}&offset=${Math.max(0, offset - size)}`, "← previous") : null,
    offset + size < total ? link(`/review?status=${status}&offset=${offset + size}`, "next →") : null);
}

function record(e: EntityOut): HTMLElement {
  return h("div", { class: "record" },
    h("h3", null, link("/entity/" + encodeURIComponent(e.id), e.caption)),
    h("div", { class: "id" }, e.id),
    h("table", { class: "grid" }, h("tbody", null, e.statements.map((s) => h("tr", null,
      h("td", { class: "prop" }, s.prop), h("td", null, s.value), h("td", null, h("span", { class: "muted" }, s.source), " ", grade(s.grading)))))));
}

function waterfall(steps: Step[]): HTMLElement {
  const max = Math.max(1, ...steps.map((s) => Math.abs(s.cumulative)), ...steps.map((s) => Math.abs(s.cumulative - s.weight)));
  const scale = (w: number) => (50 + (w / max) * 48).toFixed(1);
  return h("div", { class: "waterfall", "data-testid": "waterfall" }, steps.map((s) => {
    const from = s.cumulative - s.weight;
    const left = Math.min(from, s.cumulative);
    const right = Math.max(from, s.cumulative);
    return h("div", { class: "wf-row" },
      h("span", { class: "wf-label" }, `${s.comparison}: ${s.level}`),
      h("span", { class: "wf-track" },
        h("span", { class: "wf-zero" }),
        h("span", { class: `wf-bar ${s.weight >= 0 ? "pos" : "neg"}`, style: `left:${scale(left)}%;width:${Math.max(0.5, Number(scale(right)) - Number(scale(left))).toFixed(1)}%` })),
      h("span", { class: "wf-num" }, `${s.weight >= 0 ? "+" : ""}${s.weight.toFixed(2)}`));
  }));
}

function pairCard(p: Pair, canDecide: boolean): HTMLElement {
  const state = h("div", { class: "decision", "data-testid": "decision" }, p.decision ? `decided: ${p.decision}` : "");
  const decide = async (verdict: string) => {
    try {
      await post("/api/ui/resolution/decide", { a: p.a.id, b: p.b.id, verdict });
      state.textContent = verdict === "undo" ? "decision withdrawn" : `decided: ${verdict} (recorded)`;
      card.classList.add("done");
    } catch (e) {
      state.textContent = e instanceof Error ? e.message : String(e);
    }
  };
  const card = h("div", { class: "pair", "data-a": p.a.id, "data-b": p.b.id },
    h("div", { class: "pair-head" },
      h("b", null, `match weight ${p.weight.toFixed(2)} · probability ${(p.probability * 100).toFixed(1)}%`),
      p.linked ? h("span", { class: "factor-tag" }, "linked by the model") : null,
      canDecide ? h("span", { class: "buttons" },
        h("button", { type: "button", "data-testid": "confirm", onclick: () => void decide("same") }, "Same person"),
        h("button", { type: "button", class: "secondary", "data-testid": "split", onclick: () => void decide("different") }, "Different people"),
        p.decision ? h("button", { type: "button", class: "secondary", onclick: () => void decide("undo") }, "Undo") : null) : null,
      state),
    h("div", { class: "side-by-side" }, record(p.a), waterfall(p.explanation.steps), record(p.b)),
  );
  return card;
}

import "./money.css";
import { get, qs, type MoneyAlert, type PartiesOut, type PatternsOut, type TraceOut } from "../api";
import type { Ctx } from "../main";
import { h, link, mount, note } from "../dom";
import { drawSankey } from "../chart/sankey";

/** Follow the money: a trace from a person, account or payment drawn as a Sankey diagram with
 *  its flows and final holders, and the typology alerts whose evidence opens in the chart. */
export async function moneyPage({ main, params }: Ctx): Promise<void> {
  const from = params.get("from") ?? "";
  const direction = params.get("direction") === "backward" ? "backward" : "forward";
  const method = params.get("method") === "proportional" ? "proportional" : "fifo";
  const hops = Math.min(12, Math.max(1, Number(params.get("hops") ?? 3) || 3));
  const typology = params.get("typology") ?? "";

  const parties = await get<PartiesOut>("/api/money/parties?limit=20");
  const cur = parties.currency ?? "";
  const fmt = (x: number) => `${x.toLocaleString("en-GB", { maximumFractionDigits: 0 })} ${cur}`.trim();

  const input = h("input", { name: "from", list: "money-parties", value: from, placeholder: "person, account or payment", "aria-label": "trace from", size: 34 });
  const dir = h("select", { name: "direction", "aria-label": "direction" },
    h("option", { value: "forward", selected: direction === "forward" }, "forward: where did it go?"),
    h("option", { value: "backward", selected: direction === "backward" }, "backward: where did it come from?"));
  const hopIn = h("input", { name: "hops", type: "number", min: 1, max: 12, value: hops, "aria-label": "hops", style: "width:5em" });
  const meth = h("select", { name: "method", "aria-label": "method" },
    h("option", { value: "fifo", selected: method === "fifo" }, "FIFO"),
    h("option", { value: "proportional", selected: method === "proportional" }, "proportional"));
  const go = (f: string) => {
    location.hash = "#/money" + qs({ from: f, direction: dir.value, hops: hopIn.value, method: meth.value, typology });
  };
  const form = h("form", { class: "money-form", onsubmit: (e: Event) => { e.preventDefault(); go(input.value.trim()); } },
    input, dir, h("label", null, "hops ", hopIn), meth, h("button", { type: "submit", "data-testid": "trace" }, "Trace"));
  const datalist = h("datalist", { id: "money-parties" }, parties.parties.map((p) => h("option", { value: p.id }, p.name)));
  const picks = h("p", { class: "muted picks" }, "Most money moved: ",
    parties.parties.slice(0, 6).map((p) => h("a", { href: "#", class: "pick", "data-id": p.id, onclick: (e: Event) => { e.preventDefault(); input.value = p.id; go(p.id); } }, p.name)));
  const traceBox = h("section", { "data-testid": "trace-result" });
  const alertsBox = h("section", { "data-testid": "alerts" }, h("p", { class: "muted" }, "Scanning for typologies…"));
  mount(
    main,
    h("h1", null, "Follow the money"),
    h("p", { class: "muted" }, `${parties.ledger_payments.toLocaleString()} payments you can see, in ${parties.currency ?? "mixed currencies (no rate table imported)"}. Money leaves an account only after it arrived.`),
    form, datalist, parties.parties.length ? picks : null,
    traceBox,
    h("h2", null, "Typologies"),
    alertsBox,
  );

  const traceJob = from ? showTrace(traceBox, { from, direction, hops, method }, fmt) : Promise.resolve();
  const alertsJob = showAlerts(alertsBox, typology, fmt);
  await Promise.all([traceJob, alertsJob]);
}

async function showTrace(box: HTMLElement, q: { from: string; direction: string; hops: number; method: string }, fmt: (x: number) => string): Promise<void> {
  mount(box, h("p", { class: "muted" }, "Tracing…"));
  let t: TraceOut;
  try {
    t = await get<TraceOut>("/api/money/trace" + qs(q));
  } catch (e) {
    mount(box, note(e instanceof Error ? e.message : String(e), "error"));
    return;
  }
  const r = t.report;
  const fwd = r.direction === "forward";
  const width = Math.max(480, Math.min(1200, (box.parentElement?.clientWidth ?? 1000) - 40));
  const csv = "/api/money/trace.csv" + qs(q);
  const ids = [...new Set(r.flows.flatMap((f) => [f.from, f.to]))];
  mount(
    box,
    h("h2", { "data-testid": "trace-title" }, `${fwd ? "Where the money went" : "Where the money came from"}: ${r.start}`),
    h("p", { "data-testid": "trace-summary" },
      `${fmt(r.total)} traced ${r.hops} hops ${r.direction}, ${r.method === "fifo" ? "FIFO" : "proportionally"}; ${t.payments} payments carried it. `,
      h("a", { href: csv, download: "trace.csv", "data-testid": "csv" }, "CSV"), " · ",
      ids.length ? link("/chart?ids=" + ids.slice(0, 200).map(encodeURIComponent).join(","), "open in chart") : null),
    r.flows.length
      ? h("div", { class: "sankey-box", "data-testid": "sankey" }, drawSankey(t.sankey, width, fmt))
      : note("No traced money: nothing left (or reached) this starting point in the payments you can see."),
    h("div", { class: "money-tables" },
      h("div", null,
        h("h3", null, fwd ? "Final holders" : "Origins"),
        table(["party", "amount", "received", "passed on"], r.holders.slice(0, 25).map((x) => [
          h("a", { href: "#/money" + qs({ ...q, from: x.id }) }, x.name), fmt(x.amount), fmt(x.received), fmt(x.passed_on)]), "holders")),
      h("div", null,
        h("h3", null, "Flows"),
        table(["hop", "from", "to", "amount", "payments", "dates"], r.flows.slice(0, 60).map((f) => [
          String(f.hop), f.from_name, f.to_name, fmt(f.amount), String(f.payments), f.first === f.last ? f.first : `${f.first} – ${f.last}`]), "flows"),
        r.flows.length > 60 ? h("p", { class: "muted" }, `… ${r.flows.length - 60} more flows in the CSV.`) : null)),
  );
}

async function showAlerts(box: HTMLElement, typology: string, fmt: (x: number) => string): Promise<void> {
  const p = await get<PatternsOut>("/api/money/patterns" + qs({ typology, limit: 100 }));
  const all = await (typology ? get<PatternsOut>("/api/money/patterns?limit=1") : Promise.resolve(p));
  const here = (t: string) => "#/money?" + new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(location.hash.split("?")[1] ?? "")), typology: t }).toString();
  const tabs = h("div", { class: "typology-tabs" },
    h("a", { href: here(""), class: typology ? "" : "active" }, `all (${all.total})`),
    all.counts.filter((c) => c.alerts > 0).map((c) =>
      h("a", { href: here(c.typology), class: c.typology === typology ? "active" : "", "data-typology": c.typology }, `${c.typology} (${c.alerts})`)));
  mount(
    box,
    tabs,
    p.items.length
      ? h("ol", { class: "alerts" }, p.items.map((a) => alertItem(a, fmt)))
      : note("No typology alert in the payments you can see."),
    p.next_offset !== null ? h("p", { class: "muted" }, `Showing ${p.items.length} of ${p.total}.`) : null,
  );
}

function alertItem(a: MoneyAlert, fmt: (x: number) => string): HTMLElement {
  const names = new Map(a.members.map((m) => [m.id, m.name]));
  return h("li", { class: "alert", "data-typology": a.typology },
    h("span", { class: "factor-tag" }, a.typology), " ",
    h("strong", null, a.subjects.map((s) => s.name).join(" ⇄ ")), " ",
    h("span", { class: "muted" }, `${fmt(a.amount)}, ${a.first === a.last ? a.first : `${a.first} – ${a.last}`}`),
    h("div", null, a.summary),
    h("div", { class: "alert-actions" },
      link("/chart?ids=" + a.members.slice(0, 200).map((m) => encodeURIComponent(m.id)).join(","), "open evidence in chart"), " · ",
      a.subjects.map((s) => h("a", { href: "#/money" + qs({ from: s.id, direction: "backward", hops: 3 }) }, `trace ${s.name} back`))),
    h("details", null, h("summary", null, `${a.payments.length} payments, ${a.members.length} parties`),
      table(["reference", "date", "from", "to", "amount"], a.payments.slice(0, 50).map((x) => [
        x.reference, x.date, names.get(x.from) ?? x.from, names.get(x.to) ?? x.to, fmt(x.amount)]))),
  );
}

function table(head: string[], rows: (string | Node)[][], testid?: string): HTMLElement {
  const numeric = (c: string) => ["amount", "received", "passed on", "payments", "hop"].includes(c);
  return h("table", { class: "grid money", "data-testid": testid ?? null },
    h("thead", null, h("tr", null, head.map((c) => h("th", { class: numeric(c) ? "num" : null }, c)))),
    h("tbody", null, rows.map((r) => h("tr", null, r.map((c, i) => h("td", { class: numeric(head[i]) ? "num" : null }, c))))));
}

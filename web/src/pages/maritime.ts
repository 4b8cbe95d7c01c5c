import { get, qs } from "../api";
import type { Ctx } from "../main";
import { h, link, mount, note } from "../dom";

interface Reason {
  code: string;
  detail: string;
  purchases: string[];
}
interface Flagged {
  buyer: string;
  names: string[];
  purchases: number;
  score: number;
  reasons: Reason[];
}
interface Buy {
  record: string;
  date: string;
  buyer: string;
  buyer_name: string;
  buyer_phone: string;
  seller: string;
  seller_country: string;
  payment: string;
  quantity: number;
  amount: number | null;
  currency: string;
}
interface ItemTrace {
  item: { id: string; kind: string; make: string; model: string; serial: string };
  purchases: Buy[];
  seizures: { record: string; date: string; location: string; authority: string }[];
  crossings: { record: string; date: string; departure: string; outcome: string; pilot: string }[];
}
interface Trace {
  query: string;
  normalised: string;
  approximate: boolean;
  items: ItemTrace[];
}

/** Maritime equipment: suspicious buyers of boats and engines, and a seized engine's serial traced. */
export async function maritimePage({ main, params }: Ctx): Promise<void> {
  const serial = params.get("serial") ?? "";
  mount(main, h("h1", null, "Boats and engines"), h("p", { class: "muted" }, "Loading purchases…"));
  const flags = await get<{ purchases: number; flagged: Flagged[] }>("/api/maritime/flags");
  const input = h("input", { name: "serial", placeholder: "engine serial, e.g. 6BG-100123", value: serial });
  const traceOut = h("div", { "data-testid": "trace" });
  const form = h(
    "form",
    {
      class: "inline",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        location.hash = "#/maritime" + qs({ serial: input.value.trim() });
      },
    },
    input,
    h("button", { type: "submit" }, "Trace serial"),
  );
  const rows = flags.flagged.map((f) =>
    h(
      "tr",
      { "data-testid": "flagged" },
      h("td", null, f.buyer.startsWith("+") ? link("/entity/" + encodeURIComponent(`phone-${f.buyer}`), f.buyer) : link("/entity/" + encodeURIComponent(f.buyer), f.buyer)),
      h("td", null, f.names.join(", ")),
      h("td", { class: "num" }, String(f.purchases)),
      h("td", { class: "num" }, String(f.score)),
      h("td", null, h("ul", { class: "reasons" }, f.reasons.map((r) => h("li", null, h("span", { class: "factor-tag" }, r.code.replace(/_/g, " ").toLowerCase()), " ", r.detail, h("span", { class: "muted" }, ` (${r.purchases.join(", ")})`))))),
    ),
  );
  mount(
    main,
    h("h1", null, "Boats and engines"),
    h("p", { class: "muted" }, `${flags.purchases} purchases you can see; ${flags.flagged.length} buyers flagged, most reasons first.`),
    form,
    traceOut,
    h("h2", null, "Suspicious purchasing"),
    rows.length
      ? h(
          "table",
          { class: "grid", "data-testid": "flags" },
          h("thead", null, h("tr", null, ["buyer", "names", "purchases", "reasons", "why"].map((c) => h("th", null, c)))),
          h("tbody", null, rows),
        )
      : note("No buyer flagged in the sources you can see."),
  );
  if (!serial) return;
  const t = (await get<{ trace: Trace }>("/api/maritime/trace" + qs({ serial }))).trace;
  if (!t.items.length) {
    mount(traceOut, note(`No equipment with serial ${t.normalised} in the sources you can see.`));
    return;
  }
  mount(
    traceOut,
    h("h2", null, `Serial ${t.normalised}${t.approximate ? " (nearest: one character off)" : ""}`),
    t.items.map((it) =>
      h(
        "div",
        { class: "trace-item" },
        h("h3", null, link("/entity/" + encodeURIComponent(it.item.id), `${it.item.make} ${it.item.model} ${it.item.kind}`), ` serial ${it.item.serial}`),
        h("h4", null, "Bought"),
        it.purchases.length
          ? h("ul", null, it.purchases.map((b) => h("li", { "data-testid": "trace-purchase" }, `${b.date}: `, link("/entity/" + encodeURIComponent(b.buyer), b.buyer_name || b.buyer), ` ${b.buyer_phone} from ${b.seller} (${b.seller_country}), ${b.quantity} × ${b.amount ?? "?"} ${b.currency} ${b.payment}`)))
          : h("p", { class: "muted" }, "No purchase recorded."),
        h("h4", null, "Seized"),
        it.seizures.length ? h("ul", null, it.seizures.map((s) => h("li", null, `${s.date} ${s.location} by ${s.authority} (${s.record})`))) : h("p", { class: "muted" }, "Not seized."),
        h("h4", null, "Crossings"),
        it.crossings.length ? h("ul", null, it.crossings.map((c) => h("li", null, `${c.date} from ${c.departure}: ${c.outcome}${c.pilot ? `, pilot ${c.pilot}` : ""} (${c.record})`))) : h("p", { class: "muted" }, "No crossing linked."),
      ),
    ),
  );
}

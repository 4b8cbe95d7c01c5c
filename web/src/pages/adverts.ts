import { get, post, qs } from "../api";
import type { Ctx } from "../main";
import { h, link, mount, note } from "../dom";

interface Span {
  feature: string;
  category: string;
  start: number;
  end: number;
  text: string;
}
interface Contact {
  e164: string;
  entity: string | null;
  start: number | null;
  end: number | null;
  written: string | null;
}
interface Advert {
  id: string;
  post_id: string | null;
  url: string | null;
  date: string | null;
  account: string | null;
  platform: string | null;
  handle: string | null;
  language: string;
  score: number;
  text: string;
  evidence: Span[];
  contacts: Contact[];
  handles: string[];
  price: string | null;
  referral: { id: number; state: string } | null;
}
interface Referral {
  id: number;
  account: string;
  platform: string;
  handle: string;
  url: string | null;
  state: string;
  next: string[];
  identified_at: string;
  referred_at: string | null;
  batch: string | null;
  removed_at: string | null;
  reappears_of: number | null;
  link: string | null;
}
interface Metrics {
  by_state: Record<string, number>;
  referrals_per_month: Record<string, number>;
  removals_per_month: Record<string, number>;
  median_days_to_removal: number | null;
  reappearance_rate: number | null;
  accounts: number;
  networks: number;
  largest_network: number;
  accounts_per_network: number;
}

const NEGATIVE = new Set(["sale", "travel", "visa", "news", "warning", "personal"]);

/** The text with its evidence spans (UTF-8 byte offsets from the server) marked. */
export function highlighted(text: string, spans: { start: number; end: number; label: string; kind: string }[]): HTMLElement {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out = h("p", { class: "advert-text", dir: "auto" });
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue; // overlapping spans: the first (longest) wins
    out.append(dec.decode(bytes.slice(at, s.start)));
    out.append(h("mark", { class: `ev ev-${s.kind}`, title: s.label, "data-feature": s.label }, dec.decode(bytes.slice(s.start, s.end))));
    at = s.end;
  }
  out.append(dec.decode(bytes.slice(at)));
  return out;
}

/** A message to show after the page reloads (the outcome of the action that reloaded it). */
let flash: HTMLElement | null = null;

const LABEL: Record<string, string> = {
  evidence_captured: "Capture evidence",
  referred: "Mark referred",
  removed: "Removed",
  declined: "Declined",
};

/** Adverts and referrals: what smugglers advertise, why each scores, and the takedown work. */
export async function advertsPage(ctx: Ctx): Promise<void> {
  const { main, me, params } = ctx;
  const canRefer = me.permissions.includes("refer");
  const language = params.get("language") ?? "";
  const q = params.get("q") ?? "";
  mount(main, h("h1", null, "Adverts and referrals"), h("p", { class: "muted" }, "Loading adverts…"));
  const [page, refs, m] = await Promise.all([
    get<{ total: number; adverts: Advert[] }>("/api/social/adverts" + qs({ limit: 100, language, q })),
    get<Referral[]>("/api/social/referrals"),
    get<{ metrics: Metrics }>("/api/social/metrics"),
  ]);
  const status = h("div", { "data-testid": "referral-status" }, flash);
  flash = null;
  const reload = (msg: HTMLElement) => {
    flash = msg;
    void advertsPage(ctx);
  };
  const act = async (r: Referral, to: string) => {
    try {
      const out = await post<Referral>(`/api/social/referrals/${r.id}/transition`, { to });
      reload(note(`Referral ${out.id} (${out.platform}/${out.handle}) is now ${out.state.replace("_", " ")}.`));
    } catch (e) {
      mount(status, note(e instanceof Error ? e.message : String(e), "error"));
    }
  };
  const adverts = page.adverts.map((a) =>
    h(
      "article",
      { class: "advert", "data-testid": "advert", "data-id": a.id },
      h(
        "header",
        null,
        h("span", { class: "score", title: "advert score" }, a.score.toFixed(2)),
        " ",
        h("span", { class: "lang" }, a.language),
        " ",
        a.account ? link("/entity/" + encodeURIComponent(a.account), `${a.platform ?? ""}/${a.handle ?? a.account}`) : "unknown account",
        " ",
        h("span", { class: "muted" }, a.date ?? ""),
        a.referral ? h("span", { class: `state state-${a.referral.state}` }, ` referral ${a.referral.id}: ${a.referral.state.replace("_", " ")}`) : null,
      ),
      // Contacts first: where a number is also a "contact" evidence span, the mark names it in E.164.
      highlighted(a.text, [
        ...a.contacts.filter((c) => c.start !== null && c.end !== null).map((c) => ({ start: c.start!, end: c.end!, label: `contact ${c.e164}`, kind: "contact" })),
        ...a.evidence.map((e) => ({ start: e.start, end: e.end, label: `${e.feature}: ${e.category}`, kind: NEGATIVE.has(e.feature) ? "negative" : e.feature })),
      ]),
      h(
        "div",
        { class: "contacts" },
        a.contacts.map((c) =>
          h(
            "span",
            { class: "contact", "data-testid": "contact" },
            c.entity ? link("/entity/" + encodeURIComponent(c.entity), c.e164) : c.e164,
            c.entity ? [" ", link("/chart?ids=" + encodeURIComponent(c.entity), "chart")] : null,
          ),
        ),
        a.price ? h("span", { class: "muted" }, ` price ${a.price}`) : null,
        a.url ? [" ", h("a", { href: a.url, rel: "noreferrer noopener", target: "_blank" }, "post")] : null,
      ),
    ),
  );
  const refRows = refs.map((r) =>
    h(
      "tr",
      { "data-testid": "referral", "data-id": String(r.id) },
      h("td", { class: "num" }, String(r.id)),
      h("td", null, link("/entity/" + encodeURIComponent(r.account), `${r.platform}/${r.handle}`)),
      h("td", null, h("span", { class: `state state-${r.state}` }, r.state.replace("_", " "))),
      h("td", null, r.batch ?? ""),
      h("td", null, r.link ? `re-appeared (${r.link})` : ""),
      h(
        "td",
        null,
        canRefer
          ? r.next.filter((n) => LABEL[n]).map((n) => h("button", { class: "small", "data-to": n, onclick: () => void act(r, n) }, LABEL[n]))
          : null,
      ),
    ),
  );
  const mt = m.metrics;
  const metrics = h(
    "dl",
    { class: "metrics", "data-testid": "metrics" },
    h("dt", null, "referrals by state"),
    h("dd", null, Object.entries(mt.by_state).map(([k, v]) => `${k.replace("_", " ")} ${v}`).join(", ") || "none"),
    h("dt", null, "median days to removal"),
    h("dd", null, mt.median_days_to_removal === null ? "—" : String(mt.median_days_to_removal)),
    h("dt", null, "re-appearance rate"),
    h("dd", null, mt.reappearance_rate === null ? "—" : `${Math.round(mt.reappearance_rate * 100)}%`),
    h("dt", null, "advertising accounts / networks"),
    h("dd", null, `${mt.accounts} / ${mt.networks} (largest ${mt.largest_network})`),
  );
  const batchOut = h("div", { "data-testid": "batch" });
  const platform = h("input", { name: "platform", placeholder: "platform, e.g. tiktok", value: refs.find((r) => r.state === "evidence_captured")?.platform ?? "" });
  const batchForm = canRefer
    ? h(
        "form",
        {
          class: "batch",
          onsubmit: async (ev: Event) => {
            ev.preventDefault();
            try {
              const b = await post<{ batch: string; accounts: { referral: number; handle: string }[] }>("/api/social/referrals/batch", { platform: platform.value });
              const blob = new Blob([JSON.stringify(b, null, 2)], { type: "application/json" });
              reload(
                h(
                  "div",
                  null,
                  note(`Batch ${b.batch}: ${b.accounts.length} accounts referred (${b.accounts.map((a) => a.handle).join(", ") || "none had evidence captured"}).`),
                  b.accounts.length ? h("a", { href: URL.createObjectURL(blob), download: `${b.batch}.json` }, "download the batch (JSON)") : null,
                ),
              );
            } catch (e) {
              mount(batchOut, note(e instanceof Error ? e.message : String(e), "error"));
            }
          },
        },
        platform,
        h("button", { type: "submit" }, "Refer captured accounts as a batch"),
      )
    : null;
  mount(
    main,
    h("h1", null, "Adverts and referrals"),
    h("p", { class: "muted" }, `${page.total} adverts you can see${language ? ` in ${language}` : ""}${q ? ` matching “${q}”` : ""}, highest score first${page.total > page.adverts.length ? ` (the first ${page.adverts.length})` : ""}; marked words are the evidence behind each score.`),
    h(
      "form",
      {
        class: "inline",
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          const v = (ev.target as HTMLFormElement).querySelector("input")!.value.trim();
          location.hash = "#/adverts" + qs({ q: v, language });
        },
      },
      h("input", { name: "q", placeholder: "words or handle", value: q }),
      h("button", { type: "submit" }, "Find adverts"),
    ),
    h(
      "div",
      { class: "adverts-layout" },
      h("section", { class: "adverts", "data-testid": "adverts" }, adverts.length ? adverts : note("No adverts in the sources you can see.")),
      h(
        "section",
        { class: "referrals" },
        h("h2", null, "Referrals"),
        canRefer
          ? h(
              "button",
              {
                onclick: async () => {
                  const r = await post<{ opened: number[]; reappeared: number[][] }>("/api/social/referrals/identify");
                  reload(note(`${r.opened.length} referrals opened, ${r.reappeared.length} re-appearances.`));
                },
              },
              "Identify advertising accounts",
            )
          : null,
        status,
        h(
          "table",
          { class: "grid", "data-testid": "referrals" },
          h("thead", null, h("tr", null, ["#", "account", "state", "batch", "", ""].map((c) => h("th", null, c)))),
          h("tbody", null, refRows),
        ),
        batchForm,
        batchOut,
        h("h2", null, "Takedown figures"),
        metrics,
      ),
    ),
  );
}

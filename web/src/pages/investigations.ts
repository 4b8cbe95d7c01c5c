import "./investigations.css";
import { get, qs } from "../api";
import type { Ctx } from "../main";
import { h, link, mount, note } from "../dom";

// The server's investigation answers (crates/server/src/api/cases).
interface CaseSummary { name: string; agency: string; contact: string; role: string; members: number; targets: number; open_tasks: number; exhibits: number }
interface Factor { factor: string; value: number; weight: number; contribution: number; reason: string }
interface TargetScore { entity: string; caption: string; score: number; factors: Factor[] }
interface InvestigationScore { investigation: string; score: number; factors: Factor[]; targets: TargetScore[] }
interface Weight { factor: string; weight: number; set_by: string; set_at: string | null; reason: string | null }
interface Board { today: string; weights: Weight[]; investigations: InvestigationScore[] }
interface Member { user: string; role: string }
interface Target { entity: string; schema: string; caption: string; label: string; reason: string; added_by: string; added_at: string }
interface Requirement { id: number; kind: string; text: string; status: string; created_by: string }
interface Task { id: number; title: string; owner: string; due: string | null; status: string }
interface Entry { id: number; author: string; at: string; text: string; rationale: string; about: string | null }
interface Custody { at: string; from_holder: string | null; to_holder: string; location: string; reason: string; recorded_by: string }
interface ExhibitFile { sha256: string; name: string; size: number; added_at: string }
interface Exhibit {
  reference: string; kind: string; description: string; seized_by: string; seized_at: string; seized_where: string;
  holder: string; location: string; custody: Custody[]; files: ExhibitFile[];
}
interface CaseDetail {
  name: string; agency: string; contact: string; members: Member[]; targets: Target[]; requirements: Requirement[];
  tasks: Task[]; decisions: Entry[]; notes: Entry[]; exhibits: Exhibit[];
}
interface FileCheck { reference: string; name: string; sha256: string; status: "intact" | "altered" | "missing"; found?: string }

const TASK_STATUSES = ["open", "in_progress", "blocked", "done", "cancelled"];
const enc = encodeURIComponent;

/** Investigations: the priority board with its reasons, or one investigation in detail. */
export async function investigationsPage(ctx: Ctx): Promise<void> {
  if (ctx.rest) return detailPage(ctx, ctx.rest);
  const { main, params, me } = ctx;
  mount(main, h("h1", null, "Investigations"), h("p", { class: "muted" }, "Loading…"));
  const cases = await get<CaseSummary[]>("/api/cases");
  const list = cases.length
    ? h("table", { class: "grid", "data-testid": "cases" },
        h("thead", null, h("tr", null, ["investigation", "agency", "your part", "targets", "open tasks", "exhibits", "members"].map((c) => h("th", null, c)))),
        h("tbody", null, cases.map((c) => h("tr", { "data-case": c.name },
          h("td", null, link("/investigations/" + enc(c.name), c.name)),
          h("td", null, c.agency), h("td", null, c.role.replace(/_/g, " ")),
          h("td", { class: "num" }, c.targets), h("td", { class: "num" }, c.open_tasks),
          h("td", { class: "num" }, c.exhibits), h("td", { class: "num" }, c.members)))))
    : note("You are not a member of any investigation.");
  const boardBox = h("div", { "data-testid": "board" });
  mount(main, h("h1", null, "Investigations"), list, h("h2", null, "Priority board"), boardBox);
  if (!me.permissions.includes("analyse")) {
    mount(boardBox, note("Your role does not rank investigations."));
    return;
  }
  const depth = params.get("depth") ?? "2";
  mount(boardBox, h("p", { class: "muted" }, `Scoring your investigations' targets within ${depth} links…`));
  const b = await get<Board>("/api/board" + qs({ depth }));
  mount(
    boardBox,
    h("p", { class: "muted" },
      `Freshness measured from ${b.today}, within ${depth} links (`,
      ["1", "2", "3", "4"].filter((d) => d !== depth).map((d) => [link(`/investigations?depth=${d}`, `${d} link${d === "1" ? "" : "s"}`), " "]),
      "). Weights: ",
      b.weights.map((w) => `${w.factor} ${w.weight}${w.set_by === "default" ? "" : ` (set by ${w.set_by})`}`).join(", "), "."),
    b.investigations.length ? b.investigations.map((inv, i) => boardCard(inv, i + 1)) : note("No investigation of yours has targets yet."),
  );
}

function factorTable(factors: Factor[]): HTMLElement {
  return h("table", { class: "grid factors" },
    h("thead", null, h("tr", null, ["factor", "value", "weight", "contribution", "reason"].map((c) => h("th", null, c)))),
    h("tbody", null, factors.map((f) => h("tr", { "data-factor": f.factor },
      h("td", null, f.factor), h("td", { class: "num" }, f.value.toFixed(2)), h("td", { class: "num" }, f.weight.toFixed(2)),
      h("td", { class: "num" }, f.contribution.toFixed(3)), h("td", { class: "reason" }, f.reason)))));
}

function boardCard(inv: InvestigationScore, rank: number): HTMLElement {
  return h("section", { class: "board-case", "data-board-case": inv.investigation },
    h("h3", null, `#${rank} `, link("/investigations/" + enc(inv.investigation), inv.investigation), ` — score ${inv.score.toFixed(3)}`),
    factorTable(inv.factors),
    inv.targets.map((t) => h("details", { class: "board-target", "data-target": t.entity },
      h("summary", null, `${t.caption} `, h("span", { class: "id" }, t.entity), ` — score ${t.score.toFixed(3)}`),
      factorTable(t.factors))),
  );
}

async function detailPage({ main }: Ctx, name: string): Promise<void> {
  mount(main, h("h1", null, name), h("p", { class: "muted" }, "Loading…"));
  const base = `/api/cases/${enc(name)}`;
  const [d, checks] = await Promise.all([get<CaseDetail>(base), get<FileCheck[]>(`${base}/integrity`)]);
  const state = new Map(checks.map((c) => [`${c.reference}\u0000${c.sha256}`, c]));
  const altered = checks.filter((c) => c.status !== "intact");
  const taskBox = h("div", { "data-testid": "tasks" });
  const drawTasks = (tasks: Task[]) => mount(taskBox, tasks.length
    ? h("table", { class: "grid" },
        h("thead", null, h("tr", null, ["#", "task", "owner", "due", "status"].map((c) => h("th", null, c)))),
        h("tbody", null, tasks.map((t) => h("tr", { "data-task": t.id },
          h("td", { class: "num" }, t.id), h("td", null, t.title), h("td", null, t.owner), h("td", null, t.due ?? "—"),
          h("td", null, statusSelect(base, t, (nt) => drawTasks(tasks.map((x) => (x.id === nt.id ? nt : x)))))))))
    : h("p", { class: "muted" }, "No tasks."));
  drawTasks(d.tasks);
  mount(
    main,
    h("h1", null, d.name),
    h("p", { class: "muted" }, `Led by ${d.agency} (contact ${d.contact}). Members: `,
      d.members.map((m) => `${m.user} (${m.role.replace(/_/g, " ")})`).join(", "), "."),
    h("div", { class: "actions", "data-testid": "papers" },
      h("a", { href: `${base}/disclosure.csv`, download: "" }, "Disclosure schedule (CSV)"),
      h("a", { href: `${base}/disclosure.pdf`, target: "_blank" }, "Disclosure schedule (PDF)"),
      link("/investigations", "Priority board")),
    h("h2", null, "Targets"),
    d.targets.length
      ? h("table", { class: "grid", "data-testid": "targets" },
          h("thead", null, h("tr", null, ["target", "part", "why", "added", "evidence bundle"].map((c) => h("th", null, c)))),
          h("tbody", null, d.targets.map((t) => h("tr", { "data-target": t.entity },
            h("td", null, link("/entity/" + enc(t.entity), t.caption), h("span", { class: "id" }, t.schema)),
            h("td", null, t.label), h("td", null, t.reason), h("td", null, `${t.added_by}, ${t.added_at.slice(0, 10)}`),
            h("td", null,
              h("a", { href: `${base}/targets/${enc(t.entity)}/bundle.html`, target: "_blank" }, "HTML"), " · ",
              h("a", { href: `${base}/targets/${enc(t.entity)}/bundle.pdf`, target: "_blank" }, "PDF"))))))
      : h("p", { class: "muted" }, "No targets you can see."),
    h("h2", null, "Tasks"),
    taskBox,
    d.requirements.length ? [h("h2", null, "Requirements and hypotheses"), h("ul", null, d.requirements.map((r) =>
      h("li", null, h("span", { class: "factor-tag" }, r.kind), ` ${r.text} — ${r.status}`)))] : null,
    h("h2", null, "Exhibits"),
    altered.length
      ? note(`Integrity check: ${altered.length} digital cop${altered.length === 1 ? "y is" : "ies are"} not as stored (${altered.map((c) => `${c.reference} ${c.name}: ${c.status}`).join("; ")}).`, "error")
      : h("p", { class: "muted", "data-testid": "integrity-ok" }, `Integrity check: all ${checks.length} digital copies intact.`),
    d.exhibits.length ? d.exhibits.map((e) => exhibitCard(e, state)) : h("p", { class: "muted" }, "No exhibits."),
    h("h2", null, "Decision log"),
    entries(d.decisions, true),
    h("h2", null, "Notes"),
    entries(d.notes, false),
  );
}

function statusSelect(base: string, t: Task, changed: (t: Task) => void): HTMLElement {
  const sel = h("select", {
    "aria-label": `status of task ${t.id}`,
    onchange: async () => {
      sel.disabled = true;
      try {
        const res = await fetch(`${base}/tasks/${t.id}`, {
          method: "PATCH", credentials: "same-origin",
          headers: { "content-type": "application/json" }, body: JSON.stringify({ status: sel.value }),
        });
        const body = await res.json();
        if (!res.ok) throw new Error(body?.error?.message ?? res.statusText);
        changed(body as Task);
      } catch (e) {
        sel.value = t.status;
        sel.after(note(e instanceof Error ? e.message : String(e), "error"));
      } finally {
        sel.disabled = false;
      }
    },
  }, TASK_STATUSES.map((s) => h("option", { value: s, selected: s === t.status }, s.replace(/_/g, " "))));
  return sel;
}

function exhibitCard(e: Exhibit, state: Map<string, FileCheck>): HTMLElement {
  return h("section", { class: "exhibit", "data-exhibit": e.reference },
    h("h3", null, `${e.reference} `, h("span", { class: "schema-tag" }, e.kind), ` ${e.description}`),
    h("p", { class: "muted" }, `Seized by ${e.seized_by} at ${e.seized_where}, ${e.seized_at}. Now held by ${e.holder} (${e.location}).`),
    h("table", { class: "grid custody" },
      h("thead", null, h("tr", null, ["when", "from", "to", "where", "why", "recorded by"].map((c) => h("th", null, c)))),
      h("tbody", null, e.custody.map((c) => h("tr", null,
        h("td", null, c.at), h("td", null, c.from_holder ?? "(seizure)"), h("td", null, c.to_holder),
        h("td", null, c.location), h("td", null, c.reason), h("td", null, c.recorded_by))))),
    e.files.length
      ? h("ul", { class: "files" }, e.files.map((f) => {
          const c = state.get(`${e.reference}\u0000${f.sha256}`);
          const status = c?.status ?? "unchecked";
          return h("li", { "data-file": f.name, "data-integrity": status },
            h("span", { class: `integrity ${status}` }, status), ` ${f.name} (${f.size.toLocaleString()} bytes) `,
            h("span", { class: "id" }, `SHA-256 ${f.sha256.slice(0, 16)}…`),
            c?.found ? h("span", { class: "id" }, ` now ${c.found.slice(0, 16)}…`) : null);
        }))
      : h("p", { class: "muted" }, "No digital copies."),
  );
}

function entries(list: Entry[], decisions: boolean): HTMLElement {
  if (!list.length) return h("p", { class: "muted" }, decisions ? "No decisions." : "No notes.");
  return h("ul", { class: "entries" }, list.map((e) => h("li", null,
    h("strong", null, e.text), decisions ? ` — because ${e.rationale}` : null,
    h("div", { class: "muted" }, `${e.author}, ${e.at}${e.about ? `, about ${e.about}` : ""}`))));
}

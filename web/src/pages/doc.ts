import { post } from "../api";
import type { Ctx } from "../main";
import { h, mount, note } from "../dom";

interface MrzFinding {
  code: string;
  severity: string;
  field: string;
  line: number;
  start: number;
  end: number;
  message: string;
}
interface CrossFinding {
  code: string;
  level: string;
  field: string | null;
  message: string;
  evidence: { entity: string; caption: string; schema: string; sources: string[]; detail: string }[];
}
interface Examination {
  lines: string[];
  outcome: string;
  mrz: { valid: boolean; type: string | null; specimen: boolean; fields: Record<string, unknown> | null; findings: MrzFinding[] };
  cross_checks: CrossFinding[];
}

const VIZ_FIELDS: [string, string][] = [
  ["surname", "Surname"],
  ["given_names", "Given names"],
  ["document_number", "Document number"],
  ["issuing_state", "Issuing state"],
  ["nationality", "Nationality"],
  ["birth_date", "Date of birth (YYYY-MM-DD)"],
  ["expiry_date", "Date of expiry (YYYY-MM-DD)"],
  ["sex", "Sex"],
];

/** Document check: paste an MRZ and the visual zone; findings are marked on the characters. */
export function docPage({ main }: Ctx): void {
  const mrz = h("textarea", { rows: 3, cols: 50, name: "mrz", spellcheck: "false", placeholder: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", "aria-label": "MRZ" });
  const viz = VIZ_FIELDS.map(([k, label]) => ({ k, input: h("input", { name: `viz-${k}`, "aria-label": label }), label }));
  const usedOn = h("input", { name: "used_on", placeholder: "YYYY-MM-DD", "aria-label": "used on" });
  const result = h("div", { "data-testid": "doc-result" });
  const form = h(
    "form",
    { class: "doc-form" },
    h("label", { class: "wide" }, "Machine-readable zone (2 or 3 lines, or separated by |)", mrz),
    h("fieldset", null, h("legend", null, "Visual zone as printed (optional)"),
      viz.map((v) => h("label", null, v.label, v.input)),
      h("label", null, "Used on (crossing, application)", usedOn)),
    h("button", { type: "submit", "data-testid": "check" }, "Check document"),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const visual_zone: Record<string, string> = {};
    for (const v of viz) if (v.input.value.trim()) visual_zone[v.k] = v.input.value.trim();
    try {
      const e = await post<Examination>("/api/ui/doc/check", { mrz: mrz.value, visual_zone, used_on: usedOn.value.trim() || undefined });
      mount(result, render(e));
    } catch (err) {
      mount(result, note(err instanceof Error ? err.message : String(err), "error"));
    }
  });
  mount(main, h("h1", null, "Document check"), h("div", { class: "doc-layout" }, form, result));
}

function render(e: Examination): HTMLElement {
  const findings = e.mrz.findings;
  const marked = (line: number, col: number) =>
    findings.filter((f) => (f.line === line || f.line === 0) && f.start > 0 && col >= f.start && col <= f.end);
  const lines = e.lines.map((text, li) =>
    h("div", { class: "mrz-line" }, [...text].map((ch, ci) => {
      const fs = marked(li + 1, ci + 1);
      const worst = fs.some((f) => f.severity === "error") ? "error" : fs.length ? "warning" : "";
      return h("span", { class: `mrz-ch ${worst}`, title: fs.map((f) => `${f.code}: ${f.message}`).join("\n") || null, "data-col": ci + 1 }, ch);
    })),
  );
  return h(
    "div",
    null,
    h("div", { class: `outcome ${e.outcome}`, "data-testid": "outcome" }, e.outcome.toUpperCase()),
    h("div", { class: "muted" }, `${e.mrz.type ?? "unknown layout"}${e.mrz.specimen ? " · ICAO specimen" : ""} · MRZ ${e.mrz.valid ? "valid" : "invalid"}`),
    h("div", { class: "mrz", "data-testid": "mrz" }, lines),
    h("h3", null, "MRZ findings"),
    findings.length
      ? h("ul", { class: "findings" }, findings.map((f) => h("li", { class: f.severity },
          h("code", null, f.code), ` line ${f.line}, columns ${f.start}-${f.end} (${f.field}): ${f.message}`)))
      : h("p", { class: "muted" }, "None: every check digit, code and date is right."),
    h("h3", null, "Cross-checks against what you can see"),
    e.cross_checks.length
      ? h("ul", { class: "findings", "data-testid": "cross-checks" }, e.cross_checks.map((c) => h("li", { class: c.level },
          h("code", null, c.code), c.field ? ` (${c.field})` : "", ": ", c.message,
          c.evidence.length ? h("ul", null, c.evidence.map((ev) => h("li", { class: "muted" },
            h("a", { href: "#/entity/" + encodeURIComponent(ev.entity) }, `${ev.schema} ${ev.caption}`), ` — ${ev.detail}; ${ev.sources.join(", ")}`))) : null)))
      : h("p", { class: "muted" }, "No cross-check finding."),
  );
}

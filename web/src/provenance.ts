// Provenance shown beside every value: source, date, 3x5x2 grade and releasability.

import { get, type SourceOut, type Statement } from "./api";
import { h } from "./dom";

let sourcesCache: Promise<Map<string, SourceOut>> | null = null;

/** The sources the user can see, by name (fetched once per page load). */
export function sourcesByName(): Promise<Map<string, SourceOut>> {
  sourcesCache ??= get<SourceOut[]>("/api/sources").then((l) => new Map(l.map((s) => [s.name, s])));
  return sourcesCache;
}

/** Forgets the cached sources (after sign-in as someone else). */
export function resetSources(): void {
  sourcesCache = null;
}

/** A source's handling in words: owner, who else may see it, compartment. */
export function handling(s: SourceOut): string {
  const rel = s.releasable_to.includes("*")
    ? "releasable to all"
    : s.releasable_to.length
      ? `releasable to ${s.releasable_to.join(", ")}`
      : `${s.agency} only`;
  return `${s.agency} · ${rel}${s.compartment ? ` · investigation ${s.compartment}` : ""}`;
}

const RELIABILITY: Record<string, string> = {
  "1": "reliable",
  "2": "untested",
  "3": "not reliable",
};
const INTEL: Record<string, string> = {
  A: "known directly",
  B: "known indirectly, corroborated",
  C: "known indirectly",
  D: "not known",
  E: "suspected false",
};
const HANDLING: Record<string, string> = { P: "lawful sharing permitted", C: "conditions apply" };

/** The grade as a badge whose tooltip spells out the 3x5x2 code. */
export function grade(code: string): HTMLElement {
  const [r, i, hc] = code.split("");
  const title = `source ${RELIABILITY[r] ?? r}; intelligence ${INTEL[i] ?? i}; handling: ${HANDLING[hc] ?? hc}`;
  return h("span", { class: `grade g${r}`, title }, code);
}

/** The provenance line of one statement. */
export function provenance(s: Statement, sources: Map<string, SourceOut>): HTMLElement {
  const src = sources.get(s.source);
  return h(
    "span",
    { class: "prov" },
    h("span", { class: "src", title: "source" }, s.source),
    s.recorded ? h("span", { class: "date", title: "recorded" }, s.recorded.slice(0, 10)) : null,
    grade(s.grading),
    h("span", { class: "rel", title: "releasability" }, src ? handling(src) : "handling unknown"),
  );
}

/** A `source (grade)` tag as the timeline and map endpoints give it: the name and the grade badge. */
export function sourceTag(tag: string): HTMLElement {
  const m = tag.match(/^(.*) \((\w+)\)$/);
  return m ? h("span", { class: "prov" }, h("span", { class: "src" }, m[1]), grade(m[2])) : h("span", null, tag);
}

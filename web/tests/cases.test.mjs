// The Investigations page in headless Chromium on the demo (`kingpin demo --serve`): an
// investigator records targets, a task, an exhibit with a handover and a digital copy through
// the API, the copy is tampered with on disk, and the page shows the priority board with its
// reasons and the investigation with custody and the altered copy. Screenshots go to
// web/test-results/ (investigations-board.png, investigations-detail.png).

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { chmodSync, writeFileSync } from "node:fs";
import { demoWorld, newPage, login, shot } from "./harness.mjs";

let base, browser, db;
const problems = [];
const INV = "op-kestrel";

demoWorld("cases", problems, (w) => ({ base, browser, db } = w));

/** Calls the API from the signed-in page (its session cookie); the JSON answer. */
async function api(page, method, path, body) {
  const r = await page.evaluate(async ([method, path, body]) => {
    const res = await fetch(path, {
      method,
      headers: body === null ? {} : { "content-type": "application/json" },
      body: body === null ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }, [method, path, body ?? null]);
  assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.json)}`);
  return r.json;
}

test("the board shows its reasons; an investigation shows custody and a tampered copy", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  // Two of the network's leaders become targets of the demo investigation.
  const leaders = await api(page, "GET", "/api/ui/leaders?top=2");
  const ids = leaders.ranked.map((l) => l.id);
  assert.equal(ids.length, 2);
  for (const [i, id] of ids.entries()) {
    await api(page, "POST", `/api/cases/${INV}/targets`, { entity: id, label: i ? "lieutenant" : "principal", reason: "ranked by the leader score" });
  }
  await api(page, "POST", `/api/cases/${INV}/tasks`, { title: "Cell-site analysis of the organiser's phone", owner: "nca.examiner", due: "2026-12-20" });
  await api(page, "POST", `/api/cases/${INV}/decisions`, { decision: "Prioritise the organiser", rationale: "top of the board" });
  await api(page, "POST", `/api/cases/${INV}/exhibits`, {
    reference: "JB/1", kind: "phone", description: "Samsung A12, black", seized_by: "DC Jones",
    seized_at: "2026-03-01 06:10", seized_where: "12 Dock Road, Dover", location: "bag M0001234",
  });
  await api(page, "POST", `/api/cases/${INV}/exhibits/JB%2F1/handovers`, {
    from: "DC Jones", to: "DF lab", at: "2026-03-02T09:00", location: "lab store", reason: "extraction",
  });
  const file = await page.evaluate(async (inv) => {
    const form = new FormData();
    form.append("file", new Blob(["caller,callee\n+447700900123,+9647501234567\n"]), "extract.csv");
    const res = await fetch(`/api/cases/${inv}/exhibits/JB%2F1/files`, { method: "POST", body: form });
    return res.json();
  }, INV);
  assert.match(file.sha256, /^[0-9a-f]{64}$/);
  // Someone alters the stored copy.
  const stored = join(`${db}.exhibits`, file.sha256.slice(0, 2), file.sha256.slice(2));
  chmodSync(stored, 0o644);
  writeFileSync(stored, "caller,callee\n+447700900999,+9647501234567\n");

  await page.goto(`${base}/#/investigations`);
  await page.waitForSelector(`[data-board-case="${INV}"] td.reason`);
  const board = await page.textContent("[data-testid=board]");
  assert.match(board, /leader score/);
  assert.match(board, /people, \d+ countr/);
  assert.equal(await page.locator(`[data-board-case="${INV}"] .board-target`).count(), 2);
  await page.locator(`[data-board-case="${INV}"] .board-target summary`).first().click();
  await shot(page, "investigations-board");

  await page.click(`[data-case="${INV}"] a`);
  await page.waitForSelector("[data-exhibit='JB/1']");
  const altered = page.locator("[data-file='extract.csv']");
  assert.equal(await altered.getAttribute("data-integrity"), "altered");
  assert.match(await page.textContent("main"), /Integrity check: 1 digital copy is not as stored/);
  assert.equal(await page.locator("[data-exhibit='JB/1'] table.custody tbody tr").count(), 2);
  assert.equal(await page.locator("[data-testid=targets] tbody tr").count(), 2);
  // The task's status changes from the page (PATCH), and stays changed on reload.
  await page.selectOption("[data-testid=tasks] select", "in_progress");
  await page.waitForFunction(() => !document.querySelector("[data-testid=tasks] select")?.disabled);
  const detail = await api(page, "GET", `/api/cases/${INV}`);
  assert.equal(detail.tasks[0].status, "in_progress");
  const links = await page.$$eval("[data-testid=papers] a, [data-testid=targets] a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.includes(`/api/cases/${INV}/disclosure.csv`), links.join(" "));
  assert.ok(links.includes(`/api/cases/${INV}/disclosure.pdf`));
  assert.ok(links.some((l) => l.endsWith("/bundle.pdf")));
  const csv = await page.evaluate(async (inv) => (await fetch(`/api/cases/${inv}/disclosure.csv`)).text(), INV);
  assert.match(csv, /exhibit:JB\/1/);
  await shot(page, "investigations-detail");
  await page.context().close();
});

test("the KRG analyst, not a member, does not see the investigation", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "krg.analyst");
  await page.goto(`${base}/#/investigations`);
  await page.waitForSelector("[data-testid=board]");
  await page.waitForFunction(() => !/Scoring/.test(document.querySelector("[data-testid=board]")?.textContent ?? "Scoring"));
  assert.doesNotMatch(await page.textContent("main"), new RegExp(INV));
  await page.goto(`${base}/#/investigations/${INV}`);
  await page.waitForSelector("[role=alert]");
  assert.match(await page.textContent("[role=alert]"), /no investigation/);
  await page.context().close();
});

// End-to-end: the real server on the demo scenario (`kingpin demo --serve`), driven through
// headless Chromium as analysts use it. Screenshots go to web/test-results/.

import { test } from "node:test";
import assert from "node:assert/strict";
import { demoWorld, newPage, login, shot } from "./harness.mjs";
import { addTestSources, SHARED, UK_ONLY } from "./fixtures.mjs";
import { addSocialSources, ADVERTS } from "./social-fixtures.mjs";

let base, browser;
const problems = [];

demoWorld("demo", problems, (w) => ({ base, browser } = w), (db, d) => {
  addTestSources(db, d);
  addSocialSources(db, d);
});

test("an investigator signs in and sees their investigations and the data loaded", async () => {
  const page = await newPage(browser, base, problems);
  await page.goto(`${base}/`);
  await page.waitForSelector("form.login-box");
  await page.fill("input[name=user]", "nca.investigator");
  await page.fill("input[name=password]", "wrong-password");
  await page.click("button[type=submit]");
  await page.waitForSelector(".login-box [role=alert]:not([hidden])");
  await login(page, base, "nca.investigator");
  await page.waitForSelector("[data-testid=sources]");
  const text = await page.textContent("main");
  assert.match(text, /op-kestrel/);
  assert.match(text, /shared-intel/);
  assert.match(text, /uk-only-intel/, "the NCA sees its UK-only source");
  assert.match(text, /NCA only/);
  await shot(page, "home");
  await page.context().close();
});

test("search finds names in Arabic script, phone numbers and document numbers, grouped by schema", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  await page.goto(`${base}/#/search?q=${encodeURIComponent("دارا")}`);
  await page.waitForSelector("[data-schema=Person]");
  assert.match(await page.textContent("[data-schema=Person]"), new RegExp(SHARED.daraName));
  // Arabic-script text is laid out right to left inside the left-to-right page.
  const dirs = await page.$$eval("[data-schema=Person] [data-testid=matched]", (els) =>
    els.map((e) => [e.textContent, getComputedStyle(e).direction]));
  assert.ok(dirs.length > 0, "the Arabic-script match is shown");
  for (const [text, dir] of dirs) assert.equal(dir, /[\u0600-\u06ff]/.test(text) ? "rtl" : "ltr", text);
  await page.goto(`${base}/#/search?q=${encodeURIComponent(SHARED.daraPhone)}`);
  await page.waitForSelector("[data-schema=Phone]");
  assert.match(await page.textContent("[data-testid=results]"), /9647509990001/);
  await page.goto(`${base}/#/search?q=${SHARED.passport}`);
  await page.waitForSelector("[data-schema=Document]");
  await shot(page, "search");
  await page.context().close();
});

test("an entity page shows every value's provenance, linked entities and the timeline", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  await page.goto(`${base}/#/search?q=Sharedperson`);
  await page.click(`[data-schema=Person] a`);
  await page.waitForSelector("[data-testid=entity-caption]");
  assert.equal((await page.textContent("[data-testid=entity-caption]")).trim(), SHARED.daraName);
  const props = await page.textContent("[data-testid=properties]");
  assert.match(props, /shared-intel/);
  assert.match(props, /2BP/);
  assert.match(props, /releasable to KRG/);
  await page.waitForSelector("[data-testid=timeline] ol.timeline");
  const tl = await page.textContent("[data-testid=timeline]");
  assert.match(tl, /2024-03-05 22:14/);
  assert.match(tl, /Karwan Ahmed/, "the call's counterpart is the person behind the other phone's number or the phone");
  assert.match(tl, /Ukonlyvic|447700900999/, "the NCA sees the UK-only call");
  await shot(page, "entity");
  await page.context().close();
});

test("a KRG analyst sees no UK-only entity anywhere in the UI", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "krg.analyst");
  const seen = [];
  // The page as shown, less what the user typed (a search echoes its own query).
  const check = async (where, typed = "") => {
    const html = (await page.content()).split(typed).join("");
    for (const m of UK_ONLY.markers) if (html.includes(m)) seen.push(`${m} on ${where}`);
  };
  await page.waitForSelector("[data-testid=sources]");
  await check("home");
  for (const q of [UK_ONLY.name, "Ukonlyvic", UK_ONLY.phone]) {
    await page.goto(`${base}/#/search?q=${encodeURIComponent(q)}`);
    await page.waitForSelector("[data-testid=results] .note");
    assert.equal(await page.$$eval("[data-testid=results] .hits li", (l) => l.length), 0, `no hit for ${q}`);
    await check(`search ${q}`, q);
  }
  await page.goto(`${base}/#/entity/${SHARED.dara}`);
  await page.waitForSelector("[data-testid=timeline] ol.timeline");
  const tl = await page.textContent("[data-testid=timeline]");
  assert.match(tl, /2024-03-05 22:14/, "the shared call is visible to the KRG");
  await check("Dara's entity page");
  await page.goto(`${base}/#/chart?seed=${SHARED.dara}`);
  await page.waitForFunction(() => window.kingpinChart && window.kingpinChart.stats.nodes >= 2, null, { timeout: 120_000 });
  const captions = await page.evaluate(() => window.kingpinChart.cy.nodes().map((n) => n.data("caption")));
  assert.ok(captions.includes("Karwan Ahmed"), "the shared neighbour is on the KRG chart");
  await check("the chart around Dara");
  const path = await page.evaluate(async (ids) => {
    const r = await fetch("/api/ui/graph/path", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from: ids[0], to: ids[1] }) });
    return r.status;
  }, [SHARED.karwan, UK_ONLY.zoran]);
  assert.equal(path, 404, "no path to a UK-only person");
  await page.goto(`${base}/#/leaders`);
  await page.waitForSelector("[data-testid=leaders] tr.leader-row", { timeout: 120_000 });
  await check("leaders");
  await page.goto(`${base}/#/entity/${UK_ONLY.zoran}`);
  await page.waitForSelector("main .note.error");
  assert.match(await page.textContent("main"), /no such entity/);
  await shot(page, "need-to-know-krg");
  assert.deepEqual(seen, [], "UK-only markers reached a KRG user");
  await page.context().close();
});

/** Chart facts read from the page. */
const chartState = (page) =>
  page.evaluate(() => {
    const k = window.kingpinChart;
    return k ? { ...k.stats, ids: k.cy.nodes().map((n) => n.id()), captions: k.cy.nodes().map((n) => n.data("caption")) } : null;
  });

async function waitForChart(page, minNodes) {
  await page.waitForFunction((n) => window.kingpinChart && window.kingpinChart.stats.nodes >= n, minNodes, { timeout: 120_000 });
  return chartState(page);
}

test("the leaders view ranks people with factors and evidence that opens in the chart", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  await page.click("nav >> text=Leaders");
  await page.waitForSelector("[data-testid=leaders] tr.leader-row", { timeout: 120_000 });
  const rows = await page.$$("[data-testid=leaders] tr.leader-row");
  assert.ok(rows.length >= 5, `at least five ranked people (got ${rows.length})`);
  const detail = await page.textContent("[data-testid=leader-detail]");
  assert.match(detail, /#1 /);
  assert.match(detail, /contribution/);
  await shot(page, "leaders");
  const evidence = await page.$("[data-testid=leader-detail] a[href^='#/chart?ids=']");
  assert.ok(evidence, "the top person has an evidence path");
  await evidence.click();
  const st = await waitForChart(page, 2);
  assert.ok(st.nodes >= 2, "the evidence path's people are on the chart");
  await page.context().close();
});

test("the link chart expands neighbours, finds a path, saves, reloads and exports", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  // Open Dara's neighbourhood from the entity page.
  await page.goto(`${base}/#/entity/${SHARED.dara}`);
  await page.click("text=Open in link chart");
  let st = await waitForChart(page, 2);
  assert.ok(st.captions.includes("Karwan Ahmed"), `Dara's neighbour is on the chart: ${st.captions}`);
  assert.ok(st.captions.includes(UK_ONLY.name), "the NCA sees the UK-only neighbour");
  // Expand a neighbour: select Karwan and expand.
  await page.evaluate(() => {
    const cy = window.kingpinChart.cy;
    cy.nodes().unselect();
    cy.nodes().filter((n) => n.data("caption") === "Karwan Ahmed").select();
  });
  await page.click("[data-testid=expand]");
  await page.waitForFunction(() => !/…$/.test(document.querySelector("[data-testid=chart-stats]").textContent));
  // A path between the two ends: Karwan - Dara - Zoran.
  await page.evaluate((name) => {
    const cy = window.kingpinChart.cy;
    cy.nodes().unselect();
    cy.nodes().filter((n) => n.data("caption") === "Karwan Ahmed" || n.data("caption") === name).select();
  }, UK_ONLY.name);
  await page.click("[data-testid=find-path]");
  await page.waitForSelector("[data-testid=path] h3");
  assert.match(await page.textContent("[data-testid=path]"), /Shortest path: 2 hops/);
  assert.match(await page.textContent("[data-testid=path]"), /call/);
  await shot(page, "chart-path");
  // Filter: payments only leaves no call between them.
  await page.evaluate(() => {
    for (const b of document.querySelectorAll("[data-edge-type]")) b.checked = b.dataset.edgeType === "payment";
  });
  await page.click("[data-testid=apply-filters]");
  await page.waitForFunction(() => window.kingpinChart.stats.edges === 0 || window.kingpinChart.cy.edges().filter((e) => e.data("type") !== "payment").length === 0);
  await page.evaluate(() => {
    for (const b of document.querySelectorAll("[data-edge-type]")) b.checked = true;
  });
  await page.click("[data-testid=apply-filters]");
  await page.waitForFunction(() => window.kingpinChart.cy.edges().length > 0);
  // Export.
  const [svg] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-svg]")]);
  const svgText = await (await import("node:fs/promises")).readFile(await svg.path(), "utf8");
  assert.match(svgText, /^<svg /);
  assert.match(svgText, /Karwan Ahmed/);
  const [png] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-png]")]);
  const pngBytes = await (await import("node:fs/promises")).readFile(await png.path());
  assert.equal(pngBytes.subarray(1, 4).toString(), "PNG");
  // Save to the investigation and open it again on a fresh page.
  await page.fill("input[aria-label='chart name']", "e2e chart");
  await page.click("[data-testid=save-chart]");
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=saved-charts] option")].some((o) => o.textContent.startsWith("e2e chart")));
  const saved = (await chartState(page)).ids.sort();
  await page.goto(`${base}/#/`);
  await page.goto(`${base}/#/chart`);
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=saved-charts] option")].some((o) => o.textContent.startsWith("e2e chart")));
  const value = await page.evaluate(() => [...document.querySelectorAll("[data-testid=saved-charts] option")].find((o) => o.textContent.startsWith("e2e chart")).value);
  await page.selectOption("[data-testid=saved-charts]", value);
  st = await waitForChart(page, saved.length);
  assert.deepEqual(st.ids.sort(), saved, "the saved chart reopens with the same entities");
  await page.context().close();
});

test("the document check marks findings on the MRZ characters and cross-checks the store", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.examiner");
  await page.click("nav >> text=Document check");
  // Every check digit right, but the number is on record for another holder (Karwan Ahmed).
  await page.fill("textarea[name=mrz]", "P<IRQRASHID<<OMAR<<<<<<<<<<<<<<<<<<<<<<<<<<<\nA1234567<6IRQ9005156M3001019<<<<<<<<<<<<<<00");
  await page.fill("input[name=viz-surname]", "Rashed");
  await page.click("[data-testid=check]");
  await page.waitForSelector("[data-testid=outcome]");
  assert.equal((await page.textContent("[data-testid=outcome]")).trim(), "INVALID");
  const cross = await page.textContent("[data-testid=cross-checks]");
  assert.match(cross, /DOC_NUMBER_OTHER_HOLDER/);
  assert.match(cross, /Karwan Ahmed/i);
  assert.match(cross, /VIZ_MISMATCH/);
  // A wrong document-number check digit (line 2, column 10) is marked on that character.
  await page.fill("textarea[name=mrz]", "P<IRQRASHID<<OMAR<<<<<<<<<<<<<<<<<<<<<<<<<<<\nA1234567<5IRQ9005156M3001019<<<<<<<<<<<<<<00");
  await page.fill("input[name=viz-surname]", "");
  await page.click("[data-testid=check]");
  await page.waitForFunction(() => document.querySelectorAll(".mrz-line")[1]?.querySelector(".mrz-ch.error[data-col='10']"));
  await shot(page, "doc-check");
  await page.context().close();
});

test("resolution review shows pairs with the waterfall and records a one-click decision", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  let pair = null;
  for (const status of ["review", "linked"]) {
    await page.goto(`${base}/#/review?status=${status}`);
    await page.waitForSelector("[data-testid=pairs] .pair, [data-testid=pairs] .note", { timeout: 120_000 });
    pair = (await page.$(`.pair[data-a='${SHARED.karwan}'], .pair[data-b='${SHARED.karwan}']`)) ?? (await page.$(".pair"));
    if (pair) break;
  }
  assert.ok(pair, "there is a candidate pair to review");
  const a = await pair.getAttribute("data-a");
  const b = await pair.getAttribute("data-b");
  assert.ok(await pair.$("[data-testid=waterfall] .wf-row"), "the waterfall is shown");
  await shot(page, "review");
  await (await pair.$("[data-testid=confirm]")).click();
  await page.waitForFunction((el) => /decided: same/.test(el.querySelector("[data-testid=decision]").textContent), pair);
  await page.goto(`${base}/#/review?status=decided`);
  // Decisions are kept with the pair's ids in order, so either way round.
  const decided = `.pair[data-a='${a}'][data-b='${b}'], .pair[data-a='${b}'][data-b='${a}']`;
  await page.waitForSelector(decided, { timeout: 120_000 });
  assert.match(await page.textContent(`:is(${decided}) [data-testid=decision]`), /decided: same/);
  await page.goto(`${base}/#/review?status=clusters`);
  await page.waitForSelector("[data-testid=clusters]");
  await page.context().close();
});

test("the money page draws a trace as a Sankey and lists typologies whose evidence opens in the chart", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  await page.click("nav >> text=Money");
  await page.waitForSelector("[data-testid=alerts] .typology-tabs", { timeout: 120_000 });
  // The scenario plants every typology: the list shows alerts with evidence.
  const tabs = await page.textContent("[data-testid=alerts] .typology-tabs");
  for (const t of ["fan-in", "cycle", "structuring"]) assert.match(tabs, new RegExp(t), `a ${t} alert is listed`);
  // Trace backward three hops, proportionally, from one of the parties moving the most money
  // whose money came over at least two hops (so the Sankey has three columns).
  const top = await page.evaluate(async () => {
    const parties = (await (await fetch("/api/money/parties?limit=20")).json()).parties;
    for (const p of parties) {
      const t = await (await fetch(`/api/money/trace?from=${encodeURIComponent(p.id)}&direction=backward&hops=3&method=proportional`)).json();
      if (new Set(t.sankey.nodes.map((n) => n.layer)).size >= 3) return p.id;
    }
    return parties[0].id;
  });
  await page.fill("input[name=from]", top);
  await page.selectOption("select[name=direction]", "backward");
  await page.selectOption("select[name=method]", "proportional");
  await page.fill("input[name=hops]", "3");
  await page.click("[data-testid=trace]");
  await page.waitForSelector("[data-testid=sankey] svg rect.sankey-node", { timeout: 120_000 });
  assert.match(await page.textContent("[data-testid=trace-title]"), /Where the money came from/);
  assert.match(await page.textContent("[data-testid=trace-summary]"), /traced 3 hops backward, proportionally/);
  const drawn = await page.evaluate(() => ({
    nodes: document.querySelectorAll("[data-testid=sankey] rect.sankey-node").length,
    links: document.querySelectorAll("[data-testid=sankey] path.sankey-link").length,
    columns: Number(document.querySelector("[data-testid=sankey] svg").dataset.columns),
    flows: document.querySelectorAll("[data-testid=flows] tbody tr").length,
    origins: document.querySelectorAll("[data-testid=holders] tbody tr").length,
  }));
  assert.ok(drawn.links >= 1 && drawn.nodes >= 2, `a Sankey with bands: ${JSON.stringify(drawn)}`);
  assert.ok(drawn.columns >= 2, "at least two hop columns");
  assert.ok(drawn.flows >= drawn.links || drawn.flows === 60, "every band is a row of the flows table");
  assert.ok(drawn.origins >= 1, "the origins are listed");
  const csv = await page.evaluate(async (href) => (await fetch(href)).text(), await page.getAttribute("[data-testid=csv]", "href"));
  assert.match(csv, /^hop,from_id,from_name,to_id,to_name,amount,currency/);
  await shot(page, "money");
  // The UK-only payment is the NCA's to trace.
  await page.goto(`${base}/#/money?from=TX-UKONLY-1&hops=2`);
  await page.waitForSelector("[data-testid=sankey] svg rect.sankey-node", { timeout: 120_000 });
  assert.match(await page.textContent("[data-testid=trace-result]"), /Dara Sharedperson/);
  // A fan-in alert's evidence opens in the link chart with its parties.
  await page.goto(`${base}/#/money?typology=fan-in`);
  await page.waitForSelector("[data-testid=alerts] li.alert[data-typology=fan-in]", { timeout: 120_000 });
  const alert = await page.$("li.alert[data-typology=fan-in]");
  const members = Number((await alert.textContent()).match(/(\d+) parties/)[1]);
  await (await alert.$("a[href^='#/chart?ids=']")).click();
  const st = await waitForChart(page, Math.min(members, 2));
  assert.ok(st.nodes >= Math.min(members, 2), `the alert's parties are on the chart (${st.nodes} of ${members})`);
  await page.context().close();
});

test("a KRG analyst gets no flow from the UK-only payment on the money page", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "krg.analyst");
  await page.goto(`${base}/#/money?from=TX-UKONLY-1`);
  await page.waitForSelector("[data-testid=trace-result] .note.error", { timeout: 120_000 });
  assert.match(await page.textContent("[data-testid=trace-result]"), /no party or payment matches/);
  await page.goto(`${base}/#/money?from=${SHARED.dara}&direction=backward&hops=4`);
  await page.waitForSelector("[data-testid=trace-result] .note, [data-testid=sankey]", { timeout: 120_000 });
  await page.waitForSelector("[data-testid=alerts] .typology-tabs", { timeout: 120_000 });
  const html = await page.content();
  for (const m of [...UK_ONLY.markers, "TX-UKONLY-1"]) assert.ok(!html.includes(m), `${m} reached a KRG user on the money page`);
  await page.context().close();
});

test("a referral officer sees adverts with their evidence marked, opens a contact and moves a referral on", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.referrals");
  await page.click("nav >> text=Adverts and referrals");
  await page.waitForSelector("[data-testid=advert]");
  // The demo's own adverts are there too: find the test's by their handles.
  await page.fill("input[name=q]", "kptest");
  await page.click("button:has-text('Find adverts')");
  await page.waitForFunction(() => /matching “kptest”/.test(document.querySelector("main").textContent));
  const adverts = await page.$$("[data-testid=advert]");
  assert.equal(adverts.length, 2, "both adverts (the police warning is not one)");
  const text = await page.textContent("[data-testid=adverts]");
  assert.doesNotMatch(text, /Police warn/);
  // The evidence behind the score is marked in the text, the phone number among it.
  const shared = await page.$(`[data-testid=advert]:has-text("${ADVERTS.sharedHandle}")`);
  const marks = await shared.$$eval("mark.ev", (ms) => ms.map((m) => [m.dataset.feature, m.textContent]));
  const features = marks.map((m) => m[0].split(/[: ]/)[0]);
  for (const f of ["route", "vehicle", "guarantee", "price", "contact"]) assert.ok(features.includes(f), `${f} marked: ${JSON.stringify(marks)}`);
  assert.ok(marks.some(([f, t]) => f === `contact ${ADVERTS.sharedPhone}` && /770 111 2233/.test(t)), JSON.stringify(marks));
  assert.ok(marks.some(([, t]) => /Boat/i.test(t)), JSON.stringify(marks));
  // The Kurdish advert's Arabic-Indic number is marked and normalised.
  const uk = await page.$(`[data-testid=advert]:has-text("${ADVERTS.ukHandle}")`);
  assert.match(await uk.textContent(), new RegExp(ADVERTS.ukPhone.replace("+", "\\+")));
  assert.ok(await uk.$("mark.ev-contact"), "the Arabic-Indic number is marked");
  await page.click("button:has-text('Identify advertising accounts')");
  await page.waitForSelector("[data-testid=referral] button[data-to=evidence_captured]");
  assert.match(await page.textContent("[data-testid=referral-status]"), /\d+ referrals opened/);
  await page.click(`[data-testid=referral]:has-text("${ADVERTS.sharedHandle}") button[data-to=evidence_captured]`);
  await page.waitForSelector(`[data-testid=referral]:has-text("${ADVERTS.sharedHandle}") .state-evidence_captured`);
  assert.match(await page.textContent("[data-testid=referral-status]"), /is now evidence captured/);
  await page.fill("input[name=platform]", "tiktok");
  await page.click("button:has-text('Refer captured accounts as a batch')");
  await page.waitForSelector(`[data-testid=referral]:has-text("${ADVERTS.sharedHandle}") .state-referred`);
  assert.match(await page.textContent("[data-testid=referral-status]"), new RegExp(`1 accounts referred \\(${ADVERTS.sharedHandle}\\)`));
  await page.click(`[data-testid=referral]:has-text("${ADVERTS.sharedHandle}") button[data-to=removed]`);
  await page.waitForSelector(`[data-testid=referral]:has-text("${ADVERTS.sharedHandle}") .state-removed`);
  assert.match(await page.textContent("[data-testid=metrics]"), /removed 1/);
  await shot(page, "adverts");
  // A contact opens the Phone entity the advert is linked to.
  await page.click(`[data-testid=advert]:has-text("${ADVERTS.sharedHandle}") [data-testid=contact] a >> nth=0`);
  await page.waitForFunction((p) => location.hash.startsWith("#/entity/") && document.querySelector("main").textContent.includes(p), ADVERTS.sharedPhone);
  await page.context().close();
});

test("a KRG analyst sees only released adverts and no UK-only purchases; an investigator traces a serial", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "krg.analyst");
  await page.click("nav >> text=Adverts and referrals");
  await page.waitForSelector("[data-testid=advert]");
  const text = await page.textContent("main");
  assert.match(text, new RegExp(ADVERTS.sharedHandle));
  for (const m of [ADVERTS.ukHandle, ADVERTS.ukPhone, "ukonly"]) assert.ok(!text.includes(m), `adverts page leaks ${m}`);
  assert.equal(await page.$("button:has-text('Identify advertising accounts')"), null, "an analyst cannot refer");
  await page.click("nav >> text=Boats and engines");
  await page.waitForSelector("main h1:has-text('Boats and engines')");
  await page.waitForFunction(() => /purchases you can see/.test(document.querySelector("main").textContent));
  assert.doesNotMatch(await page.textContent("main"), /Ukonlyaziz|447700900123/);
  await page.goto(`${base}/#/maritime?serial=${ADVERTS.serial}`);
  await page.waitForSelector("[data-testid=trace] .note");
  assert.doesNotMatch(await page.textContent("main"), /Ukonlyaziz/);
  await page.context().close();

  const inv = await newPage(browser, base, problems);
  await login(inv, base, "nca.investigator");
  await inv.click("nav >> text=Boats and engines");
  await inv.waitForSelector("[data-testid=flagged]");
  const row = await inv.textContent(`[data-testid=flagged]:has-text("${ADVERTS.buyer}")`);
  assert.match(row, /cash/i);
  assert.match(row, /many sellers/i);
  // The serial as read off a seized engine: lower case, a prefix, an O for a zero.
  await inv.fill("input[name=serial]", "s/n 6bg-1OO222");
  await inv.click("button:has-text('Trace serial')");
  await inv.waitForSelector("[data-testid=trace-purchase]");
  assert.match(await inv.textContent("[data-testid=trace]"), new RegExp(`${ADVERTS.buyer}.*Marine Shop 2`));
  await shot(inv, "maritime");
  await inv.context().close();
});

// End-to-end: the Timeline and Map pages on the demo scenario plus the test sources (a source
// released to the KRG, a UK-only one), driven through headless Chromium. What is drawn is
// checked against the API; a KRG analyst must see no UK-only event or place. Screenshots go
// to web/test-results/ (timeline.png, timeline-lanes.png, map.png, map-place.png).

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { demoWorld, newPage, login, shot, kingpin, writeFtm } from "./harness.mjs";
import { addTestSources, SHARED, UK_ONLY } from "./fixtures.mjs";

let base, browser;
const problems = [];

/** A café in Lille where Dara and Karwan met (released to the KRG); a London safe house where
 *  Zoran met Dara (UK-only). Real coordinates. */
const CAFE = { id: "place-cafe-lille-test", name: "Café des Moulins, Lille", lat: 50.6245, lon: 3.07 };
const SAFEHOUSE = { id: "place-safehouse-ukonly", name: "Ukonly safe house", lat: 51.539, lon: -0.1426 };

function addPlaces(db, d) {
  const shared = [
    { id: CAFE.id, schema: "Place", properties: { name: [CAFE.name], kind: ["meeting place"], latitude: [String(CAFE.lat)], longitude: [String(CAFE.lon)] } },
    { id: "meeting-dara-karwan-test", schema: "Meeting", properties: { participant: [SHARED.dara, SHARED.karwan], location: [CAFE.id], startDate: ["2024-03-09"] } },
  ];
  const uk = [
    { id: SAFEHOUSE.id, schema: "Place", properties: { name: [SAFEHOUSE.name], kind: ["safe house"], latitude: [String(SAFEHOUSE.lat)], longitude: [String(SAFEHOUSE.lon)] } },
    { id: "meeting-safehouse-ukonly", schema: "Meeting", properties: { participant: [UK_ONLY.zoran, SHARED.dara], location: [SAFEHOUSE.id], startDate: ["2024-04-05"] } },
  ];
  writeFtm(join(d, "places-shared.jsonl"), shared);
  writeFtm(join(d, "places-ukonly.jsonl"), uk);
  kingpin(["import", "--db", db, join(d, "places-shared.jsonl"), "--source", "places-shared", "--agency", "NCA", "--releasable-to", "KRG", "--grading", "2B P"]);
  kingpin(["import", "--db", db, join(d, "places-ukonly.jsonl"), "--source", "places-ukonly", "--agency", "NCA", "--grading", "1A C"]);
}

const UK_MARKERS = [...UK_ONLY.markers, "Ukonly safe house", SAFEHOUSE.id, "places-ukonly"];

demoWorld("timemap", problems, (w) => ({ base, browser } = w), (db, d) => {
  addTestSources(db, d);
  addPlaces(db, d);
});

/** The API's answer, fetched inside the page (with the user's session). */
const api = (page, method, path, body) =>
  page.evaluate(async ([m, p, b]) => {
    const r = await fetch(p, { method: m, headers: b ? { "content-type": "application/json" } : {}, body: b ? JSON.stringify(b) : undefined });
    return r.json();
  }, [method, path, body]);

const marks = (page) => page.$$eval("[data-testid=event-mark]", (ms) => ms.map((m) => ({ id: m.dataset.id, kind: m.dataset.kind })));
const status = (page) => page.$eval("[data-testid=timeline-status]", (s) => ({ ...s.dataset, text: s.textContent }));

test("the timeline draws every event of two people, filters by kind, zooms and shows provenance", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  await page.goto(`${base}/#/timeline?ids=${SHARED.dara},${SHARED.karwan}`);
  await page.waitForSelector("[data-testid=timeline-chart] [data-testid=event-mark]");
  const t = await api(page, "POST", "/api/ui/timeline", { ids: [SHARED.dara, SHARED.karwan], limit: 5000 });
  const dated = t.events.filter((e) => e.date);
  assert.ok(dated.length >= 5, `the fixture's calls, meetings and payment: ${JSON.stringify(t.events.map((e) => e.id))}`);
  let drawn = await marks(page);
  // A lane per kind: each event exactly once.
  assert.deepEqual(drawn.map((m) => m.id).sort(), dated.map((e) => e.id).sort(), "one mark per dated event");
  for (const id of ["call-dara-karwan-test", "meeting-dara-karwan-test", "call-zoran-dara-ukonly", "payment-zoran-dara-ukonly"]) {
    assert.ok(drawn.some((m) => m.id === id), `${id} is drawn for the NCA`);
  }
  // Kind filters change the count to what the API holds of the other kinds.
  await page.uncheck("[data-testid=kind-filters] input[data-kind=call]");
  drawn = await marks(page);
  assert.equal(drawn.length, dated.filter((e) => e.kind !== "call").length);
  assert.ok(drawn.every((m) => m.kind !== "call"));
  await page.check("[data-testid=kind-filters] input[data-kind=call]");
  assert.equal((await marks(page)).length, dated.length);
  // A click shows the event's counterparts and its sources with their 3x5x2 grade.
  await page.click("[data-testid=event-mark][data-id=call-dara-karwan-test]");
  const detail = await page.textContent("[data-testid=event-detail]");
  assert.match(detail, /2024-03-05 22:14/);
  assert.match(await page.textContent("[data-testid=counterparts]"), /Karwan Ahmed/);
  assert.match(await page.textContent("[data-testid=event-sources]"), /shared-intel\s*2BP/);
  await shot(page, "timeline");
  // Lanes per entity: an event of both people is drawn in both lanes.
  await page.selectOption("[data-testid=lanes]", "entity");
  drawn = await marks(page);
  const perSubject = dated.reduce((n, e) => n + e.subjects.length, 0);
  assert.equal(drawn.length, perSubject);
  assert.equal(drawn.filter((m) => m.id === "call-dara-karwan-test").length, 2, "the call is in Dara's and Karwan's lanes");
  const labels = await page.$$eval("[data-testid=timeline-chart] .tl-label", (l) => l.map((x) => x.textContent));
  assert.ok(labels.includes(SHARED.daraName) && labels.includes("Karwan Ahmed"), `lanes: ${labels}`);
  // Brushing across the overview zooms the chart to that period: the marks are the API's
  // events inside the reported window.
  await page.selectOption("[data-testid=lanes]", "kind");
  const ov = await (await page.$("[data-testid=timeline-overview]")).boundingBox();
  await page.mouse.move(ov.x + ov.width * 0.45, ov.y + 12);
  await page.mouse.down();
  await page.mouse.move(ov.x + ov.width * 0.8, ov.y + 12, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => /zoomed/.test(document.querySelector("[data-testid=timeline-status]").textContent));
  const st = await status(page);
  const inside = dated.filter((e) => {
    const when = Date.parse(/T\d\d:\d\d/.test(e.date) ? e.date + "Z" : e.date);
    return when >= Number(st.from) && when <= Number(st.to);
  });
  assert.equal(Number(st.marks), inside.length, st.text);
  assert.equal((await marks(page)).length, inside.length);
  assert.ok(inside.length < dated.length, "the window leaves some events out");
  await page.click("[data-testid=reset-zoom]");
  assert.equal((await marks(page)).length, dated.length);
  await page.context().close();
});

test("the timeline of the top-ranked people has lanes per person and every kind of event", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  await page.goto(`${base}/#/timeline?leaders=8&lanes=entity`);
  await page.waitForSelector("[data-testid=timeline-chart] [data-testid=event-mark]", { timeout: 180_000 });
  const st = await status(page);
  assert.ok(Number(st.marks) >= 20, st.text);
  const kinds = new Set((await marks(page)).map((m) => m.kind));
  for (const k of ["call", "payment"]) assert.ok(kinds.has(k), `${k} on the leaders' timeline: ${[...kinds]}`);
  const lanes = await page.$$eval("[data-testid=timeline-chart] .tl-label", (l) => l.length);
  assert.ok(lanes >= 3, `lanes: ${lanes}`);
  await shot(page, "timeline-lanes");
  await page.context().close();
});

test("a KRG analyst's timeline holds no UK-only event", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "krg.analyst");
  await page.goto(`${base}/#/timeline?ids=${SHARED.dara},${SHARED.karwan},${UK_ONLY.zoran}`);
  await page.waitForSelector("[data-testid=timeline-chart] [data-testid=event-mark]");
  const t = await api(page, "POST", "/api/ui/timeline", { ids: [SHARED.dara, SHARED.karwan], limit: 5000 });
  const drawn = await marks(page);
  assert.deepEqual(drawn.map((m) => m.id).sort(), t.events.filter((e) => e.date).map((e) => e.id).sort());
  assert.ok(drawn.some((m) => m.id === "call-dara-karwan-test"), "the shared call is there");
  const html = await page.content();
  for (const m of UK_MARKERS) assert.ok(!html.includes(m), `the KRG's timeline shows ${m}`);
  assert.ok(!drawn.some((m) => /ukonly/.test(m.id)));
  await page.context().close();
});

test("the map plots places on the offline base map, filters by kind and opens a place's events", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "nca.investigator");
  await page.click("nav >> text=Map");
  await page.waitForSelector("[data-testid=map] [data-testid=place-mark]");
  const m = await api(page, "GET", "/api/ui/map?limit=5000");
  const visible = () => page.$$eval("[data-testid=place-mark]", (ps) => ps.filter((p) => p.style.display !== "none").length);
  assert.equal(await visible(), m.places.length, "one mark per located place");
  const kinds = new Set(m.places.map((p) => p.kind));
  for (const k of ["cell site", "beach", "meeting place", "safe house"]) assert.ok(kinds.has(k), `${k} on the map: ${[...kinds]}`);
  // The base map is drawn from the bundled TopoJSON: France, Belgium and the UK are there.
  for (const c of ["250", "056", "826"]) assert.ok(await page.$(`[data-testid=map] path[data-country='${c}']`), `country ${c}`);
  // The café in Lille: inside the map, where the projection puts its coordinates, and on
  // France's land.
  const svgBox = await (await page.$("[data-testid=map]")).boundingBox();
  const cafe = await page.$(`[data-testid=place-mark][data-id='${CAFE.id}']`);
  const box = await cafe.boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  assert.ok(cx > svgBox.x && cx < svgBox.x + svgBox.width && cy > svgBox.y && cy < svgBox.y + svgBox.height, "inside the map");
  const [px, py] = await page.evaluate(([lon, lat]) => window.kingpinMap.project(lon, lat), [CAFE.lon, CAFE.lat]);
  assert.ok(Math.abs(svgBox.x + px - cx) < 1.5 && Math.abs(svgBox.y + py - cy) < 1.5, `projected at ${px},${py}, drawn at ${cx - svgBox.x},${cy - svgBox.y}`);
  const onLand = await page.evaluate(([x, y]) => {
    const fr = document.querySelector("[data-testid=map] path[data-country='250']");
    return fr.isPointInFill(new DOMPoint(x, y));
  }, [px, py]);
  assert.ok(onLand, "the café lies in France");
  // The projection keeps compass directions: the London safe house is north-west of the café.
  const safe = await (await page.$(`[data-testid=place-mark][data-id='${SAFEHOUSE.id}']`)).boundingBox();
  assert.ok(safe.x < box.x && safe.y < box.y, "London is north-west of Lille");
  // Filters: without cell sites, what is left is the API's other places.
  await page.uncheck("[data-testid=place-filters] input[data-kind='cell site']");
  assert.equal(await visible(), m.places.filter((p) => p.kind !== "cell site").length);
  await page.check("[data-testid=place-filters] input[data-kind='cell site']");
  assert.equal(await visible(), m.places.length);
  await shot(page, "map");
  // Zoom in, then click the café: its meeting and the parties, with links onwards.
  await page.click("[data-testid=zoom-in]");
  assert.match(await page.textContent("[data-testid=map-status]"), /zoom ×2\.0/);
  await page.click(`[data-testid=place-mark][data-id='${CAFE.id}']`);
  await page.waitForSelector("[data-testid=place-events] li");
  const detail = await page.textContent("[data-testid=place-detail]");
  assert.match(detail, /Café des Moulins/);
  assert.match(detail, /1 meeting/);
  assert.match(detail, /places-shared\s*2BP/);
  assert.match(await page.textContent("[data-testid=place-parties]"), new RegExp(`${SHARED.daraName}.*Karwan Ahmed|Karwan Ahmed.*${SHARED.daraName}`));
  // A beach: its crossings.
  const beach = m.places.filter((p) => p.kind === "beach").sort((a, b) => (b.events.crossing ?? 0) - (a.events.crossing ?? 0))[0];
  assert.ok(beach.events.crossing > 0, "crossings leave from the demo's beaches");
  await page.click("[data-testid=zoom-reset]");
  await page.goto(`${base}/#/map?place=${encodeURIComponent(beach.id)}`);
  await page.waitForSelector("[data-testid=place-events] li");
  assert.match(await page.textContent("[data-testid=place-events]"), /crossing/);
  await shot(page, "map-place");
  await page.click("[data-testid=place-detail] >> text=Link chart");
  await page.waitForFunction(() => window.kingpinChart && window.kingpinChart.stats.nodes >= 2, null, { timeout: 120_000 });
  await page.context().close();
});

test("a KRG analyst's map shows no UK-only place", async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "krg.analyst");
  await page.goto(`${base}/#/map`);
  await page.waitForSelector("[data-testid=map] [data-testid=place-mark]");
  const m = await api(page, "GET", "/api/ui/map?limit=5000");
  assert.equal(await page.$$eval("[data-testid=place-mark]", (l) => l.length), m.places.length);
  assert.ok(await page.$(`[data-testid=place-mark][data-id='${CAFE.id}']`), "the shared café is there");
  assert.equal(await page.$(`[data-testid=place-mark][data-id='${SAFEHOUSE.id}']`), null);
  const html = await page.content();
  for (const mk of UK_MARKERS) assert.ok(!html.includes(mk), `the KRG's map shows ${mk}`);
  await page.context().close();
});

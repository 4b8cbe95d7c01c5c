// The link chart with 5,000 nodes on screen: a synthetic network of 5,000 people in 50
// groups (phones, calls) imported and served by the real binary, loaded into the chart in
// headless Chromium. Measures the layout time and the frame time while panning and zooming,
// writes them to web/test-results/chart-5000.json and prints them.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { kingpin, startServer, tempDir, launchBrowser, newPage, login, shot, writeFtm, artifacts, PASSWORD } from "./harness.mjs";

const PEOPLE = 5000;
let server, base, browser, dir;
const problems = [];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function network() {
  const r = rng(5000);
  const lines = [];
  const phone = (i) => `phone-+4477009${String(i).padStart(5, "0")}`;
  for (let i = 0; i < PEOPLE; i++) {
    lines.push({ id: `p${i}`, schema: "Person", properties: { name: [`Person ${i}`] } });
    lines.push({ id: phone(i), schema: "Phone", properties: { number: [`+4477009${String(i).padStart(5, "0")}`] } });
    lines.push({ id: `u${i}`, schema: "UsesPhone", properties: { user: [`p${i}`], phone: [phone(i)] } });
  }
  let c = 0;
  for (let i = 0; i < PEOPLE; i++) {
    const group = Math.floor(i / 100);
    for (let k = 0; k < 3; k++) {
      const j = r() < 0.9 ? group * 100 + Math.floor(r() * 100) : Math.floor(r() * PEOPLE);
      if (j === i) continue;
      const day = 1 + Math.floor(r() * 28);
      lines.push({ id: `c${c++}`, schema: "Call", properties: { caller: [phone(i)], receiver: [phone(j)], startDate: [`2024-03-${String(day).padStart(2, "0")}T12:00:00`] } });
    }
  }
  return lines;
}

before(async () => {
  dir = tempDir("chart5000");
  const db = join(dir.path, "k.db");
  const file = join(dir.path, "network.jsonl");
  writeFtm(file, network());
  kingpin(["import", "--db", db, file, "--source", "synthetic", "--agency", "NCA"]);
  kingpin(["user", "add", "--db", db, "perf", "--agency", "NCA", "--role", "analyst"], { KINGPIN_PASSWORD: PASSWORD });
  server = startServer(["serve", "--db", db, "--listen", "127.0.0.1:0"]);
  base = await server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.child.kill("SIGTERM");
  dir?.remove();
  assert.deepEqual(problems, []);
});

test("the chart lays out and pans 5,000 nodes", { timeout: 600_000 }, async () => {
  const page = await newPage(browser, base, problems);
  await login(page, base, "perf");
  await page.goto(`${base}/#/chart`);
  await page.fill("input[aria-label='nodes to load']", String(PEOPLE));
  const results = {};
  for (const layout of ["grid", "fcose"]) {
    await page.selectOption("[data-testid=layout]", layout);
    const fetchStart = Date.now();
    await page.click("[data-testid=load-network]");
    await page.waitForFunction(
      (l) => window.kingpinChart && window.kingpinChart.stats.layout === l && window.kingpinChart.stats.nodes > 0,
      layout,
      { timeout: 540_000, polling: 500 },
    );
    const total = Date.now() - fetchStart;
    const stats = await page.evaluate(() => window.kingpinChart.stats);
    assert.equal(stats.nodes, PEOPLE, "every person is on the chart");
    // Full redraws: 90 animation frames, each moving the view by script (every frame redraws
    // all 5,000 nodes and their edges).
    const frames = await page.evaluate(
      () =>
        new Promise((done) => {
          const cy = window.kingpinChart.cy;
          cy.fit();
          const times = [];
          let last = performance.now();
          let i = 0;
          const step = (t) => {
            times.push(t - last);
            last = t;
            cy.panBy({ x: 4, y: 3 });
            cy.zoom({ level: cy.zoom() * (i < 45 ? 1.02 : 0.98), renderedPosition: { x: 500, y: 350 } });
            if (++i < 90) requestAnimationFrame(step);
            else done(times.slice(1));
          };
          requestAnimationFrame(step);
        }),
    );
    frames.sort((a, b) => a - b);
    const pct = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
    // The same as a user does it: drag the chart with the mouse and zoom with the wheel
    // (the chart then moves a bitmap and redraws once the gesture ends).
    const box = await page.locator("[data-testid=chart]").boundingBox();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.evaluate(() => {
      window.__frames = [];
      let last = performance.now();
      const tick = (t) => {
        window.__frames.push(t - last);
        last = t;
        if (!window.__stop) requestAnimationFrame(tick);
      };
      window.__stop = false;
      requestAnimationFrame(tick);
    });
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) await page.mouse.move(cx + i * 4, cy + i * 3);
    await page.mouse.up();
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, i < 5 ? -120 : 120);
    const gesture = await page.evaluate(() => {
      window.__stop = true;
      return window.__frames.slice(1).sort((a, b) => a - b);
    });
    const gp = (p) => gesture[Math.min(gesture.length - 1, Math.floor(p * gesture.length))];
    results[layout] = {
      nodes: stats.nodes,
      edges: stats.edges,
      layout_ms: Math.round(stats.layoutMs),
      first_render_ms: Math.round(stats.renderMs),
      load_total_ms: total,
      frame_ms_p50: Math.round(pct(0.5)),
      frame_ms_p95: Math.round(pct(0.95)),
      frame_ms_max: Math.round(frames[frames.length - 1]),
      gesture_frames: gesture.length,
      gesture_frame_ms_p50: Math.round(gp(0.5)),
      gesture_frame_ms_p95: Math.round(gp(0.95)),
    };
    await shot(page, `chart-5000-${layout}`);
    assert.ok(pct(0.5) < 1000, `panning stays interactive (median frame ${pct(0.5)} ms)`);
  }
  writeFileSync(join(artifacts, "chart-5000.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(`chart with ${PEOPLE} nodes: ${JSON.stringify(results)}`);
  await page.context().close();
});

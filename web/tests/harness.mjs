// Starts the real `kingpin` binary on scenario databases and a headless Chromium for the
// browser tests. The binary is $KINGPIN_BIN or the workspace's target/debug/kingpin (the one
// `cargo test` built), so CI builds the server once.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "..", "..");
export const artifacts = resolve(here, "..", "test-results");
export const PASSWORD = "kingpin-demo";

export function kingpinBin() {
  const bin = process.env.KINGPIN_BIN ?? join(root, "target", "debug", "kingpin");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run cargo build (or set KINGPIN_BIN)`);
  return bin;
}

/** Runs a kingpin command to completion. */
export function kingpin(args, env = {}) {
  return execFileSync(kingpinBin(), args, {
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Starts a long-running kingpin command that prints `listening on http://…`; resolves to its URL. */
export function startServer(args, env = {}) {
  const child = spawn(kingpinBin(), args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const url = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${out}\n${err}`)), 240_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${out}\n${err}`));
    });
  });
  return { child, url, output: () => out + err };
}

/** A fresh temporary directory. */
export function tempDir(tag) {
  const d = mkdtempSync(join(tmpdir(), `kingpin-web-${tag}-`));
  return { path: d, remove: () => rmSync(d, { recursive: true, force: true }) };
}

/** Writes FollowTheMoney JSON lines. */
export function writeFtm(path, entities) {
  writeFileSync(path, entities.map((e) => JSON.stringify(e)).join("\n") + "\n");
}

/**
 * Headless Debian Chromium, nothing downloaded. Playwright gives every launch a fresh
 * temporary --user-data-dir itself (and refuses one in `args`), removed when it closes.
 */
export async function launchBrowser() {
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page that fails the test on any request leaving the server's origin (no CDN, nothing
 * fetched from outside) and on uncaught page errors.
 */
export async function newPage(browser, base, problems) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  // Generous: CI shares two cores with other work, and the server is a debug build.
  page.setDefaultTimeout(120_000);
  const origin = new URL(base).origin;
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) {
      problems.push(`request outside the server: ${u}`);
    }
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return page;
}

/** Signs in through the login form and waits for the home page. */
export async function login(page, base, user, password = PASSWORD) {
  await page.goto(`${base}/#/login`);
  await page.fill("input[name=user]", user);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=whoami]");
}

/** Saves a screenshot under web/test-results/. */
export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

/** Serves the demo scenario (`kingpin demo --serve`, tiny, seed 7) to one test file: `seed(db,
 *  dir)` adds the file's own sources before the browser starts, `ready({ base, browser, db })`
 *  hands the file what its tests use. Afterwards everything is closed and removed, and the file
 *  fails if any request left the server or a page raised an error (`problems`). */
export function demoWorld(tag, problems, ready, seed = () => {}) {
  let server, dir, browser;
  before(async () => {
    dir = tempDir(tag);
    const out = join(dir.path, "demo");
    server = startServer(["demo", "--size", "tiny", "--seed", "7", "--out", out, "--serve", "--listen", "127.0.0.1:0"]);
    const base = await server.url;
    const db = join(out, "kingpin.db");
    seed(db, dir.path);
    browser = await launchBrowser();
    ready({ base, browser, db });
  });
  after(async () => {
    await browser?.close();
    server?.child.kill("SIGTERM");
    dir?.remove();
    assert.deepEqual(problems, [], "no request left the server and no page error occurred");
  });
}

// Kingpin's analysts' UI: a hash-routed single page over the server's JSON API.

import "./style.css";
import { get, post, type Me } from "./api";
import { h, link, mount, note } from "./dom";
import { loginPage } from "./pages/login";
import { resetSources } from "./provenance";
import { homePage } from "./pages/home";
import { searchPage } from "./pages/search";
import { entityPage } from "./pages/entity";
import { chartPage } from "./pages/chart";
import { leadersPage } from "./pages/leaders";
import { docPage } from "./pages/doc";
import { reviewPage } from "./pages/review";
import { moneyPage } from "./pages/money";
import { advertsPage } from "./pages/adverts";
import { maritimePage } from "./pages/maritime";
import { investigationsPage } from "./pages/investigations";
import { timelinePage } from "./pages/timeline";
import { mapPage } from "./pages/map";

/** What a page is given: where to draw, the route's parameters and the signed-in user. */
export interface Ctx {
  main: HTMLElement;
  params: URLSearchParams;
  rest: string;
  me: Me;
}

type Page = (ctx: Ctx) => Promise<void> | void;

const routes: Record<string, Page> = {
  "": homePage,
  search: searchPage,
  entity: entityPage,
  chart: chartPage,
  leaders: leadersPage,
  doc: docPage,
  review: reviewPage,
  money: moneyPage,
  adverts: advertsPage,
  maritime: maritimePage,
  investigations: investigationsPage,
  timeline: timelinePage,
  map: mapPage,
};

let me: Me | null = null;
let chartCleanup: (() => void) | null = null;

/** Pages that hold resources (the chart) register how to release them when left. */
export function onLeave(f: () => void): void {
  chartCleanup = f;
}

function nav(current: string, user: Me): HTMLElement {
  const can = (p: string) => user.permissions.includes(p);
  const item = (route: string, label: string, allowed = true) =>
    allowed ? h("li", { class: current === route ? "active" : null }, link("/" + route, label)) : null;
  return h(
    "nav",
    { class: "sidebar" },
    h("div", { class: "brand" }, "Kingpin"),
    h(
      "ul",
      null,
      item("", "Home"),
      item("search", "Search"),
      item("chart", "Link chart", can("analyse")),
      item("leaders", "Leaders", can("analyse")),
      item("money", "Money", can("analyse")),
      item("doc", "Document check", can("examine_documents")),
      item("review", "Resolution review", can("analyse")),
      item("adverts", "Adverts and referrals"),
      item("maritime", "Boats and engines", can("analyse")),
      item("investigations", "Investigations", can("read")),
      item("timeline", "Timeline"),
      item("map", "Map"),
    ),
    h(
      "div",
      { class: "whoami" },
      h("div", { "data-testid": "whoami" }, `${user.user.name}`),
      h("div", { class: "muted" }, `${user.user.agency} · ${user.user.role.replace("_", " ")}`),
      h(
        "button",
        {
          class: "link-button",
          onclick: async () => {
            await post("/api/logout").catch(() => undefined);
            me = null;
            location.hash = "#/login";
          },
        },
        "Sign out",
      ),
    ),
  );
}

async function render(): Promise<void> {
  const app = document.getElementById("app")!;
  const hash = location.hash.replace(/^#\/?/, "");
  const [pathPart, query = ""] = hash.split("?");
  const [route, ...restParts] = pathPart.split("/");
  if (chartCleanup) {
    chartCleanup();
    chartCleanup = null;
  }
  if (route === "login") {
    me = null;
    mount(
      app,
      loginPage(() => {
        resetSources();
        location.hash = "#/";
      }),
    );
    return;
  }
  if (!me) {
    try {
      me = await get<Me>("/api/me");
    } catch {
      location.hash = "#/login";
      return;
    }
  }
  const page = routes[route];
  const main = h("main", { class: "content" });
  mount(app, h("div", { class: "layout" }, nav(route, me), main));
  if (!page) {
    mount(main, note(`No page "${route}".`, "error"));
    return;
  }
  try {
    await page({
      main,
      params: new URLSearchParams(query),
      rest: decodeURIComponent(restParts.join("/")),
      me,
    });
  } catch (e) {
    console.error(e);
    main.appendChild(note(e instanceof Error ? e.message : String(e), "error"));
  }
}

window.addEventListener("hashchange", () => void render());
void render();

import { post } from "../api";
import { h } from "../dom";

/** The sign-in form; `done` runs once the session cookie is set. */
export function loginPage(done: () => void): HTMLElement {
  const user = h("input", { name: "user", autocomplete: "username", required: true, autofocus: true });
  const password = h("input", {
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const error = h("div", { class: "note error", role: "alert", hidden: true });
  const form = h(
    "form",
    { class: "login-box" },
    h("h1", null, "Kingpin"),
    h("p", { class: "muted" }, "Sign in with your agency account."),
    h("label", null, "User", user),
    h("label", null, "Password", password),
    error,
    h("button", { type: "submit" }, "Sign in"),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    try {
      await post("/api/login", { user: user.value, password: password.value });
      done();
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
      error.hidden = false;
    }
  });
  return h("div", { class: "login" }, form);
}

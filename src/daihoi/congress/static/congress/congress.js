// Congress day: the keying screen and the check-in desk. No inline scripts (CSP).
(function () {
  "use strict";

  function csrf() {
    const el = document.querySelector("input[name=csrfmiddlewaretoken]");
    return el ? el.value : "";
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  // ---- the check-in desk: clear the scan field after each scan
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-reset-after")) {
      form.reset();
      const first = form.querySelector("input:not([type=hidden])");
      if (first) first.focus();
    }
  });

  // ---- the keying screen
  const form = document.getElementById("key-form");
  if (!form) return;
  const input = form.querySelector("input[name=content]");
  const state = document.getElementById("entry-state");
  let pending = null; // {position, key, content}: sent until the server answers
  let busy = false;

  function nextPosition() {
    const el = state.querySelector("[data-next-position]");
    return el ? parseInt(el.getAttribute("data-next-position"), 10) : 1;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrf() },
    });
    state.innerHTML = await response.text();
    return response;
  }

  async function send(content) {
    if (busy) return;
    busy = true;
    if (!pending) pending = { position: nextPosition(), key: newKey(), content: content };
    const body = new FormData();
    body.set("position", String(pending.position));
    body.set("key", pending.key);
    body.set("content", pending.content);
    try {
      const response = await post(form.action, body);
      // Answered: saved, refused, or out of step. Never resend the same ballot.
      pending = null;
      if (response.ok) input.value = "";
    } catch (err) {
      // Network failure: keep the same key; the next Enter retries and is never counted twice.
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = "Mất kết nối: nhấn Enter để gửi lại phiếu này.";
      state.prepend(p);
    } finally {
      busy = false;
      input.focus();
    }
  }

  async function undo() {
    if (busy) return;
    busy = true;
    try { await post(form.getAttribute("data-undo"), new FormData()); } finally { busy = false; input.focus(); }
  }

  const DEFECT_KEYS = { "/": "!not_issued", "*": "!other_mark", "-": "!write_in" };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      send(pending ? pending.content : input.value);
    } else if (DEFECT_KEYS[event.key] !== undefined && input.value.trim() === "") {
      event.preventDefault();
      send(DEFECT_KEYS[event.key]);
    } else if (event.key === "Backspace" && input.value === "") {
      event.preventDefault();
      undo();
    }
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); send(input.value); });
})();

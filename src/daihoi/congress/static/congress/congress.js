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
  // Papers are keyed faster than the server answers: Enter moves the typed text into a queue
  // and empties the field at once, so the clerk goes straight on to the next paper. The queue
  // is sent one paper at a time, each with its own client key and the position the server
  // expects next; a network failure keeps the head (same key: never counted twice).
  const form = document.getElementById("key-form");
  if (!form) return;
  const input = form.querySelector("input[name=content]");
  const state = document.getElementById("entry-state");
  let queue = []; // oldest first: {content, key, position} or {undo: true}
  let busy = false;
  let stalled = false; // the head failed on the network and waits for Enter

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

  function notice(text) {
    const p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = text;
    state.prepend(p);
  }

  async function pump() {
    if (busy) return;
    busy = true;
    try {
      while (queue.length) {
        const head = queue[0];
        const body = new FormData();
        if (!head.undo) {
          if (head.position === null) head.position = nextPosition();
          body.set("position", String(head.position));
          body.set("key", head.key);
          body.set("content", head.content);
        }
        let response;
        try {
          response = await post(head.undo ? form.getAttribute("data-undo") : form.action, body);
        } catch (err) {
          stalled = true;
          notice(form.getAttribute("data-offline"));
          return;
        }
        stalled = false;
        queue.shift();
        if (!response.ok) {
          // Refused (not a ballot, or out of step): the clerk corrects this paper; the papers
          // typed after it are not sent, so the stack order holds.
          if (!head.undo && !head.content.startsWith("!")) input.value = head.content;
          if (queue.length) notice(form.getAttribute("data-dropped"));
          queue = [];
        }
      }
    } finally {
      busy = false;
      input.focus();
    }
  }

  function enqueue(item) {
    queue.push(item);
    pump();
  }

  function keyed(content) {
    input.value = "";
    enqueue({ content: content, key: newKey(), position: null });
  }

  const DEFECT_KEYS = { "/": "!not_issued", "*": "!other_mark", "-": "!write_in" };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      if (stalled && input.value.trim() === "") pump(); // resend the paper that failed
      else keyed(input.value);
    } else if (DEFECT_KEYS[event.key] !== undefined && input.value.trim() === "") {
      event.preventDefault();
      keyed(DEFECT_KEYS[event.key]);
    } else if (event.key === "Backspace" && input.value === "") {
      event.preventDefault();
      enqueue({ undo: true });
    }
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); keyed(input.value); });
})();

// The decision screen at the keyboard. No inline scripts (CSP).
// X / K decide the flagged name in focus (struck / kept) and move to the next one undecided;
// Enter records (the server refuses while a flagged name is undecided); Alt+1..3 records a
// defect; Page Up / Page Down go to the previous or next ballot of the set; Esc goes back to
// the set; Z zooms the image.
(function () {
  "use strict";
  const review = document.getElementById("scan-review");
  if (!review) return;
  const form = document.getElementById("decide-form");
  const figure = document.querySelector(".scan-image");
  const flags = Array.from(document.querySelectorAll(".scan-flag"))
    .filter((f) => f.querySelector("input[type=radio]"));
  const left = document.getElementById("scan-left");
  const record = document.getElementById("record");

  function go(attr) {
    const url = review.getAttribute(attr);
    if (url) window.location.assign(url);
  }

  function undecided() {
    return flags.filter((f) => !f.querySelector("input[type=radio]:checked"));
  }

  function update() {
    const open = undecided();
    flags.forEach((f) => f.classList.toggle("decided", !open.includes(f)));
    if (left) {
      left.textContent = open.length
        ? (left.dataset.waiting || "") + " " + open.map((f) => f.querySelector("legend").textContent.split(".")[0]).join(", ")
        : "";
    }
    if (record) record.disabled = open.length > 0 && !(document.getElementById("id_text") || {}).value;
  }

  function current() {
    const active = document.activeElement;
    const inside = flags.find((f) => f.contains(active));
    return inside || undecided()[0] || null;
  }

  function focus(flag) {
    if (!flag) { if (record) record.focus(); return; }
    const checked = flag.querySelector("input[type=radio]:checked");
    (checked || flag.querySelector("input[type=radio]")).focus();
    flag.scrollIntoView({ block: "nearest" });
  }

  if (left) left.dataset.waiting = left.getAttribute("data-waiting") || "";
  if (figure) figure.addEventListener("click", () => figure.classList.toggle("zoomed"));
  flags.forEach((f) => f.addEventListener("change", update));
  const typed = document.getElementById("id_text");
  if (typed) typed.addEventListener("input", update);
  if (flags.length) { update(); focus(flags[0]); }

  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement && event.target.type === "text";
    if (!typing && !event.altKey && !event.ctrlKey && flags.length
        && (event.key === "x" || event.key === "X" || event.key === "k" || event.key === "K")) {
      const flag = current();
      if (!flag) return;
      event.preventDefault();
      const value = event.key.toLowerCase() === "x" ? "struck" : "kept";
      flag.querySelector(`input[value="${value}"]`).checked = true;
      update();
      const next = undecided()[0];
      focus(next || null);
      return;
    }
    if (event.key === "Enter" && flags.length && !(event.target instanceof HTMLButtonElement)) {
      // Enter records only once every flagged name is decided (or the ballot typed in full):
      // the browser would otherwise submit with the first button it can, a defect's.
      const typedValue = (document.getElementById("id_text") || {}).value;
      if (undecided().length && !typedValue) {
        event.preventDefault();
        update();
        focus(undecided()[0]);
        return;
      }
      if (record && event.target !== record) {
        event.preventDefault();
        record.click();
        return;
      }
    }
    if (event.altKey && form && /^[1-9]$/.test(event.key)) {
      const button = form.querySelector(`button[data-key="${event.key}"]`);
      if (button) {
        event.preventDefault();
        button.click();
      }
      return;
    }
    if (event.key === "PageUp") { event.preventDefault(); go("data-prev-url"); }
    else if (event.key === "PageDown") { event.preventDefault(); go("data-next-url"); }
    else if (event.key === "Escape") { event.preventDefault(); go("data-set-url"); }
    else if ((event.key === "z" || event.key === "Z") && event.target === document.body && figure) {
      figure.classList.toggle("zoomed");
    }
  });
})();

// The people picker (web/picker.html): turns a plain multiple select into a search field, a
// list of matches and the chosen people with their remove buttons. Keyboard: type part of a
// name (accents optional: "nguyen" finds "Nguyễn"; each word typed starts a word of the name),
// Down/Up to move, Enter to add, Escape to clear; Tab reaches each chosen person's buttons.
// The chosen are posted in their order as hidden fields, the head (marked) first. No inline
// script (CSP); nothing from outside the app.
(function () {
  "use strict";

  const MAX_MATCHES = 8;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setup(root) {
    if (root.dataset.pickerReady) return;
    root.dataset.pickerReady = "1";
    const plain = root.querySelector(".picker-plain");
    const ui = root.querySelector(".picker-ui");
    const source = root.querySelector("select[data-picker-source]");
    const headSelect = root.querySelector("select[data-picker-head]");
    const input = ui.querySelector("input[role=combobox]");
    const list = ui.querySelector(".picker-list");
    const chosenList = ui.querySelector(".picker-chosen");
    const values = ui.querySelector(".picker-values");
    const status = ui.querySelector(".picker-status");
    const name = source.name;
    const headName = headSelect ? headSelect.name : "";
    const text = root.dataset;

    const people = Array.from(source.options).map((o) => ({
      value: o.value, label: o.textContent.trim(), words: fold(o.textContent).split(" "),
    }));
    const byValue = new Map(people.map((p) => [p.value, p]));
    // The order the page was rendered in (head first), then anything else selected.
    let chosen = Array.from(chosenList.querySelectorAll("li")).map((li) => li.dataset.value)
      .filter((v) => byValue.has(v));
    Array.from(source.selectedOptions).forEach((o) => {
      if (!chosen.includes(o.value)) chosen.push(o.value);
    });
    let matches = [];
    let active = -1;

    plain.hidden = true;
    source.disabled = true;  // disabled controls are not posted: the hidden fields are
    if (headSelect) headSelect.disabled = true;
    ui.hidden = false;

    function say(message) {
      status.textContent = "";
      window.setTimeout(() => { status.textContent = message; }, 30);
    }

    function sync() {
      values.textContent = "";
      chosen.forEach((value) => {
        const field = document.createElement("input");
        field.type = "hidden";
        field.name = name;
        field.value = value;
        values.appendChild(field);
      });
      if (headName) {
        const field = document.createElement("input");
        field.type = "hidden";
        field.name = headName;
        field.value = chosen.length ? chosen[0] : "";
        values.appendChild(field);
      }
    }

    function renderChosen(focusIndex) {
      chosenList.textContent = "";
      chosen.forEach((value, i) => {
        const person = byValue.get(value);
        const li = document.createElement("li");
        li.dataset.value = value;
        const label = document.createElement("span");
        label.textContent = person.label;
        li.appendChild(label);
        if (headName && i === 0) {
          const mark = document.createElement("span");
          mark.className = "picker-head";
          mark.textContent = text.headLabel;
          li.appendChild(mark);
        }
        if (headName && i > 0) {
          const makeHead = document.createElement("button");
          makeHead.type = "button";
          makeHead.className = "picker-make-head";
          makeHead.textContent = text.makeHead;
          makeHead.setAttribute("aria-label", text.makeHead + ": " + person.label);
          makeHead.addEventListener("click", () => {
            chosen.splice(i, 1);
            chosen.unshift(value);
            update(0, "make-head");
            say(person.label + ": " + text.headLabel);
          });
          li.appendChild(makeHead);
        }
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "picker-remove";
        remove.textContent = "×";
        remove.title = text.remove;
        remove.setAttribute("aria-label", text.remove + " " + person.label);
        remove.addEventListener("click", () => {
          chosen.splice(i, 1);
          update(Math.min(i, chosen.length - 1), "remove");
          say(person.label + " " + text.removed + ". " + chosen.length + " " + text.count + ".");
        });
        li.appendChild(remove);
        chosenList.appendChild(li);
      });
      if (focusIndex === undefined) return;
      const items = chosenList.querySelectorAll("li");
      if (focusIndex.index < 0 || !items.length) {
        input.focus();
      } else {
        // After a removal, the next person's remove button; after "make head", the new
        // head's: the keyboard stays where the person was working.
        const target = items[focusIndex.index].querySelector(".picker-remove");
        (target || input).focus();
      }
    }

    function update(index, kind) {
      sync();
      renderChosen(index === undefined ? undefined : { index: index, kind: kind });
      if (input.value) search();
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      matches = [];
      active = -1;
    }

    function highlight(index) {
      const items = list.querySelectorAll("li[role=option]");
      items.forEach((li, i) => li.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }

    function search() {
      const words = fold(input.value).split(" ").filter(Boolean);
      if (!words.length) { close(); return; }
      // Each typed word starts a word of the name: "ng" finds Nguyễn and Ngân, not Hoàng.
      matches = people.filter((p) => !chosen.includes(p.value)
        && words.every((w) => p.words.some((n) => n.startsWith(w)))).slice(0, MAX_MATCHES);
      list.textContent = "";
      if (!matches.length) {
        const li = document.createElement("li");
        li.className = "picker-none";
        li.textContent = text.none;
        list.appendChild(li);
      }
      matches.forEach((person, i) => {
        const li = document.createElement("li");
        li.id = input.id + "-opt-" + i;
        li.setAttribute("role", "option");
        li.textContent = person.label;
        li.addEventListener("mousedown", (event) => { event.preventDefault(); add(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(matches.length ? 0 : -1);
    }

    function add(index) {
      const person = matches[index];
      if (!person) return;
      chosen.push(person.value);
      input.value = "";
      close();
      update();
      input.focus();
      say(person.label + " " + text.added + ". " + chosen.length + " " + text.count + ".");
    }

    input.addEventListener("input", search);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && matches.length) {
        event.preventDefault();
        highlight((active + 1) % matches.length);
      } else if (event.key === "ArrowUp" && matches.length) {
        event.preventDefault();
        highlight((active - 1 + matches.length) % matches.length);
      } else if (event.key === "Enter") {
        // Enter adds the highlighted name; it never sends the form from the search field.
        event.preventDefault();
        if (active >= 0) add(active);
      } else if (event.key === "Escape") {
        if (input.value || !list.hidden) event.preventDefault();
        input.value = "";
        close();
      }
    });
    input.addEventListener("blur", () => window.setTimeout(close, 150));

    sync();
    renderChosen();
  }

  function start() {
    document.querySelectorAll("[data-picker]").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

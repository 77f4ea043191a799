// Campaign pages: ticking "all" on the overdue list. No inline scripts (CSP).
document.addEventListener("click", (event) => {
  const el = event.target;
  if (el instanceof HTMLElement && el.hasAttribute("data-tick-all")) {
    const form = el.closest("form");
    if (form) form.querySelectorAll('input[name="congress"]').forEach((box) => { box.checked = true; });
  }
});

// The decision screen at the keyboard. No inline scripts (CSP).
// Enter records what is typed (a plain form); Alt+1..3 records a defect; Page Up / Page Down
// go to the previous or next ballot of the set; Esc goes back to the set; Z zooms the image.
(function () {
  "use strict";
  const review = document.getElementById("scan-review");
  if (!review) return;
  const form = document.getElementById("decide-form");
  const figure = document.querySelector(".scan-image");

  function go(attr) {
    const url = review.getAttribute(attr);
    if (url) window.location.assign(url);
  }

  if (figure) figure.addEventListener("click", () => figure.classList.toggle("zoomed"));

  document.addEventListener("keydown", (event) => {
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

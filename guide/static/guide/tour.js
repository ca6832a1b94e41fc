// The guided tour of a page: one short step per element marked
// data-tour="1", data-tour="2"… (its text in data-tour-text). It starts by
// itself until the person finished or skipped it once (remembered on the
// server), and again from the "Revoir la visite" link. Without JavaScript
// nothing shows, and the page works as it is.
(function () {
  "use strict";

  function start(dialog, steps) {
    var index = 0;
    var counter = dialog.querySelector("#visite-etape");
    var text = dialog.querySelector("#visite-texte");
    var next = dialog.querySelector("#visite-suivant");
    var form = dialog.querySelector("#visite-fin");
    var current = null;

    function show() {
      if (current) current.classList.remove("quorum-tour-target");
      current = steps[index];
      current.classList.add("quorum-tour-target");
      current.scrollIntoView({ block: "center" });
      counter.textContent = "Étape " + (index + 1) + " sur " + steps.length;
      text.textContent = current.getAttribute("data-tour-text");
      next.textContent = index === steps.length - 1 ? "Terminer" : "Suivant";
      dialog.hidden = false;
      next.focus();
    }

    function finish() {
      if (current) current.classList.remove("quorum-tour-target");
      dialog.hidden = true;
      document.removeEventListener("keydown", onKey);
      var body = new FormData(form);
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      }).catch(function () { /* seen again next time: no harm */ });
      var again = document.getElementById("revoir-visite");
      if (again) again.focus();
    }

    function onKey(event) {
      if (event.key === "Escape") finish();
    }

    next.onclick = function () {
      if (index === steps.length - 1) {
        finish();
      } else {
        index += 1;
        show();
      }
    };
    form.onsubmit = function (event) {
      event.preventDefault();
      finish();
    };
    document.addEventListener("keydown", onKey);
    show();
  }

  function init() {
    var dialog = document.getElementById("visite-guidee");
    if (!dialog) return;
    var steps = Array.prototype.slice
      .call(document.querySelectorAll("[data-tour]"))
      .sort(function (a, b) {
        return Number(a.getAttribute("data-tour")) - Number(b.getAttribute("data-tour"));
      });
    if (!steps.length) return;
    var again = document.getElementById("revoir-visite");
    if (again) {
      again.addEventListener("click", function (event) {
        event.preventDefault();
        start(dialog, steps);
      });
    }
    if (dialog.getAttribute("data-autostart") === "true") start(dialog, steps);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

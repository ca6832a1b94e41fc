/*
 * Forms that send a file (form[data-upload]): refuse a file over the size
 * limit before sending it, show the progress of the sending ("Envoi : 45 %"),
 * and send the form once only, whatever the number of clicks.
 *
 * The form is sent with XMLHttpRequest and the header X-Quorum-Upload; the
 * server then answers with the address to go to as JSON (a redirect followed
 * here would spend the messages meant for the next page), or with the page
 * and its errors, whose <main> replaces this one. Without this script the
 * form is posted as usual, and the server refuses a second sending on its own.
 */
(function () {
  "use strict";

  function setup(form) {
    if (form.dataset.uploadReady) {
      return;
    }
    form.dataset.uploadReady = "1";
    var maxBytes = parseInt(form.dataset.maxBytes, 10);
    var status = form.querySelector("[data-upload-status]");
    var bar = status.querySelector("progress");
    var label = form.querySelector("[data-upload-label]");
    var errorBox = form.querySelector("[data-upload-error-box]");
    var errorText = form.querySelector("[data-upload-error]");
    var sending = false;

    function setBusy(busy) {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = busy;
      });
    }

    function showError(message) {
      errorText.textContent = message;
      errorBox.hidden = !message;
    }

    function showProgress(percent) {
      bar.value = percent;
      bar.textContent = percent + " %";
      label.textContent = "Envoi : " + percent + " %";
    }

    function fail(message) {
      sending = false;
      setBusy(false);
      status.hidden = true;
      showError(message);
    }

    form.addEventListener("submit", function (event) {
      if (sending) {
        event.preventDefault();
        return;
      }
      var input = form.querySelector("input[type=file]");
      var file = input && input.files && input.files[0];
      if (file && maxBytes && file.size > maxBytes) {
        event.preventDefault();
        showError(
          "Le fichier dépasse la taille maximale de " + form.dataset.maxLabel +
          " : choisissez un fichier plus léger. Rien n'a été envoyé."
        );
        input.focus();
        return;
      }
      sending = true;
      if (!window.FormData) {
        // The form is posted as usual; the disabled button stops a second one.
        window.setTimeout(function () { setBusy(true); }, 0);
        return;
      }
      event.preventDefault();
      setBusy(true);
      showError("");
      status.hidden = false;
      showProgress(0);

      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.setRequestHeader("X-Quorum-Upload", "1");
      request.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable && progress.total > 0) {
          showProgress(Math.floor((progress.loaded * 100) / progress.total));
        }
      });
      request.addEventListener("load", function () {
        var type = request.getResponseHeader("Content-Type") || "";
        if (request.status === 200 && type.indexOf("application/json") === 0) {
          showProgress(100);
          window.location.assign(JSON.parse(request.responseText).redirect);
        } else if (request.status === 200 && type.indexOf("text/html") === 0) {
          replaceMain(request.responseText);
        } else {
          fail(
            "L'envoi a échoué (erreur " + request.status + "). Réessayez ; si " +
            "cela recommence, prévenez la personne qui administre Quorum."
          );
        }
      });
      request.addEventListener("error", function () {
        fail("L'envoi a été interrompu : vérifiez votre connexion, puis réessayez.");
      });
      request.send(new FormData(form));
    });
  }

  // The page came back with its errors: show it in place of this one.
  function replaceMain(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("main");
    var main = document.querySelector("main");
    if (!fresh || !main) {
      window.location.reload();
      return;
    }
    main.innerHTML = fresh.innerHTML;
    document.title = page.title;
    init();
    var error = main.querySelector(".fr-input-group--error input, .fr-error-text");
    if (error && error.focus) {
      error.focus();
    }
  }

  function init() {
    document.querySelectorAll("form[data-upload]").forEach(setup);
  }

  init();
})();

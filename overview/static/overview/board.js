/*
 * The board of a séance's points ([data-board]): a card dragged onto
 * another column asks the server for that step (SortableJS, vendored in
 * seances' static files). The card first goes back to its place; the
 * server answers with the whole board, the card where the rules put it and
 * a message, or as it was with the reason of its refusal (422). htmx puts
 * the answer in place of the board, and the moved card gets the focus.
 *
 * The buttons of each card make the same steps with the keyboard or
 * without JavaScript. Sending a draft back to its drafters needs a word
 * from the rapporteur: a drop on "Brouillon" opens that form on the card.
 */
(function () {
  "use strict";

  if (typeof htmx === "undefined") {
    return;
  }

  function setup(board) {
    if (board.dataset.boardReady) {
      return;
    }
    board.dataset.boardReady = "1";
    var failure = board.querySelector("[data-board-failure]");

    function ask(card, to) {
      if (to === "brouillon") {
        var changes = card.querySelector("[data-ask-changes]");
        if (changes) {
          changes.open = true;
          changes.querySelector("textarea").focus();
          return;
        }
      }
      board.setAttribute("aria-busy", "true");
      htmx.ajax("POST", card.dataset.moveUrl, {
        source: card,
        target: "#tableau",
        swap: "outerHTML",
        values: { to: to, revision: card.dataset.revision },
        headers: { "X-CSRFToken": board.dataset.csrfToken },
      });
    }

    if (typeof Sortable !== "undefined") {
      board.querySelectorAll("[data-board-column]").forEach(function (column) {
        Sortable.create(column, {
          group: "tableau",
          sort: false,
          handle: ".q-board__handle",
          draggable: "[data-card]",
          filter: "[data-board-empty]",
          animation: 150,
          ghostClass: "q-board__ghost",
          chosenClass: "q-board__chosen",
          onEnd: function (event) {
            if (event.from === event.to) {
              return;
            }
            var card = event.item;
            // Back to where the server has it, until it answers.
            event.from.insertBefore(
              card,
              event.from.children[event.oldIndex] || null,
            );
            ask(card, event.to.dataset.boardColumn);
          },
        });
      });
      board.classList.add("q-board--draggable");
    }

    function fail() {
      board.removeAttribute("aria-busy");
      if (failure) {
        failure.hidden = false;
      }
    }
    board.addEventListener("htmx:responseError", fail);
    board.addEventListener("htmx:sendError", fail);
  }

  // A refusal (422) carries the board as stored and the reason why: it
  // takes the board's place like a success does.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422 && event.detail.target.id === "tableau") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  htmx.onLoad(function (content) {
    var boards = [];
    if (content.matches && content.matches("[data-board]")) {
      boards.push(content);
    }
    if (content.querySelectorAll) {
      content.querySelectorAll("[data-board]").forEach(function (board) {
        boards.push(board);
      });
    }
    boards.forEach(function (board) {
      setup(board);
      var card = board.dataset.focus && document.getElementById(board.dataset.focus);
      if (card) {
        card.focus();
      }
    });
  });
})();

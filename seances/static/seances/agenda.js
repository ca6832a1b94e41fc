/*
 * The agenda of a séance in preparation ([data-agenda-reorder-url]): its
 * points move by drag and drop, held by their handle (SortableJS, vendored
 * in vendor/sortablejs). Each drop sends the whole new order at once; the
 * server answers with the agenda renumbered, or as it is stored with the
 * reason of its refusal, and htmx puts the answer in place of the agenda.
 *
 * The agenda is a tree (1, 1.1, 1.2, 2): a sub-point moves among the
 * sub-points of its own point only, and while a main point moves its
 * sub-points fold away, then follow it. The server applies the same rules
 * to whatever it receives.
 *
 * Without this script, or with the keyboard, the Monter / Descendre buttons
 * make the same moves one step at a time.
 */
(function () {
  "use strict";

  if (typeof htmx === "undefined" || typeof Sortable === "undefined") {
    return;
  }

  var FOLDED = "q-agenda__list--folded";

  function pointsOf(list) {
    return Array.prototype.slice.call(list.children);
  }

  function parentOf(point) {
    return point.dataset.parent || "";
  }

  // Each main point followed by its own sub-points, whatever the places
  // the sub-points were left in while they were folded.
  function treeOrder(points) {
    var tops = [];
    var subs = {};
    points.forEach(function (point) {
      var parent = parentOf(point);
      if (parent) {
        (subs[parent] = subs[parent] || []).push(point);
      } else {
        tops.push(point);
      }
    });
    var order = [];
    tops.forEach(function (top) {
      order.push(top);
      (subs[top.dataset.point] || []).forEach(function (sub) {
        order.push(sub);
      });
    });
    return order;
  }

  function sameOrder(one, other) {
    return (
      one.length === other.length &&
      one.every(function (point, index) {
        return point === other[index];
      })
    );
  }

  function arrange(list, points) {
    points.forEach(function (point) {
      list.appendChild(point);
    });
  }

  function setup(agenda) {
    var list = agenda.querySelector("[data-agenda-list]");
    if (!list || agenda.dataset.agendaReady) {
      return;
    }
    agenda.dataset.agendaReady = "1";
    var failure = agenda.querySelector("[data-agenda-failure]");
    var stored = pointsOf(list);
    var sortable;

    // Nothing came back, or not the agenda: the points go back to the
    // order the server holds.
    function fail() {
      arrange(list, stored);
      sortable.option("disabled", false);
      agenda.removeAttribute("aria-busy");
      if (failure) {
        failure.hidden = false;
      }
    }

    function send(order) {
      // One move at a time: a point dropped before the answer to the
      // previous drop would be sent on an agenda about to be replaced.
      sortable.option("disabled", true);
      agenda.setAttribute("aria-busy", "true");
      if (failure) {
        failure.hidden = true;
      }
      htmx.ajax("POST", agenda.dataset.agendaReorderUrl, {
        source: agenda,
        target: agenda,
        swap: "outerHTML",
        values: {
          order: order.map(function (point) {
            return point.dataset.point;
          }),
        },
        headers: { "X-CSRFToken": agenda.dataset.csrfToken },
      });
    }

    sortable = Sortable.create(list, {
      handle: ".q-agenda__handle",
      animation: 150,
      chosenClass: "q-agenda__chosen",
      ghostClass: "q-agenda__ghost",
      onStart: function (event) {
        if (!parentOf(event.item)) {
          list.classList.add(FOLDED);
        }
      },
      // A point passes over the points of its own level under the same
      // point only: main points among main points, sub-points among their
      // siblings.
      onMove: function (event) {
        return parentOf(event.related) === parentOf(event.dragged);
      },
      onEnd: function () {
        list.classList.remove(FOLDED);
        var order = treeOrder(pointsOf(list));
        arrange(list, order);
        if (!sameOrder(order, stored)) {
          send(order);
        }
      },
    });

    // A refusal (422) carries the agenda as stored and the reason why: it
    // takes the agenda's place like a success does.
    agenda.addEventListener("htmx:beforeSwap", function (event) {
      if (event.detail.xhr.status === 422) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
    agenda.addEventListener("htmx:responseError", fail);
    agenda.addEventListener("htmx:sendError", fail);
    agenda.classList.add("q-agenda--draggable");
  }

  htmx.onLoad(function (content) {
    if (content.matches && content.matches("[data-agenda-reorder-url]")) {
      setup(content);
    }
    if (content.querySelectorAll) {
      content.querySelectorAll("[data-agenda-reorder-url]").forEach(setup);
    }
  });
})();

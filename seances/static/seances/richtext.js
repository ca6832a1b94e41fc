/*
 * The texts of a draft délibération (textarea[data-richtext]): each
 * textarea gives way to an editor (Squire, vendored in vendor/squire) with
 * a toolbar for what a délibération needs: bold, italic, bulleted and
 * numbered lists, tables. The textarea stays in the form, hidden, and
 * carries the editor's HTML; the hidden field "rich" tells the server that
 * it is HTML. Without this script the textareas hold plain paragraphs and
 * the server makes them paragraphs.
 *
 * What is pasted or dropped goes through DOMPurify (vendored in
 * vendor/dompurify) with the server's allow-list, so that the editor shows
 * what will be kept; the server keeps only that list whatever it receives
 * (seances/richtext.py). Squire writes <b> and <i>, which the server
 * renames <strong> and <em>.
 *
 * The toolbar is one stop of the Tab key: the arrow keys move along it
 * (WAI-ARIA toolbar pattern). Ctrl+B, Ctrl+I, Ctrl+Shift+8 and
 * Ctrl+Shift+9 (Cmd on a Mac) do the same as its first four buttons.
 */
(function () {
  "use strict";

  if (typeof Squire === "undefined" || typeof DOMPurify === "undefined") {
    return;
  }

  var TAGS = [
    "p", "br", "strong", "em", "b", "i", "div", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td"
  ];
  var ATTRIBUTES = ["colspan", "rowspan"];
  var MAC = /Mac OS X|iPhone|iPad/.test(navigator.userAgent);
  var CTRL = MAC ? "Meta-" : "Ctrl-";
  var SHORTCUT = MAC ? "Meta+" : "Control+";
  // Formats that Squire or the browser would add and the server would drop.
  var REFUSED_KEYS = ["u", "d", "Shift-5", "Shift-6", "Shift-7"];
  var ALLOWED_INPUT_FORMATS = ["formatBold", "formatItalic", "formatRemove"];

  function sanitise(html) {
    var fragment = DOMPurify.sanitize(html, {
      ALLOWED_TAGS: TAGS,
      ALLOWED_ATTR: ATTRIBUTES,
      RETURN_DOM_FRAGMENT: true
    });
    return document.importNode(fragment, true);
  }

  function closest(editor, node, names) {
    var root = editor.getRoot();
    while (node && node !== root) {
      if (node.nodeType === Node.ELEMENT_NODE && names.indexOf(node.nodeName) !== -1) {
        return node;
      }
      node = node.parentNode;
    }
    return null;
  }

  function currentCell(editor) {
    return closest(editor, editor.getSelection().startContainer, ["TD", "TH"]);
  }

  function emptyCell(name) {
    var cell = document.createElement(name);
    cell.appendChild(document.createElement("br"));
    return cell;
  }

  function putCursorIn(editor, cell) {
    var range = document.createRange();
    range.setStart(cell, 0);
    range.collapse(true);
    editor.setSelection(range);
    editor.focus();
  }

  function toggle(format, add, remove) {
    return function (editor) {
      if (editor.hasFormat(format)) {
        editor[remove]();
      } else {
        editor[add]();
      }
    };
  }

  function insertTable(editor) {
    var table = document.createElement("table");
    var head = table.appendChild(document.createElement("thead"));
    var body = table.appendChild(document.createElement("tbody"));
    var headRow = head.appendChild(document.createElement("tr"));
    var row = body.appendChild(document.createElement("tr"));
    for (var column = 0; column < 2; column += 1) {
      headRow.appendChild(emptyCell("TH"));
      row.appendChild(emptyCell("TD"));
    }
    editor.insertElement(table);
    putCursorIn(editor, headRow.firstChild);
  }

  // A new row under the cursor's row (under the header row: the first of
  // the body), its cells empty.
  function addRow(editor) {
    var cell = currentCell(editor);
    var row = cell.parentNode;
    var table = closest(editor, row, ["TABLE"]);
    var fresh = document.createElement("tr");
    Array.prototype.forEach.call(row.children, function () {
      fresh.appendChild(emptyCell("TD"));
    });
    editor.saveUndoState();
    if (row.parentNode.nodeName === "THEAD") {
      var body = table.querySelector("tbody");
      if (!body) {
        body = table.appendChild(document.createElement("tbody"));
      }
      body.insertBefore(fresh, body.firstChild);
    } else {
      row.parentNode.insertBefore(fresh, row.nextSibling);
    }
    putCursorIn(editor, fresh.firstChild);
  }

  function columnOf(cell) {
    return Array.prototype.indexOf.call(cell.parentNode.children, cell);
  }

  function rowsOf(table) {
    return Array.prototype.slice.call(table.querySelectorAll("tr"));
  }

  function addColumn(editor) {
    var cell = currentCell(editor);
    var index = columnOf(cell);
    editor.saveUndoState();
    rowsOf(closest(editor, cell, ["TABLE"])).forEach(function (row) {
      var name = row.parentNode.nodeName === "THEAD" ? "TH" : "TD";
      row.insertBefore(emptyCell(name), row.children[index + 1] || null);
    });
    putCursorIn(editor, cell.parentNode.children[index + 1]);
  }

  // The table itself goes with its last row or column, the cursor after it.
  function removeTable(editor, table) {
    var next = table.nextSibling || editor.createDefaultBlock();
    if (!next.parentNode) {
      table.parentNode.appendChild(next);
    }
    table.parentNode.removeChild(table);
    var range = document.createRange();
    range.setStart(next, 0);
    editor.setSelection(range);
    editor.focus();
  }

  function removeRow(editor) {
    var row = currentCell(editor).parentNode;
    var table = closest(editor, row, ["TABLE"]);
    editor.saveUndoState();
    if (rowsOf(table).length === 1) {
      removeTable(editor, table);
      return;
    }
    var rows = rowsOf(table);
    var neighbour = rows[rows.indexOf(row) + 1] || rows[rows.indexOf(row) - 1];
    var section = row.parentNode;
    section.removeChild(row);
    if (!section.children.length) {
      table.removeChild(section);
    }
    putCursorIn(editor, neighbour.firstChild);
  }

  function removeColumn(editor) {
    var cell = currentCell(editor);
    var index = columnOf(cell);
    var table = closest(editor, cell, ["TABLE"]);
    editor.saveUndoState();
    if (cell.parentNode.children.length === 1) {
      removeTable(editor, table);
      return;
    }
    var row = cell.parentNode;
    rowsOf(table).forEach(function (each) {
      if (each.children[index]) {
        each.removeChild(each.children[index]);
      }
    });
    putCursorIn(editor, row.children[Math.max(0, index - 1)]);
  }

  // Each button: its French label, what it does, and when it shows
  // (table: only in a table; pressed: whether it is on at the cursor).
  var BUTTONS = [
    { label: "Gras", keys: SHORTCUT + "B", pressed: "B", run: toggle("B", "bold", "removeBold") },
    { label: "Italique", keys: SHORTCUT + "I", pressed: "I", run: toggle("I", "italic", "removeItalic") },
    {
      label: "Liste à puces",
      keys: SHORTCUT + "Shift+8",
      pressed: "UL",
      run: toggle("UL", "makeUnorderedList", "removeList")
    },
    {
      label: "Liste numérotée",
      keys: SHORTCUT + "Shift+9",
      pressed: "OL",
      run: toggle("OL", "makeOrderedList", "removeList")
    },
    { label: "Tableau", table: false, run: insertTable },
    { label: "Ajouter une ligne", table: true, run: addRow },
    { label: "Ajouter une colonne", table: true, run: addColumn },
    { label: "Supprimer la ligne", table: true, run: removeRow },
    { label: "Supprimer la colonne", table: true, run: removeColumn }
  ];

  function labelText(label) {
    var copy = label.cloneNode(true);
    Array.prototype.forEach.call(
      copy.querySelectorAll(".fr-hint-text, .fr-required-marker"),
      function (node) {
        node.parentNode.removeChild(node);
      }
    );
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function makeToolbar(name, root, editor) {
    var toolbar = document.createElement("div");
    toolbar.className = "q-richtext__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Mise en forme : " + name);
    toolbar.setAttribute("aria-controls", root.id);
    var buttons = BUTTONS.map(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fr-btn fr-btn--tertiary fr-btn--sm";
      button.textContent = spec.label;
      button.tabIndex = -1;
      if (spec.keys) {
        button.setAttribute("aria-keyshortcuts", spec.keys);
      }
      if (spec.pressed) {
        button.setAttribute("aria-pressed", "false");
      }
      // The editor keeps its selection while a button is pressed.
      button.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      button.addEventListener("click", function () {
        spec.run(editor);
        editor.focus();
        refresh();
      });
      toolbar.appendChild(button);
      return { spec: spec, button: button };
    });

    function usable() {
      return buttons
        .map(function (entry) { return entry.button; })
        .filter(function (button) { return !button.hidden; });
    }

    function refresh() {
      var inTable = currentCell(editor) !== null;
      buttons.forEach(function (entry) {
        var spec = entry.spec;
        if (spec.table !== undefined) {
          entry.button.hidden = spec.table !== inTable;
          if (entry.button.hidden) {
            entry.button.tabIndex = -1;
          }
        }
        if (spec.pressed) {
          entry.button.setAttribute("aria-pressed", String(editor.hasFormat(spec.pressed)));
        }
      });
      var visible = usable();
      if (!visible.some(function (button) { return button.tabIndex === 0; })) {
        visible.forEach(function (button, index) {
          button.tabIndex = index === 0 ? 0 : -1;
        });
      }
    }

    toolbar.addEventListener("keydown", function (event) {
      var visible = usable();
      var index = visible.indexOf(document.activeElement);
      var moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: visible.length - 1 };
      if (index === -1 || !(event.key in moves)) {
        return;
      }
      event.preventDefault();
      var target = visible[(moves[event.key] + visible.length) % visible.length];
      visible.forEach(function (button) {
        button.tabIndex = button === target ? 0 : -1;
      });
      target.focus();
    });
    editor.addEventListener("pathChange", refresh);
    editor.addEventListener("select", refresh);
    refresh();
    return toolbar;
  }

  function start(textarea, flag) {
    var group = textarea.parentNode;
    var label = group.querySelector("label[for='" + textarea.id + "']");
    var name = label ? labelText(label) : textarea.name;
    var root = document.createElement("div");
    root.id = textarea.id + "_editeur";
    root.className = "fr-input q-richtext q-richtext__editor";
    root.setAttribute("role", "textbox");
    root.setAttribute("aria-multiline", "true");
    root.setAttribute("aria-label", name);
    ["aria-describedby", "aria-invalid"].forEach(function (attribute) {
      if (textarea.hasAttribute(attribute)) {
        root.setAttribute(attribute, textarea.getAttribute(attribute));
      }
    });
    if (textarea.classList.contains("fr-input--error")) {
      root.classList.add("fr-input--error");
    }
    textarea.parentNode.insertBefore(root, textarea.nextSibling);

    var editor = new Squire(root, {
      blockTag: "P",
      addLinks: false,
      sanitizeToDOMFragment: sanitise
    });
    REFUSED_KEYS.forEach(function (key) {
      editor.setKeyHandler(CTRL + key, function (self, event) {
        event.preventDefault();
      });
    });
    // Before Squire's own listener: the formats a phone's keyboard offers
    // beyond bold and italic.
    root.addEventListener("beforeinput", function (event) {
      var type = event.inputType || "";
      if (type.indexOf("format") === 0 && ALLOWED_INPUT_FORMATS.indexOf(type) === -1) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }, true);
    editor.setHTML(textarea.getAttribute("data-richtext") || "");

    function sync() {
      textarea.value = editor.getHTML();
    }
    sync();
    editor.addEventListener("input", sync);
    textarea.form.addEventListener("submit", sync);
    textarea.hidden = true;
    flag.value = "true";
    root.parentNode.insertBefore(makeToolbar(name, root, editor), root);
    if (label) {
      label.addEventListener("click", function (event) {
        event.preventDefault();
        editor.focus();
      });
    }
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("textarea[data-richtext]"),
    function (textarea) {
      var flag = textarea.form && textarea.form.elements.namedItem("rich");
      if (flag) {
        start(textarea, flag);
      }
    }
  );
})();

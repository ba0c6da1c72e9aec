/* The rapporteur's outcome editor (templates/outcomes/manage.html): a static file, as the
   Content-Security-Policy allows no inline script. Without it the page still works: "Add" and
   "Remove" are submit buttons the server answers with the form one row longer or shorter.
   - [data-row-add] copies the list's <template> row, numbered after the highest row, in place;
   - [data-row-remove] takes its row out in place (the save then leaves it out);
   - each row's topic count follows its checkboxes;
   - on wide screens every row opens (on a phone saved rows stay one line each). */
(function () {
  "use strict";

  const editor = document.querySelector(".es-outcome-editor");
  if (!editor) return;
  const status = document.getElementById("rows-status");

  function announce(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function renumber(list) {
    list.querySelectorAll("[data-row]").forEach(function (row, i) {
      row.querySelectorAll("[data-row-number]").forEach(function (n) { n.textContent = String(i + 1); });
    });
  }

  function nextIndex(fieldset) {
    const name = fieldset.dataset.rows;
    let highest = -1;
    fieldset.querySelectorAll("[data-row-list] [name^='" + name + "-']").forEach(function (input) {
      const index = parseInt(input.name.slice(name.length + 1), 10);
      if (!Number.isNaN(index) && index > highest) highest = index;
    });
    return highest + 1;
  }

  editor.querySelectorAll("[data-row-add]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      const fieldset = button.closest("[data-rows]");
      const list = fieldset.querySelector("[data-row-list]");
      const template = fieldset.querySelector("template[data-row-template]");
      const index = String(nextIndex(fieldset));
      const html = template.innerHTML.split("__index__").join(index);
      list.insertAdjacentHTML("beforeend", html);
      const row = list.lastElementChild;
      renumber(list);
      row.open = true;
      const first = row.querySelector("textarea");
      if (first) first.focus();
      announce(status.dataset.added);
    });
  });

  editor.addEventListener("click", function (event) {
    const button = event.target.closest("[data-row-remove]");
    if (!button) return;
    event.preventDefault();
    const row = button.closest("[data-row]");
    const fieldset = row.closest("[data-rows]");
    const list = fieldset.querySelector("[data-row-list]");
    const previous = row.previousElementSibling;
    row.remove();
    renumber(list);
    (previous ? previous.querySelector("summary") : fieldset.querySelector("[data-row-add]")).focus();
    announce(status.dataset.removed);
  });

  editor.addEventListener("change", function (event) {
    if (event.target.type !== "checkbox") return;
    const tags = event.target.closest(".es-tags");
    if (!tags) return;
    tags.querySelector("[data-tag-count]").textContent = String(tags.querySelectorAll("input:checked").length);
  });

  if (window.matchMedia("(min-width: 992px)").matches) {
    editor.querySelectorAll("[data-row-list] [data-row]").forEach(function (row) { row.open = true; });
  }
})();

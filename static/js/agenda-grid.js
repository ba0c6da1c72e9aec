/* The agenda editor's time grid (templates/agenda/manage/editor.html): a static file, as the
   Content-Security-Policy allows no inline script. Sessions drag by their handle (SortableJS,
   static/vendor/sortablejs) onto a cell: a day, a start time and a room. The drop posts JSON to the
   session's move address (the same as its "Move" form, which stays for the keyboard and for pages
   without JavaScript); the answer's warnings (room double-booked, a person in two places) are
   shown on the cards and read out in the #grid-status live region. A refused move goes back. */
(function () {
  "use strict";

  const status = document.getElementById("grid-status");
  const grids = document.querySelectorAll(".es-timegrid");
  if (!status || !grids.length || typeof Sortable === "undefined") return;
  const csrf = document.querySelector("input[name=csrf_token]");
  document.body.classList.add("es-dnd-on");

  function announce(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function showWarnings(card, messages) {
    const box = card.querySelector("[data-warnings]");
    box.textContent = "";
    messages.forEach(function (message) {
      const line = document.createElement("div");
      line.className = "small text-warning-emphasis es-conflict";
      const sign = document.createElement("span");
      sign.setAttribute("aria-hidden", "true");
      sign.textContent = "⚠ ";
      line.append(sign, message);
      box.append(line);
    });
    card.classList.toggle("has-conflict", messages.length > 0);
  }

  function place(card, grid, row, column, span) {
    grid.append(card);
    card.style.gridRow = row + " / span " + span;
    card.style.gridColumn = String(column);
    card.style.marginLeft = "";
  }

  function updateForm(card, moved) {
    card.dataset.version = String(moved.version);
    const form = card.querySelector("form");
    form.querySelector("[name=version]").value = moved.version;
    form.querySelector("[name=day]").value = moved.day;
    form.querySelector("[name=start]").value = moved.start;
    form.querySelector("[name=room_id]").value = String(moved.room_id || 0);
    card.querySelector("[data-time]").textContent = moved.start + "–" + moved.end;
    card.querySelector("[data-room]").textContent = moved.room || "";
  }

  function drop(card, cell, before) {
    const grid = cell.closest(".es-timegrid");
    const span = parseInt(card.dataset.span, 10);
    place(card, grid, cell.style.gridRowStart, cell.style.gridColumnStart, span);
    card.classList.add("es-moving");
    fetch(card.dataset.moveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrf ? csrf.value : "",
      },
      body: JSON.stringify({
        day: grid.dataset.day,
        start: cell.dataset.start,
        room_id: parseInt(cell.dataset.room, 10),
        version: parseInt(card.dataset.version, 10),
      }),
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (answer) {
        card.classList.remove("es-moving");
        if (!answer.ok) throw new Error(answer.body.message || status.dataset.failed || "");
        const body = answer.body;
        updateForm(card, body.session);
        document.querySelectorAll(".es-grid-card[data-session]").forEach(function (other) {
          showWarnings(other, body.conflicts[other.dataset.session] || []);
        });
        announce([body.message, body.session.start + ", " + cell.dataset.roomName].concat(body.warnings).join(" "));
      })
      .catch(function (error) {
        card.classList.remove("es-moving");
        before.grid.append(card);
        card.style.cssText = before.style;
        announce(error.message);
      });
  }

  grids.forEach(function (grid) {
    grid.classList.add("es-dnd");
    grid.querySelectorAll(".es-grid-card").forEach(function (card) {
      const rows = /span (\d+)/.exec(card.style.gridRow);
      card.dataset.span = rows ? rows[1] : "1";
    });
    Sortable.create(grid, {
      group: { name: "agenda", pull: true, put: false },
      draggable: ".es-grid-card",
      handle: ".es-drag-handle",
      sort: false,
      forceFallback: true, // the same pointer dragging for mouse, pen and touch
      fallbackOnBody: true,
      onStart: function (event) {
        event.item.dataset.before = event.item.style.cssText;
        document.body.classList.add("es-dragging"); // cards let the pointer through to the cells below
      },
      onEnd: function () {
        document.body.classList.remove("es-dragging");
      },
    });
    grid.querySelectorAll("[data-drop]").forEach(function (cell) {
      Sortable.create(cell, {
        group: { name: "agenda", pull: false, put: true },
        sort: false,
        onAdd: function (event) {
          drop(event.item, cell, { grid: event.from, style: event.item.dataset.before || "" });
        },
      });
    });
  });
})();

/* Live search over people on the session form: the same results the form shows without
   JavaScript. The search address is data-search-url of #person-search; the add address, CSRF token
   and translated labels are data-* attributes of #person-results; the role choices are the JSON
   block #session-roles (no inline script: see the CSP). */
(function () {
  "use strict";
  const input = document.getElementById("person-search");
  const results = document.getElementById("person-results");
  const rolesNode = document.getElementById("session-roles");
  if (!input || !results || !rolesNode) return;
  const roles = JSON.parse(rolesNode.textContent);
  const settings = results.dataset;
  let timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      if (input.value.trim().length < 2) return;
      const response = await fetch(input.dataset.searchUrl + "?q=" + encodeURIComponent(input.value.trim()));
      if (!response.ok) return;
      const data = await response.json();
      results.replaceChildren(...data.people.map(function (p) {
        const form = document.createElement("form");
        form.method = "post";
        form.action = settings.addUrl;
        form.className = "d-flex flex-wrap gap-1 align-items-center border-bottom py-1";
        form.innerHTML = '<input type="hidden" name="csrf_token"><input type="hidden" name="person_id">' +
          '<span class="flex-grow-1"></span><select class="form-select form-select-sm w-auto" name="role"></select>' +
          '<button class="btn btn-sm btn-primary" type="submit"></button>';
        form.elements.csrf_token.value = settings.csrfToken;
        form.elements.person_id.value = p.id;
        form.querySelector("span").textContent = p.local_name ? p.name + " · " + p.local_name : p.name;
        const select = form.elements.role;
        select.setAttribute("aria-label", settings.roleLabel);
        Object.entries(roles).forEach(function ([value, label]) { select.add(new Option(label, value)); });
        form.querySelector("button").textContent = settings.addLabel;
        return form;
      }));
    }, 250);
  });
})();

// The API docs page (/api/v1/docs): Swagger UI reading the generated document. A static file, not
// an inline script, so the Content-Security-Policy can forbid inline scripts everywhere.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    // Sending a request from this page uses the visitor's own token (Authorize button) or cookies.
    withCredentials: true,
    tryItOutEnabled: false,
    validatorUrl: null,
  });
})();

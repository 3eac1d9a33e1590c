// Live preview only (make serve): the data error page asks the server again every second and reloads when the
// answer changes, i.e. when a saved fix made the real page come back or changed the list of problems.
(function () {
  "use strict";
  var main = document.getElementById("mr-serve-error");
  if (!main || !window.fetch) {
    return;
  }
  var fingerprint = main.getAttribute("data-fingerprint");
  function check() {
    fetch(window.location.href, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        if (text.indexOf('data-fingerprint="' + fingerprint + '"') === -1) {
          window.location.reload();
        } else {
          window.setTimeout(check, 1000);
        }
      })
      .catch(function () { window.setTimeout(check, 2000); });  // the server is restarting: try again
  }
  window.setTimeout(check, 1000);
})();

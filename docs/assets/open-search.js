/* In the offline copy (the theme's lunr search), buttons marked data-mr-open-search (the large search field on the
   start page) open the theme's search. Online, docs/assets/search.js opens the Pagefind dialog instead. Without
   JavaScript the button is hidden (.no-js in docs/assets/mr.css). */
(function () {
  "use strict";
  if (document.querySelector("dialog.mr-search")) return;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-mr-open-search]");
    if (!button) return;
    var toggle = document.querySelector('[data-md-toggle="search"]');
    var input = document.querySelector(".md-search__input");
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    if (input) input.focus();
  });
})();

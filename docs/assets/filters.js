/* Faceted filters for the listing pages (/exempel/, /verktyg/). No dependencies.
 *
 * The page already holds the filter form (macros/mrkb/pages/listing.py), so nothing moves when this script runs: it
 * only changes counts, disables options, fills the chips and hides list items. The facet data is embedded as
 * <script type="application/json" id="mr-facets"> (macros/mrkb/pages/facets.py):
 *   {"facets": [{"key", "label", "options": [[value, label], ...]}], "records": {id: [[option index, ...] per facet]}}
 * Each entry's link carries data-record="type/id" (and data-start="year" for examples, for sorting). Filters
 * combine with AND across facets and OR within a facet. The state lives in the query string
 * (?princip=egenmakt,legalitet&lan=skane) so a filtered list can be shared, and Back restores it. */
(function () {
  "use strict";

  function init() {
    var source = document.getElementById("mr-facets");
    var form = document.getElementById("mr-filters");
    var count = document.getElementById("mr-count");
    if (!source || !form || !count || source.hasAttribute("data-mr-ready")) return;
    source.setAttribute("data-mr-ready", "");
    var data = JSON.parse(source.textContent);
    var facets = data.facets;
    var singular = count.getAttribute("data-singular"), plural = count.getAttribute("data-plural");
    var chips = document.getElementById("mr-chips");
    var toggle = document.querySelector(".mr-filter-toggle");
    var show = form.querySelector(".mr-filters__show");
    var sort = document.getElementById("mr-sort");
    var list = document.querySelector(".mr-listing ul");

    function noun(n) { return n + " " + (n === 1 ? singular : plural); }

    // Records in page order: their list item, start year and, per facet, a set of option indexes.
    var records = [];
    document.querySelectorAll(".mr-listing a[data-record]").forEach(function (link, position) {
      var id = link.getAttribute("data-record").split("/").pop();
      var item = link.closest("li");
      if (item && data.records[id]) {
        records.push({ item: item, position: position, start: Number(link.getAttribute("data-start") || 0),
                       values: data.records[id].map(function (v) { return new Set(v); }) });
      }
    });
    var total = records.length;

    // boxes[f][o]: the checkbox of option o in facet f, found by name and value in the server-rendered form.
    var boxes = facets.map(function (facet) {
      return facet.options.map(function (option) {
        return form.querySelector('input[name="' + facet.key + '"][value="' + option[0] + '"]');
      });
    });
    var details = form.querySelectorAll("details.mr-facet");
    boxes.forEach(function (row) {
      row.forEach(function (box) { if (box) box.addEventListener("change", function () { update(true); }); });
    });

    function selected() {
      return boxes.map(function (row) {
        var chosen = [];
        row.forEach(function (box, o) { if (box && box.checked) chosen.push(o); });
        return chosen;
      });
    }

    function matches(record, chosen, skipFacet) {
      for (var f = 0; f < chosen.length; f++) {
        if (f === skipFacet || chosen[f].length === 0) continue;
        if (!chosen[f].some(function (o) { return record.values[f].has(o); })) return false;
      }
      return true;
    }

    function renderChips(chosen) {
      if (!chips) return;
      chips.textContent = "";
      chosen.forEach(function (options, f) {
        options.forEach(function (o) {
          var chip = document.createElement("button");
          chip.type = "button";
          chip.className = "mr-chip";
          chip.setAttribute("aria-label", "Ta bort filtret " + facets[f].label + ": " + facets[f].options[o][1]);
          chip.textContent = facets[f].options[o][1];
          var cross = document.createElement("span");
          cross.setAttribute("aria-hidden", "true");
          cross.textContent = " ×";
          chip.appendChild(cross);
          chip.addEventListener("click", function () {
            boxes[f][o].checked = false;
            update(true);
            (chips.querySelector("button") || count).focus();
          });
          chips.appendChild(chip);
        });
      });
      if (chips.childNodes.length) {
        var clear = document.createElement("button");
        clear.type = "button";
        clear.className = "mr-chips__clear";
        clear.textContent = "Rensa alla filter";
        clear.addEventListener("click", function () {
          boxes.forEach(function (row) { row.forEach(function (box) { if (box) box.checked = false; }); });
          update(true);
          count.focus();
        });
        chips.appendChild(clear);
      }
    }

    function render(chosen) {
      var shown = 0;
      records.forEach(function (record) {
        var visible = matches(record, chosen, -1);
        record.item.hidden = !visible;
        if (visible) shown++;
      });
      // A grouped listing (/lagar/): a group whose entries are all filtered out is hidden with its heading.
      document.querySelectorAll(".mr-listing .mr-group").forEach(function (group) {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
      // Each option shows how many records it would give together with the other facets' choices; an option
      // that would give none is disabled (unless ticked, so it can always be unticked).
      facets.forEach(function (facet, f) {
        var base = records.filter(function (record) { return matches(record, chosen, f); });
        facet.options.forEach(function (option, o) {
          var box = boxes[f][o];
          if (!box) return;
          var n = base.filter(function (record) { return record.values[f].has(o); }).length;
          box.parentNode.querySelector(".mr-facet__hits").textContent = "(" + n + ")";
          box.disabled = n === 0 && !box.checked;
          box.parentNode.classList.toggle("mr-facet__option--empty", box.disabled);
        });
        var picked = chosen[f].length;
        var mark = details[f] && details[f].querySelector(".mr-facet__picked");
        if (mark) mark.textContent = picked ? " (" + picked + (picked === 1 ? " vald)" : " valda)") : "";
      });
      var active = chosen.reduce(function (sum, c) { return sum + c.length; }, 0);
      if (!active) count.textContent = noun(total);
      else if (shown === 0) count.textContent = "Inga av " + noun(total) + " passar filtren. Ta bort något filter.";
      else count.textContent = "Visar " + shown + " av " + noun(total);
      if (show) show.textContent = shown === 0 ? "Inga träffar" : "Visa " + noun(shown);
      if (toggle) toggle.textContent = active ? "Filtrera (" + active + ")" : "Filtrera";
      renderChips(chosen);
    }

    function toQuery(chosen) {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet, f) {
        params.delete(facet.key);
        if (chosen[f].length) {
          params.set(facet.key, chosen[f].map(function (o) { return facet.options[o][0]; }).join(","));
        }
      });
      var query = params.toString().replace(/%2C/g, ",");
      return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    }

    function fromQuery() {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet, f) {
        var wanted = (params.get(facet.key) || "").split(",");
        boxes[f].forEach(function (box) { if (box) box.checked = wanted.indexOf(box.value) !== -1; });
      });
    }

    function update(remember) {
      var chosen = selected();
      render(chosen);
      if (remember) {
        var url = toQuery(chosen);
        var current = window.location.pathname + window.location.search + window.location.hash;
        if (url !== current) history.pushState({ mrFilters: true }, "", url);
      }
    }

    // Sorting: by title (the page order) or by period; moving items does not change their size.
    if (sort && list) {
      sort.addEventListener("change", function () {
        var order = records.slice();
        if (sort.value !== "title") {
          var sign = sort.value === "newest" ? -1 : 1;
          order.sort(function (a, b) { return sign * (a.start - b.start) || a.position - b.position; });
        }
        order.forEach(function (record) { list.appendChild(record.item); });
      });
    }

    // Phones: the form is a drawer. "Filtrera" opens it; "Visa N …" (the form's submit) and "Stäng" close it.
    function setOpen(open) {
      form.classList.toggle("mr-filters--open", open);
      if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) form.querySelector("summary").focus();
      else if (toggle) toggle.focus();
    }
    if (toggle) toggle.addEventListener("click", function () { setOpen(!form.classList.contains("mr-filters--open")); });
    form.querySelector(".mr-filters__close").addEventListener("click", function () { setOpen(false); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.classList.contains("mr-filters--open")) setOpen(false);
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && form.classList.contains("mr-filters--open")) setOpen(false);
    });

    window.addEventListener("popstate", function () { fromQuery(); update(false); });
    fromQuery();
    // A facet chosen in the URL is opened, so the ticked box shows where it belongs.
    selected().forEach(function (chosen, f) { if (chosen.length && details[f]) details[f].open = true; });
    update(false);
  }

  // Material's document$ fires on load (and after instant navigation, should it be turned on).
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Faceted filters for the listing pages (/exempel/, /verktyg/). No dependencies.
 *
 * The page embeds its facet data as <script type="application/json" id="mr-facets"> (macros/mrkb/facets.py):
 *   {"facets": [{"key", "label", "options": [[value, label], ...]}], "records": {id: [[option index, ...] per facet]}}
 * Each list item's link carries data-record="type/id". Without JavaScript nothing here runs and the whole list
 * shows. Filters combine with AND across facets and OR within a facet. The state lives in the query string
 * (?princip=egenmakt,legalitet&lan=skane) so a filtered list can be shared, and Back restores it. */
(function () {
  "use strict";

  function init() {
    var source = document.getElementById("mr-facets");
    var count = document.getElementById("mr-count");
    if (!source || !count || source.hasAttribute("data-mr-ready")) return;
    source.setAttribute("data-mr-ready", "");
    var data = JSON.parse(source.textContent);
    var facets = data.facets;
    var total = 0;

    // Records in page order: their list item and, per facet, a set of option indexes.
    var records = [];
    document.querySelectorAll("a[data-record]").forEach(function (link) {
      var id = link.getAttribute("data-record").split("/").pop();
      var item = link.closest("li");
      if (item && data.records[id]) {
        records.push({ item: item, values: data.records[id].map(function (v) { return new Set(v); }) });
      }
    });
    total = records.length;

    var form = document.createElement("form");
    form.className = "mr-filters";
    form.setAttribute("aria-labelledby", "mr-filters-title");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var title = document.createElement("h2");
    title.id = "mr-filters-title";
    title.textContent = "Filtrera listan";
    form.appendChild(title);
    var groups = document.createElement("div");
    groups.className = "mr-filters__groups";
    form.appendChild(groups);

    // checkboxes[f][o] is the box of option o in facet f; counts[f][o] the span showing its hit count.
    var checkboxes = [], counts = [], summaries = [];
    facets.forEach(function (facet, f) {
      var details = document.createElement("details");
      details.className = "mr-facet";
      var summary = document.createElement("summary");
      summaries.push(summary);
      details.appendChild(summary);
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.className = "mr-visually-hidden";
      legend.textContent = facet.label;
      fieldset.appendChild(legend);
      checkboxes.push([]);
      counts.push([]);
      facet.options.forEach(function (option, o) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = facet.key;
        box.value = option[0];
        box.addEventListener("change", function () { update(true); });
        var hits = document.createElement("span");
        hits.className = "mr-facet__hits";
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + option[1] + " "));
        label.appendChild(hits);
        fieldset.appendChild(label);
        checkboxes[f].push(box);
        counts[f].push(hits);
      });
      details.appendChild(fieldset);
      groups.appendChild(details);
    });
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button mr-filters__clear";
    clear.textContent = "Visa alla";
    clear.addEventListener("click", function () {
      checkboxes.forEach(function (boxes) { boxes.forEach(function (box) { box.checked = false; }); });
      update(true);
    });
    form.appendChild(clear);
    count.parentNode.insertBefore(form, count);
    // The count becomes a polite live region: screen readers hear the new number of hits after each change.
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");

    function selected() {
      return checkboxes.map(function (boxes) {
        var chosen = [];
        boxes.forEach(function (box, o) { if (box.checked) chosen.push(o); });
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

    function render(chosen) {
      var shown = 0;
      records.forEach(function (record) {
        var visible = matches(record, chosen, -1);
        record.item.hidden = !visible;
        if (visible) shown++;
      });
      // Each option shows how many records it would give together with the other facets' choices.
      facets.forEach(function (facet, f) {
        var base = records.filter(function (record) { return matches(record, chosen, f); });
        facet.options.forEach(function (option, o) {
          var n = base.filter(function (record) { return record.values[f].has(o); }).length;
          counts[f][o].textContent = "(" + n + ")";
        });
        var picked = chosen[f].length;
        summaries[f].textContent = facet.label + (picked ? " (" + picked + " valda)" : "");
        if (picked) summaries[f].parentNode.open = true;
      });
      var any = chosen.some(function (c) { return c.length; });
      clear.hidden = !any;
      var noun = total === 1 ? "post" : "poster";
      if (!any) count.textContent = total + " " + noun + ".";
      else if (shown === 0) count.textContent = "Inga av " + total + " " + noun + " passar filtren. Ta bort något filter.";
      else count.textContent = "Visar " + shown + " av " + total + " " + noun + ".";
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
        checkboxes[f].forEach(function (box) { box.checked = wanted.indexOf(box.value) !== -1; });
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

    window.addEventListener("popstate", function () { fromQuery(); update(false); });
    fromQuery();
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

/* The online search: Pagefind behind a Swedish dialog (overrides/partials/mr-search.html).
 * - "/" or "s" (or the header button) opens it; Esc closes it and focus returns where it was.
 * - Pagefind (pagefind/pagefind.js) is imported only when the dialog opens or its field gets focus: a page view
 *   downloads no search bytes.
 * - Results: title, type label, the summary (records) or the matched passage, one line of matching headings;
 *   an inflection ending is dropped before searching (see searchTerms).
 *   Glossary hits become one result per term, linking to /ordlista/#term.
 * - A type filter with counts; with no hits, the closest known words (edit distance) from assets/search-words.json.
 */
(function () {
  "use strict";
  var dialog = document.querySelector("dialog.mr-search");
  var opener = document.querySelector(".mr-search-open");
  if (!dialog || !opener) return;
  var input = dialog.querySelector(".mr-search__input");
  var list = dialog.querySelector(".mr-search__results");
  var status = dialog.querySelector(".mr-search__status");
  var filters = dialog.querySelector(".mr-search__filters");
  var suggest = dialog.querySelector(".mr-search__suggest");
  var more = dialog.querySelector(".mr-search__more");
  var PAGE = 8;  // results per batch: each costs one fragment download (its summary)
  var DEBOUNCE_MS = 100;  // a pause in typing, so half-typed words do not each fetch results
  var GLOSSARY = "Ordlista";
  var pagefind = null;
  var words = null;
  var state = {query: "", type: "", results: [], shown: 0, run: 0};
  var returnFocus = null;

  function siteRoot() {
    return new URL((dialog.dataset.base || ".").replace(/\/?$/, "/"), location.href);
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL(dialog.dataset.pagefind, location.href).href).then(function (module) {
        // ranking.metaWeights: the summary (data-pagefind-meta) is shown, not ranked on. Pagefind 1.5 boosts a page
        // whose metadata holds the word; a summary repeats the page's own lead, and a short listing page whose
        // intro says "MR-plattformen" then outranked the record whose other name is "MR".
        return module.options({baseUrl: siteRoot().pathname, excerptLength: 22,
                               ranking: {metaWeights: {summary: 0}}}).then(function () {
          return module.init();
        }).then(function () {
          return module.filters();  // loads the type filter's counts, which results then carry
        }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function open() {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
    input.focus();
    input.select();
    loadPagefind();
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", function () {
    var target = returnFocus && document.contains(returnFocus) ? returnFocus : opener;
    if (target === document.body) target = opener;
    target.focus();
  });
  // A click on the backdrop (outside the box) closes, as in other dialogs.
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) close();
  });
  opener.addEventListener("click", open);
  // Other openers, e.g. the large search field on the start page (docs/index.md).
  document.querySelectorAll("[data-mr-open-search]").forEach(function (button) {
    button.addEventListener("click", open);
  });
  dialog.querySelector(".mr-search__close").addEventListener("click", close);
  input.addEventListener("focus", loadPagefind);

  document.addEventListener("keydown", function (event) {
    if (dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "S")) {
      event.preventDefault();
      open();
    }
  });

  // Arrow keys move between the field and the result links; Enter follows the focused link.
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a.mr-search__link"));
    if (!links.length) return;
    var index = links.indexOf(document.activeElement);
    if (document.activeElement !== input && index < 0) return;
    event.preventDefault();
    if (event.key === "ArrowDown") {
      links[Math.min(index + 1, links.length - 1)].focus();
    } else if (index <= 0) {
      input.focus();
    } else {
      links[index - 1].focus();
    }
  });

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value.trim(), state.type); }, DEBOUNCE_MS);
  });

  function search(query, type) {
    var run = ++state.run;
    state.query = query;
    state.type = type;
    if (query.length < 2) {  // one letter would fetch the index of every word that starts with it
      list.replaceChildren();
      filters.hidden = true;
      suggest.hidden = true;
      more.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    return loadPagefind().then(function (pf) {
      var options = type ? {filters: {typ: [type]}} : {};
      return pf.search(searchTerms(query), options);
    }).then(function (found) {
      if (run !== state.run || !found) return;
      state.results = found.results;
      state.shown = 0;
      list.replaceChildren();
      showFilters(found.totalFilters && found.totalFilters.typ, found.unfilteredResultCount);
      return showMore(run).then(function () {
        if (run !== state.run) return;
        announce(found.results.length, query);
        // Words that occur in the results shown are real words: no need to load the suggestion list.
        var shown = list.textContent.toLowerCase();
        var seen = searchTerms(query.toLowerCase()).split(" ").every(function (w) { return shown.indexOf(w) >= 0; });
        if (type || query.length < 4 || (found.results.length && seen)) { suggest.hidden = true; return; }
        return suggestWords(query, run, found.results.length);
      });
    }).catch(function (error) {
      status.textContent = "Sökningen kunde inte laddas. Försök igen om en stund.";
      if (window.console) console.error(error);
    });
  }

  // Pagefind stems Swedish, but the stems of an inflected compound and its base form can differ
  // ("barnkonsekvensanalyser" -> ...analys, "barnkonsekvensanalys" -> ...analy). Pagefind matches word beginnings,
  // so the inflection ending is dropped from longer words: the base form and every inflection still match.
  var INFLECTIONS = ["erna", "arna", "orna", "ande", "ende", "en", "er", "ar", "or", "et", "na"];
  function searchTerms(query) {
    return query.split(/\s+/).map(function (word) {
      for (var i = 0; i < INFLECTIONS.length; i++) {
        var ending = INFLECTIONS[i];
        if (word.length - ending.length >= 5 && word.toLowerCase().slice(-ending.length) === ending) {
          return word.slice(0, -ending.length);
        }
      }
      return word;
    }).join(" ");
  }

  function announce(count, query) {
    var typeText = state.type ? " bland " + state.type.toLowerCase() : "";
    status.textContent = count === 0 ? "Inga träffar för ”" + query + "”" + typeText + "."
      : count === 1 ? "1 träff för ”" + query + "”" + typeText + "."
      : count + " träffar för ”" + query + "”" + typeText + ".";
  }

  function showMore(run) {
    var batch = state.results.slice(state.shown, state.shown + PAGE);
    state.shown += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      if (run !== state.run) return;
      items.forEach(function (data) { entries(data).forEach(function (e) { list.appendChild(e); }); });
      more.hidden = state.shown >= state.results.length;
    });
  }
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(state.run).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a.mr-search__link");
      if (link) link.focus();
    });
  });

  function typeOf(data) {
    return (data.filters && data.filters.typ && data.filters.typ[0]) || "Sida";
  }

  // One entry per result; the glossary page gives one entry per matching term, landing on the term's anchor.
  function entries(data) {
    var type = typeOf(data);
    var title = (data.meta && data.meta.title) || data.url;
    // Glossary letter headings never get here: search_index.annotate keeps them out of the index.
    var subs = (data.sub_results || []).filter(function (sub) {
      return sub.url.indexOf("#") > 0 && sub.title !== title;
    });
    if (type === GLOSSARY && subs.length) {
      return subs.slice(0, 3).map(function (sub) {
        return entry(sub.url, sub.title, type, sub.excerpt, true, []);
      });
    }
    var summary = data.meta && data.meta.summary;
    var record = type !== "Sida" && summary;
    return [entry(data.url, title, type,
                  record ? summary : data.excerpt, !record, subs.slice(0, 3))];
  }

  function entry(url, title, type, text, isExcerpt, subs) {
    var item = document.createElement("li");
    item.className = "mr-search__hit";
    var head = document.createElement("p");
    head.className = "mr-search__name";
    var link = document.createElement("a");
    link.className = "mr-search__link";
    link.href = url;
    link.textContent = title;
    var label = document.createElement("span");
    label.className = "mr-search__type";
    label.textContent = type;
    head.append(link, " ", label);
    item.appendChild(head);
    if (text) {
      var body = document.createElement("p");
      body.className = "mr-search__text";
      if (isExcerpt) appendExcerpt(body, text); else body.textContent = text;
      item.appendChild(body);
    }
    if (subs.length) {
      var line = document.createElement("p");
      line.className = "mr-search__subs";
      line.append("Avsnitt: ");
      subs.forEach(function (sub, i) {
        if (i) line.append(" · ");
        var a = document.createElement("a");
        a.href = sub.url;
        a.textContent = sub.title;
        line.appendChild(a);
      });
      item.appendChild(line);
    }
    return item;
  }

  // Pagefind's excerpt is text with <mark> around the matched words: only those marks become elements.
  function appendExcerpt(target, excerpt) {
    var parsed = new DOMParser().parseFromString("<p>" + excerpt + "</p>", "text/html").body;
    parsed.querySelectorAll("p").forEach(function (p) {
      p.childNodes.forEach(function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          target.appendChild(mark);
        } else {
          target.append(node.textContent);
        }
      });
    });
  }

  function showFilters(counts, total) {
    filters.replaceChildren();
    var types = counts ? Object.keys(counts).filter(function (t) { return counts[t] > 0; }) : [];
    if (types.length < 2 && !state.type) { filters.hidden = true; return; }
    filters.hidden = false;
    types.sort(function (a, b) { return counts[b] - counts[a] || a.localeCompare(b, "sv"); });
    [""].concat(types).forEach(function (type) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "mr-search__filter";
      button.setAttribute("aria-pressed", String(state.type === type));
      button.textContent = (type || "Alla") + " (" + (type ? counts[type] : total) + ")";
      button.addEventListener("click", function () {
        search(state.query, type).then(function () {
          var same = filters.querySelector("[aria-pressed=true]");
          if (same) same.focus();
        });
      });
      filters.appendChild(button);
    });
  }

  // --- No hits: the closest known words --------------------------------------------------------------------------
  function loadWords() {
    if (!words) {
      words = fetch(new URL(dialog.dataset.words, location.href).href).then(function (response) {
        return response.ok ? response.json() : [];
      }).catch(function () { return []; });
    }
    return words;
  }

  function distance(a, b) {  // Damerau-Levenshtein (optimal string alignment)
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (j = 0; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length][b.length];
  }

  function closest(query, known) {
    var q = query.toLowerCase();
    var limit = Math.max(2, Math.floor(q.length / 4));
    var scored = [];
    known.forEach(function (word) {
      var candidates = [word].concat(word.split(/[\s-]+/).filter(function (w) { return w.length >= 4; }));
      var best = Infinity;
      candidates.forEach(function (candidate) {
        var c = candidate.toLowerCase();
        var score = c.indexOf(q) === 0 && q.length >= 4 ? 0.5 : distance(q, c);
        // A word that only adds an ending ("barnkonventionen" for "barnkonvention") is as close as a typo.
        if (q.length >= 5 && c.indexOf(q.slice(0, -1)) === 0) score = Math.min(score, 1);
        best = Math.min(best, score);
      });
      if (best <= limit) scored.push([best, word]);
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1].length - b[1].length; });
    var seen = {};
    return scored.map(function (pair) { return pair[1]; }).filter(function (word) {
      var key = word.toLowerCase();
      return seen[key] ? false : (seen[key] = true);
    }).slice(0, 3);
  }

  // With no hits, or when a word typed is in no title, alias or glossary term (a typo that still found some
  // passing mentions): the closest titles, aliases and glossary terms.
  function suggestWords(query, run, hits) {
    return loadWords().then(function (known) {
      if (run !== state.run) return;
      // Known: every word typed (without its inflection ending) occurs in a title, alias or glossary term.
      var tokens = known.join(" ").toLowerCase().split(/[\s-]+/);
      var isKnown = searchTerms(query.toLowerCase()).split(" ").every(function (word) {
        return tokens.some(function (token) { return token.indexOf(word) >= 0; });
      });
      var found = hits && isKnown ? [] : closest(query, known);
      suggest.replaceChildren();
      suggest.hidden = !!hits && !found.length;
      if (suggest.hidden) return;
      if (!found.length) {
        suggest.textContent = "Prova ett kortare ord eller en del av ordet, till exempel ”analys”.";
        return;
      }
      suggest.append("Menade du: ");
      found.forEach(function (word, i) {
        if (i) suggest.append(", ");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "mr-search__word";
        button.textContent = word;
        button.addEventListener("click", function () {
          input.value = word;
          input.focus();
          search(word, "");
        });
        suggest.appendChild(button);
      });
      suggest.append("?");
      status.textContent += " Menade du ”" + found[0] + "”?";
    });
  }
})();

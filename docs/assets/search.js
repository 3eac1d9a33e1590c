/* The search dialog (overrides/partials/mr-search.html), online and in the offline copy.
 * - "/" or "s" (or the header button) opens it; Esc closes it and focus returns where it was.
 * - Nothing loads before the dialog opens or its field gets focus: a page view downloads no search bytes.
 * - Two parts, merged into one list:
 *   1. the name index (assets/search/names.js and, for learning examples, small shards by the first letters of a
 *      word; mrkb/search/names.py): an exact title, alias or glossary term first, then pages whose names hold
 *      every word typed. Matching folds å ä ö ("Molndal"), hyphens and spaces ("HR-chef", "HR chef", "hrchef")
 *      and inflection endings ("chefer");
 *   2. the full text: Pagefind online, the theme's slimmed lunr documents offline (file:// blocks WebAssembly):
 *      pages that only mention the words, hand-written pages about the site itself last.
 * - A word in no name and no text, but one or two letters from a known word, is corrected at once, once:
 *   "Visar träffar för diskriminering. Sök i stället efter diskriminerng".
 * - The count and the type chips count exactly the entries the list shows (all of them, after "Visa fler").
 * - Snippets are whole sentences around the match, without source markers ([2]).
 * When a query's results are in the list, the list gets data-query (tests and the bench wait for it).
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
  var offline = !dialog.dataset.pagefind;
  var PAGE = 8;  // entries per batch: a full-text entry online costs one fragment download
  var DEBOUNCE_MS = 40;  // a pause in typing, so half-typed words do not each fetch results
  var GLOSSARY = "Ordlista";
  var STOP = ("vad är hur gör man en ett betyder vem vilka vilken som och i om att det den på till av kan jag vi " +
              "ska finns mot för med").split(" ").map(function (w) { return fold(w); });
  var state = {query: "", type: "", entries: [], shown: 0, run: 0};
  var returnFocus = null;

  function url(path) { return new URL(path, location.href).href; }
  function siteRoot() { return new URL((dialog.dataset.base || ".").replace(/\/?$/, "/"), location.href); }

  // --- Loading -------------------------------------------------------------------------------------------------
  // Script files (they load from file:// too): each calls mrSearchNames(key, data).
  var shards = {};
  var waiting = {};
  window.mrSearchNames = function (key, data) {
    if (waiting[key]) waiting[key](data);
  };
  function loadScript(src, key) {
    return new Promise(function (resolve, reject) {
      if (key) waiting[key] = resolve;
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = function () { if (!key) resolve(); };
      script.onerror = function () { reject(new Error("Kunde inte ladda " + src)); };
      document.head.appendChild(script);
    });
  }
  function loadShard(key) {
    if (!shards[key]) {
      var file = key === "names" ? "names.js" : "names-" + key + ".js";
      shards[key] = loadScript(url(dialog.dataset.names + file), key).then(function (data) {
        return Array.isArray(data) ? {entries: data} : data;
      }).then(function (data) {
        data.entries.forEach(prepare);
        return data;
      });
      shards[key].catch(function () { delete shards[key]; });  // tried again by the next search
    }
    return shards[key];
  }

  var fulltext = null;
  function loadFulltext() {
    if (!fulltext) {
      fulltext = offline ? loadScript(url(dialog.dataset.text)).then(function () { return lunrDocs(window.__index); })
        : import(url(dialog.dataset.pagefind)).then(function (module) {
          // ranking.metaWeights: the summary (data-pagefind-meta) is shown, not ranked on. noWorker: the index
          // is small, so searching on the page is as fast (73–80 ms from key to results either way), saves the
          // worker's 12 KB, and a page left mid-load cannot leave a shared worker half-started for the next one.
          return module.options({baseUrl: siteRoot().pathname, excerptLength: 30, noWorker: true,
                                 ranking: {metaWeights: {summary: 0}}}).then(function () {
            return module.init();
          }).then(function () {
            return module.filters();  // the type filter's counts, which results then carry
          }).then(function () { return module; }, function (error) {
            return module.destroy().then(function () { throw error; });  // a fresh start on the next try
          });
        });
      // A dropped connection (a phone between masts) must not break search until the page is reloaded: the
      // next search loads the index again.
      fulltext.catch(function () { fulltext = null; });
    }
    return fulltext;
  }
  function load() {  // ahead of the first query; a failure shows (and is retried) when a search needs the index
    loadShard("names").catch(function () {});
    loadFulltext().catch(function () {});
  }

  // --- The dialog ----------------------------------------------------------------------------------------------
  function open() {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
    input.focus();
    input.select();
    load();
  }
  function close() {
    if (dialog.open) dialog.close();
  }
  dialog.addEventListener("close", function () {
    var target = returnFocus && document.contains(returnFocus) ? returnFocus : opener;
    if (target === document.body) target = opener;
    target.focus();
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) close();  // a click on the backdrop
  });
  opener.addEventListener("click", open);
  document.querySelectorAll("[data-mr-open-search]").forEach(function (button) {
    button.addEventListener("click", open);
  });
  dialog.querySelector(".mr-search__close").addEventListener("click", close);
  input.addEventListener("focus", load);

  // Capture phase: in the offline copy the theme also listens for "/" and "s" (its own search is not shown).
  window.addEventListener("keydown", function (event) {
    if (dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "S")) {
      event.preventDefault();
      event.stopPropagation();
      open();
    }
  }, true);

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
    timer = setTimeout(function () {
      var query = input.value.trim();
      // The list already shows this query (typed again, or typed and taken back): keep it, and a focused result.
      if (query === list.dataset.query && state.type === list.dataset.type) {
        state.run++;  // drops a search still on its way for what was typed in between
        state.query = query;
        return;
      }
      search(query, state.type);
    }, DEBOUNCE_MS);
  });

  // --- Words ---------------------------------------------------------------------------------------------------
  function fold(text) {
    return String(text).toLowerCase().replace(/[åäöéèüá]/g, function (c) {
      return {"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "á": "a"}[c];
    });
  }
  function words(text) { return fold(text).match(/[a-z0-9]+/g) || []; }
  var ENDINGS = ["erna", "arna", "orna", "ande", "ende", "are", "en", "er", "ar", "or", "et", "na", "n", "a", "s"];
  function stem(word) {
    for (var i = 0; i < ENDINGS.length; i++) {
      var ending = ENDINGS[i];
      if (word.length - ending.length >= 5 && word.slice(-ending.length) === ending) return word.slice(0, -ending.length);
    }
    return word;
  }

  // An entry's names, folded once: {joined, tokens} for the title (weight 1) and the other names (0.8).
  function prepare(entry) {
    entry.names = [{text: entry.t, w: 1}].concat((entry.n || []).map(function (n) { return {text: n, w: 0.8}; }))
      .map(function (name) {
        var tokens = words(name.text);
        return {joined: tokens.join(""), tokens: tokens, w: name.w};
      });
    entry.parts = (entry.p || []).map(fold);
  }

  // How well a name (its joined form) equals the query's joined form: 1 exact, 0.97 an inflection of it.
  function sameName(query, name) {
    if (query === name) return 1;
    if (name.length >= 4 && query.indexOf(name) === 0 && query.length - name.length <= 3) return 0.97;
    if (query.length >= 5 && name.indexOf(query) === 0 && name.length - query.length <= 2) return 0.97;
    var s = stem(query);
    if (s !== query && s.length >= 5 && name.indexOf(s) === 0 && name.length - s.length <= 2) return 0.96;
    return 0;
  }
  // How well one word typed matches one word of a name: 1 the word, 0.9 its beginning or an inflection,
  // 0.75 the end of a compound ("chef" in personalchef), 0 no match.
  function sameWord(word, token) {
    if (word === token) return 1;
    if (word.length >= 2 && token.indexOf(word) === 0) return word.length >= 3 || token.length <= 3 ? 0.9 : 0.5;
    var s = stem(word);
    if (s.length >= 4 && token.indexOf(s) === 0) return 0.9;
    if (token.length >= 3 && word.indexOf(token) === 0 && word.length - token.length <= 3) return 0.85;
    if (word.length >= 4 && token.length > word.length && token.slice(-word.length) === word) return 0.75;
    if (s.length >= 4 && token.length > s.length + 3 && token.indexOf(s, 3) > 0) return 0.6;  // a compound's part
    return 0;
  }
  function wordScore(word, entry) {
    var best = 0;
    entry.names.forEach(function (name) {
      name.tokens.forEach(function (token) { best = Math.max(best, sameWord(word, token) * name.w); });
    });
    entry.parts.forEach(function (part) { if (sameWord(word, part) >= 0.9) best = Math.max(best, 0.5); });
    return best;
  }

  // The query in the forms the matching needs.
  function parse(query) {
    var all = words(query);
    var content = all.filter(function (w) { return STOP.indexOf(w) < 0; });
    if (!content.length) content = all;
    return {all: all, words: content, joined: all.join(""), content: content.join("")};
  }

  // The score of an entry for the query: 100 an exact title, 90 an exact other name, 40–60 names that hold every
  // word typed, 0 no match.
  function score(q, entry) {
    var best = 0;
    entry.names.forEach(function (name) {
      var same = Math.max(sameName(q.joined, name.joined), sameName(q.content, name.joined));
      if (same) best = Math.max(best, same * (name.w === 1 ? 100 : 90));
    });
    if (best) return best;
    var total = 0;
    for (var i = 0; i < q.words.length; i++) {
      var s = wordScore(q.words[i], entry);
      if (!s) {
        s = q.words.length === 1 ? splitScore(q.words[i], entry) : 0;  // "hrchef": hr + chef
        if (!s) return 0;
      }
      total += s;
    }
    var extra = Math.max(0, entry.names[0].tokens.length - q.words.length);
    return 40 + 20 * total / q.words.length - Math.min(5, extra * 0.5);
  }
  // Two words typed as one: the first a whole word of a name, the rest a word (or a compound's end) of a name.
  function splitScore(word, entry) {
    for (var at = 2; at <= word.length - 3; at++) {
      var head = word.slice(0, at);
      var whole = entry.names.some(function (name) { return name.tokens.indexOf(head) >= 0; });
      var b = whole ? wordScore(word.slice(at), entry) : 0;
      if (b >= 0.6) return (1 + b) / 2 - 0.05;
    }
    return 0;
  }

  var TYPE_ORDER = {"Princip": 0, "Aktörskap": 0, "Roll": 0, "Verktyg": 0, "Lärande exempel": 0, "Ordlista": 1,
                    "Sida": 2};
  // The name index's hits, best first. A glossary term that points at a record lifts the record just above it.
  function nameHits(q, entries) {
    var scored = {};
    entries.forEach(function (entry) {
      var s = score(q, entry);
      if (!s) return;
      if (scored[entry.u] === undefined || scored[entry.u].s < s) scored[entry.u] = {entry: entry, s: s};
    });
    Object.keys(scored).forEach(function (u) {
      var hit = scored[u], target = hit.entry.r && scored[hit.entry.r];
      var lifted = hit.s + 1;
      if (hit.entry.r && target && target.s < lifted) target.s = lifted;
      if (hit.entry.r && !target) {
        var record = entries.filter(function (e) { return e.u === hit.entry.r; })[0];
        if (record) scored[record.u] = {entry: record, s: lifted};
      }
    });
    return Object.keys(scored).map(function (u) { return scored[u]; }).sort(function (a, b) {
      return b.s - a.s || (a.entry.m || 0) - (b.entry.m || 0) ||
        TYPE_ORDER[a.entry.y] - TYPE_ORDER[b.entry.y] || a.entry.t.length - b.entry.t.length;
    }).map(function (hit) { return hit.entry; });
  }

  // The entries of the shards the query's words need.
  var known = {};  // URL -> entry, of the entries loaded so far (a glossary term's definition for its result)
  function candidates(q) {
    return loadShard("names").then(function (core) {
      core.entries.forEach(function (entry) { known[entry.u] = entry; });
      var keys = {};
      q.all.concat([q.joined]).forEach(function (w) {
        var key = w.slice(0, 3);
        if (core.shards.indexOf(key) >= 0) keys[key] = true;
      });
      return Promise.all(Object.keys(keys).map(loadShard)).then(function (loaded) {
        return loaded.reduce(function (all, shard) { return all.concat(shard.entries); }, core.entries.slice());
      });
    });
  }

  // --- Full text -----------------------------------------------------------------------------------------------
  // Offline: the theme's lunr documents (a page and its sections, text cut short by the build), matched here.
  function lunrDocs(index) {
    var pages = {}, order = [];
    (index && index.docs || []).forEach(function (doc) {
      var page = doc.location.split("#")[0];
      if (!pages[page]) { pages[page] = {url: page, title: doc.title, texts: [], sections: []}; order.push(page); }
      if (doc.location.indexOf("#") < 0) { pages[page].title = doc.title; pages[page].text = doc.text; }
      else pages[page].sections.push({url: doc.location, title: doc.title, text: doc.text || ""});
      pages[page].texts.push(doc.title + " " + stripTags(doc.text || ""));
    });
    return order.map(function (page) {
      var p = pages[page];
      p.folded = fold(p.texts.join(" "));
      return p;
    });
  }
  function stripTags(html) { return html.replace(/<[^>]+>/g, " "); }

  function offlineSearch(docs, q) {
    var found = [];
    docs.forEach(function (doc) {
      var s = 0;
      for (var i = 0; i < q.words.length; i++) {
        var w = q.words[i], st = stem(w), count = 0, at = -1;
        while ((at = doc.folded.indexOf(st, at + 1)) >= 0 && count < 20) count++;
        if (!count) return;
        s += Math.log(1 + count) + (fold(doc.title).indexOf(st) >= 0 ? 3 : 0);
      }
      found.push({doc: doc, s: s});
    });
    return found.sort(function (a, b) { return b.s - a.s; }).map(function (hit) {
      var doc = hit.doc, section = bestSection(doc, q);
      return {url: siteRoot().href + doc.url, title: doc.title, section: section, text: stripTags(doc.text || "")};
    });
  }
  function bestSection(doc, q) {
    var st = q.words.map(stem);
    return doc.sections.filter(function (section) {
      var text = fold(section.title + " " + section.text);
      return st.every(function (w) { return text.indexOf(w) >= 0; });
    })[0] || null;
  }

  // --- Searching -----------------------------------------------------------------------------------------------
  function search(query, type, typed) {
    var run = ++state.run;
    state.query = query;
    state.type = type;
    if (query.length < 2) {  // one letter would fetch the index of every word that starts with it
      list.replaceChildren();
      filters.hidden = suggest.hidden = more.hidden = true;
      status.textContent = "";
      delete list.dataset.query;
      delete list.dataset.type;
      return Promise.resolve();
    }
    var q = parse(query);
    return Promise.all([candidates(q), loadFulltext()]).then(function (loaded) {
      if (run !== state.run) return;
      var entries = loaded[0], hits = nameHits(q, entries);
      return fullText(loaded[1], q, query, entries, hits).then(function (rest) {
        if (run !== state.run) return;
        if (!typed && !hits.length && !rest.real) {
          var better = correction(q, entries);
          if (better) return search(better, type, query);
        }
        show(run, query, typed, hits, rest);
      });
    }).catch(function (error) {
      status.textContent = "Sökningen kunde inte laddas. Försök igen om en stund.";
      if (window.console) console.error(error);
    });
  }

  // The full-text entries not already shown by the name index, the count of each type among them (all of them,
  // whatever the type filter), and real: a word typed occurs in the text (not only a passing beginning).
  var FOLDER_TYPES = {principer: "Princip", aktorskap: "Aktörskap", roller: "Roll", verktyg: "Verktyg",
                      exempel: "Lärande exempel"};
  function fullText(engine, q, query, entries, hits) {
    var shownUrls = {};
    hits.forEach(function (entry) { shownUrls[entry.u] = true; });
    var glossaryHits = hits.some(function (entry) { return entry.y === GLOSSARY && entry.u.indexOf("#") > 0; });
    var counts = {};
    if (offline) {
      var byUrl = {};
      entries.forEach(function (entry) { byUrl[entry.u] = entry; });
      var found = offlineSearch(engine, q).filter(function (hit) {
        var u = relative(hit.url), folder = u.split("/");
        hit.entry = byUrl[u];
        hit.type = hit.entry ? hit.entry.y : folder.length === 2 && folder[1] !== "index.html" &&
          FOLDER_TYPES[folder[0]] || (u.indexOf("ordlista") === 0 ? GLOSSARY : "Sida");
        hit.self = hit.entry && hit.entry.m;
        return !shownUrls[u] && !(glossaryHits && hit.type === GLOSSARY);
      });
      found.forEach(function (hit) { counts[hit.type] = (counts[hit.type] || 0) + 1; });
      return Promise.resolve({real: found.length > 0, counts: counts, entries: selfLast(found).filter(function (hit) {
        return !state.type || hit.type === state.type;
      }).map(function (hit) { return {kind: "text", hit: hit, type: hit.type}; })});
    }
    var removed = {}, selfIds = {}, glossaryId = null, types = {};
    entries.forEach(function (entry) {
      if (!entry.i) return;
      types[entry.i] = entry.y;
      if (entry.m) selfIds[entry.i] = true;
      if (entry.y === GLOSSARY && entry.u.indexOf("#") < 0) glossaryId = entry.i;
      if (shownUrls[entry.u]) removed[entry.i] = true;
    });
    if (glossaryHits && glossaryId) removed[glossaryId] = true;
    var terms = searchTerms(query);
    return engine.search(terms).then(function (found) {
      var all = found ? found.results : [];
      var typ = (found && found.filters && found.filters.typ) || {};
      Object.keys(typ).forEach(function (t) { counts[t] = typ[t]; });
      all.forEach(function (r) { if (removed[r.id] && types[r.id]) counts[types[r.id]] -= 1; });
      var listed = state.type ? engine.search(terms, {filters: {typ: [state.type]}}).then(function (f) {
        return f ? f.results : [];
      }) : Promise.resolve(all);
      return listed.then(function (results) {
        results = results.filter(function (r) { return !removed[r.id]; });
        results = results.filter(function (r) { return !selfIds[r.id]; })
          .concat(results.filter(function (r) { return selfIds[r.id]; }));
        var rest = results.map(function (r) {
          return {kind: "pagefind", result: r, type: state.type || types[r.id] || null};
        });
        if (!all.length) return {real: false, counts: counts, entries: rest};
        return Promise.all(all.slice(0, 3).map(function (r) { return r.data(); })).then(function (datas) {
          var text = fold(datas.map(function (d) { return d.title + " " + d.content; }).join(" "));
          var real = q.words.every(function (w) { return text.indexOf(stem(w)) >= 0; });
          return {real: real, counts: counts, entries: rest};
        });
      });
    });
  }
  function selfLast(found) {
    return found.filter(function (h) { return !h.self; }).concat(found.filter(function (h) { return h.self; }));
  }
  function relative(href) {
    var root = siteRoot().href;
    return href.indexOf(root) === 0 ? href.slice(root.length) : href;
  }

  // Pagefind stems Swedish, but an inflected compound and its base form can stem differently; it matches word
  // beginnings, so the inflection ending is dropped from longer words. Hyphens split words, as in the index.
  var PF_ENDINGS = ["erna", "arna", "orna", "ande", "ende", "en", "er", "ar", "or", "et", "na"];
  function searchTerms(query) {
    return query.split(/[\s-]+/).filter(Boolean).map(function (word) {
      for (var i = 0; i < PF_ENDINGS.length; i++) {
        var ending = PF_ENDINGS[i];
        if (word.length - ending.length >= 5 && word.toLowerCase().slice(-ending.length) === ending) {
          return word.slice(0, -ending.length);
        }
      }
      return word;
    }).join(" ");
  }

  // --- Typos ---------------------------------------------------------------------------------------------------
  function distance(a, b) {  // Damerau-Levenshtein (optimal string alignment)
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (j = 0; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }
  // The query with each word that matches no name replaced by the closest word of a name (one edit for words of
  // 4–7 letters, two for longer ones), or null.
  function correction(q, entries) {
    var vocabulary = {};  // folded word -> the word as the site writes it (with å ä ö), for the notice
    entries.forEach(function (entry) {
      [entry.t].concat(entry.n || []).forEach(function (text) {
        var written = text.toLowerCase().match(/[a-zåäöéèüá0-9]+/g) || [];
        words(text).forEach(function (token, i) { vocabulary[token] = vocabulary[token] || written[i] || token; });
      });
    });
    var changed = false;
    var fixed = q.words.map(function (word) {
      if (word.length < 4 || entries.some(function (entry) { return wordScore(word, entry) >= 0.75; })) return word;
      var limit = word.length >= 8 ? 2 : 1, best = null, bestDistance = limit + 1;
      Object.keys(vocabulary).forEach(function (token) {
        if (Math.abs(token.length - word.length) > limit) return;
        var d = distance(word, token);
        if (d < bestDistance || (d === bestDistance && best && token.length < best.length)) {
          best = token;
          bestDistance = d;
        }
      });
      if (!best) return word;
      changed = true;
      return vocabulary[best];
    });
    return changed ? fixed.join(" ") : null;
  }

  // --- Showing -------------------------------------------------------------------------------------------------
  function show(run, query, typed, hits, rest) {
    var counts = rest.counts;
    hits.forEach(function (entry) { counts[entry.y] = (counts[entry.y] || 0) + 1; });
    var total = Object.keys(counts).reduce(function (sum, t) { return sum + counts[t]; }, 0);
    state.entries = hits.filter(function (entry) { return !state.type || entry.y === state.type; })
      .map(function (entry) { return {kind: "name", entry: entry, type: entry.y}; }).concat(rest.entries);
    state.shown = 0;
    var fragment = document.createDocumentFragment();
    return renderBatch(run, fragment).then(function () {
      if (run !== state.run) return;
      list.replaceChildren(fragment);
      showFilters(counts, total);
      showCorrection(query, typed);
      announce(state.entries.length, query, typed);
      list.dataset.query = typed || query;
      list.dataset.type = state.type || "";
    });
  }

  function renderBatch(run, target) {
    var batch = state.entries.slice(state.shown, state.shown + PAGE);
    state.shown += batch.length;
    return Promise.all(batch.map(function (e) {
      return e.kind === "pagefind" ? e.result.data().then(function (d) { return pagefindItem(d, e.type); })
        : Promise.resolve(e.kind === "name" ? nameItem(e.entry) : textItem(e.hit, e.type));
    })).then(function (items) {
      if (run !== state.run) return;
      items.forEach(function (item) { target.appendChild(item); });
      more.hidden = state.shown >= state.entries.length;
    });
  }
  more.addEventListener("click", function () {
    var first = list.children.length;
    var fragment = document.createDocumentFragment();
    renderBatch(state.run, fragment).then(function () {
      list.appendChild(fragment);
      var link = list.children[first] && list.children[first].querySelector("a.mr-search__link");
      if (link) link.focus();
    });
  });

  function typeOf(data) {
    return (data.filters && data.filters.typ && data.filters.typ[0]) || "Sida";
  }
  function nameItem(entry) {
    return item(siteRoot().href + entry.u, entry.t, entry.y, clean(entry.s || ""), null, []);
  }
  function textItem(hit, type) {
    var section = hit.section;
    var glossary = type === GLOSSARY && section;
    var href = glossary ? siteRoot().href + section.url : hit.url;
    var title = glossary ? section.title : hit.title;
    var entry = hit.entry;
    var text = entry && entry.s && !glossary ? entry.s : sentences(section ? section.text : hit.text);
    return item(href, title, type, clean(text), null, []);
  }
  function pagefindItem(data, type) {
    type = type || typeOf(data);
    var title = (data.meta && data.meta.title) || data.url;
    var subs = (data.sub_results || []).filter(function (sub) { return sub.url.indexOf("#") > 0 && sub.title !== title; });
    if (type === GLOSSARY && subs.length) {  // the glossary: its best term, landing on the term's anchor
      var sub = subs[0], term = known[relative(sub.url)];
      return term && term.s ? item(sub.url, sub.title, type, clean(term.s), null, [])
        : item(sub.url, sub.title, type, null, passage(data, sub.locations), []);
    }
    var summary = data.meta && data.meta.summary;
    if (type !== "Sida" && summary) return item(data.url, title, type, clean(summary), null, subs.slice(0, 3));
    return item(data.url, title, type, null, passage(data, data.locations), subs.slice(0, 3));
  }

  // Whole sentences around the first matched word of a Pagefind result, the matched words marked:
  // [{text, mark}] pieces.
  function passage(data, locations) {
    var content = (data.content || "").split(/[\r\n\s]+/g);
    var at = locations && locations.length ? locations[0] : 0;
    var marked = {};
    (locations || []).forEach(function (l) { marked[l] = true; });
    var start = at, end = at;
    while (start > 0 && at - start < 40 && !/[.!?]$/.test(content[start - 1])) start--;
    while (end < content.length - 1 && end - at < 40 && !/[.!?]$/.test(content[end])) end++;
    for (var extra = 0; extra < 3 && end - start < 12 && end < content.length - 1; extra++) {  // short: one more
      var next = end + 1;
      while (next < content.length - 1 && next - end < 25 && !/[.!?]$/.test(content[next])) next++;
      if (next - end >= 25) break;
      end = next;
    }
    var pieces = [];
    if (start > 0 && !/[.!?]$/.test(content[start - 1])) pieces.push({text: "…"});
    for (var i = start; i <= end && i < content.length; i++) {
      var word = content[i].replace(/\[\d+\]/g, "");
      if (/^Käll(a|or):$/.test(word) && /^[.,]*$/.test((content[i + 1] || "").replace(/\[\d+\]/g, ""))) {
        i++;  // "Källa: [2]." without its marker says nothing
        continue;
      }
      if (!word) continue;
      if (/^[.,;:!?]+$/.test(word) && pieces.length) { pieces[pieces.length - 1].text += word; continue; }
      var tail = marked[i] ? /[.,;:!?)”]+$/.exec(word) : null;  // the mark ends with the word, not its full stop
      pieces.push({text: tail ? word.slice(0, -tail[0].length) : word, mark: !!marked[i]});
      if (tail) pieces.push({text: tail[0], glue: true});
    }
    if (end < content.length - 1 && !/[.!?]$/.test(content[end] || "")) pieces.push({text: "…"});
    return pieces;
  }
  function clean(text) {
    return String(text).replace(/\s*(\[\d+\])+/g, "").replace(/Käll(a|or):\s*([.,]|$)/g, "")
      .replace(/\s+/g, " ").trim();
  }
  // Offline: the first sentences of a short text.
  function sentences(text) {
    text = stripTags(text || "");
    var found = clean(text).match(/[^.!?]+[.!?]+/g);
    if (!found) return clean(text);
    var out = "";
    for (var i = 0; i < found.length && (out + found[i]).length < 260; i++) out += found[i];
    return (out || found[0]).trim();
  }

  function item(href, title, type, text, pieces, subs) {
    var li = document.createElement("li");
    li.className = "mr-search__hit";
    var head = document.createElement("p");
    head.className = "mr-search__name";
    var link = document.createElement("a");
    link.className = "mr-search__link";
    link.href = href;
    link.textContent = title;
    var label = document.createElement("span");
    label.className = "mr-search__type";
    label.textContent = type;
    head.append(link, " ", label);
    li.appendChild(head);
    if (text || (pieces && pieces.length)) {
      var body = document.createElement("p");
      body.className = "mr-search__text";
      if (pieces) {
        pieces.forEach(function (piece, i) {
          if (i && !piece.glue) body.append(" ");
          if (piece.mark) {
            var mark = document.createElement("mark");
            mark.textContent = piece.text;
            body.appendChild(mark);
          } else {
            body.append(piece.text);
          }
        });
      } else {
        body.textContent = text;
      }
      li.appendChild(body);
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
      li.appendChild(line);
    }
    return li;
  }

  function announce(count, query, typed) {
    var typeText = state.type ? " bland " + state.type.toLowerCase() : "";
    var shown = "”" + query + "”";
    status.textContent = count === 0 ? "Inga träffar för " + shown + typeText + "."
      : (count === 1 ? "1 träff" : count + " träffar") + " för " + shown + typeText + ".";
    if (count === 0 && !typed) {
      suggest.hidden = false;
      suggest.textContent = "Prova ett kortare ord eller en del av ordet, till exempel ”analys”.";
    }
  }

  // "Visar träffar för X. Sök i stället efter Y": once, above the list.
  function showCorrection(query, typed) {
    suggest.replaceChildren();
    suggest.hidden = !typed;
    if (!typed) return;
    suggest.append("Visar träffar för ");
    var strong = document.createElement("strong");
    strong.textContent = query;
    suggest.append(strong, ". Sök i stället efter ");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mr-search__word";
    button.textContent = typed;
    button.addEventListener("click", function () {
      input.value = typed;
      input.focus();
      exact(typed);
    });
    suggest.append(button, ".");
  }
  // The words as typed, without correction.
  function exact(query) {
    var run = ++state.run;
    state.query = query;
    var q = parse(query);
    return Promise.all([candidates(q), loadFulltext()]).then(function (loaded) {
      var hits = nameHits(q, loaded[0]);
      return fullText(loaded[1], q, query, loaded[0], hits).then(function (rest) {
        if (run === state.run) show(run, query, null, hits, rest);
      });
    });
  }

  function showFilters(counts, total) {
    filters.replaceChildren();
    var types = Object.keys(counts).filter(function (t) { return counts[t] > 0; });
    if (types.length < 2 && !state.type) { filters.hidden = true; return; }
    filters.hidden = false;
    types.sort(function (a, b) { return counts[b] - counts[a] || a.localeCompare(b, "sv"); });
    [""].concat(types).forEach(function (type) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "mr-search__filter";
      button.setAttribute("aria-pressed", String(state.type === type));
      button.textContent = (type || "Alla") + " (" + (type ? counts[type] || 0 : total) + ")";
      button.addEventListener("click", function () {
        search(input.value.trim(), type).then(function () {
          var same = filters.querySelector("[aria-pressed=true]");
          if (same) same.focus();
        });
      });
      filters.appendChild(button);
    });
  }
})();

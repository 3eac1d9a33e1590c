/* The self-assessment /sjalvskattning/ (macros/mrkb/pages/self_assessment.py builds the form). No dependencies.
 *
 * The page embeds <script type="application/json" id="mr-sa-data">:
 *   {"storage_key", "format", "version", "levels": [{"id", "title", "established"}], "traits": [{"id", "title"}]}
 * Answers live only in localStorage under storage_key, as {"version": 1, "answers": {trait id: {"level", "note"}}}.
 * Nothing is ever sent: export and import are local files (Blob download, FileReader). Without JavaScript the form
 * is a readable, printable list; this script adds saving, the result, the next steps and the file actions. */
(function () {
  "use strict";

  var CSV_COLUMNS = ["id", "kännetecken", "nivå", "nivånummer", "anteckning"];
  var FORMULA_START = /^[=+\-@\t\r]/;  // as in the open data CSV (macros/mrkb/outputs/open_data.py)
  var MAX_FILE_BYTES = 1000000;
  var MAX_NOTE = 2000;

  function init() {
    var root = document.getElementById("mr-sa");
    var source = document.getElementById("mr-sa-data");
    if (!root || !source || root.hasAttribute("data-mr-ready")) return;
    root.setAttribute("data-mr-ready", "");
    var data = JSON.parse(source.textContent);
    var levelIndex = {};
    data.levels.forEach(function (level, index) { levelIndex[level.id] = index; });
    var firstEstablished = data.levels.findIndex(function (level) { return level.established; });
    if (firstEstablished < 0) firstEstablished = data.levels.length;
    var traitTitle = {};
    data.traits.forEach(function (trait) { traitTitle[trait.id] = trait.title; });

    var form = document.getElementById("mr-sa-form");
    var message = document.getElementById("mr-sa-message");
    var fileInput = document.getElementById("mr-sa-file");
    var storage = openStorage();
    var answers = load();

    document.getElementById("mr-sa-toolbar").hidden = false;
    fillForm();
    update();
    if (!storage) {
      say("Din webbläsare låter inte sidan spara svar, så de försvinner när du lämnar sidan. " +
          "Spara dem som fil innan dess.");
    }

    form.addEventListener("change", function (event) {
      var target = event.target;
      var fieldset = target.closest("fieldset[data-trait]");
      if (!fieldset || target.type !== "radio") return;
      answerFor(fieldset.getAttribute("data-trait")).level = target.value;
      save();
      update();
    });
    form.addEventListener("input", function (event) {
      var target = event.target;
      var fieldset = target.closest("fieldset[data-trait]");
      if (!fieldset || target.tagName !== "TEXTAREA") return;
      answerFor(fieldset.getAttribute("data-trait")).note = target.value.slice(0, MAX_NOTE);
      save();
      update();
    });
    root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-mr-sa-action]");
      if (!button) return;
      var action = button.getAttribute("data-mr-sa-action");
      if (action === "export-json") exportFile("json");
      else if (action === "export-csv") exportFile("csv");
      else if (action === "import") fileInput.click();
      else if (action === "clear") clearAll();
      else if (action === "reset") resetLevel(button.closest("fieldset[data-trait]"));
      else if (action === "print") window.print();
    });
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      if (file) importFile(file);
    });

    // --- storage -------------------------------------------------------------------------------------------

    function openStorage() {
      try {
        var probe = data.storage_key + "-test";
        window.localStorage.setItem(probe, "1");
        window.localStorage.removeItem(probe);
        return window.localStorage;
      } catch (error) {
        return null;
      }
    }

    function load() {
      var result = {};
      if (!storage) return result;
      try {
        var saved = JSON.parse(storage.getItem(data.storage_key) || "{}");
        var stored = saved && saved.answers && typeof saved.answers === "object" ? saved.answers : {};
        Object.keys(stored).forEach(function (id) {
          var entry = stored[id] || {};
          if (!traitTitle[id]) return;
          result[id] = { level: levelIndex[entry.level] !== undefined ? entry.level : "",
                         note: typeof entry.note === "string" ? entry.note.slice(0, MAX_NOTE) : "" };
        });
      } catch (error) {
        // A damaged entry (edited by hand, another version) is ignored rather than breaking the page.
      }
      return result;
    }

    function save() {
      if (!storage) return;
      var kept = {};
      Object.keys(answers).forEach(function (id) {
        if (answers[id].level || answers[id].note) kept[id] = answers[id];
      });
      try {
        storage.setItem(data.storage_key, JSON.stringify({ version: data.version, answers: kept }));
      } catch (error) {
        say("Svaren kunde inte sparas i webbläsaren. Spara dem som fil så att du inte förlorar dem.");
      }
    }

    function answerFor(id) {
      if (!answers[id]) answers[id] = { level: "", note: "" };
      return answers[id];
    }

    // --- showing answers -----------------------------------------------------------------------------------

    function fillForm() {
      form.querySelectorAll("fieldset[data-trait]").forEach(function (fieldset) {
        var answer = answers[fieldset.getAttribute("data-trait")] || { level: "", note: "" };
        fieldset.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = radio.value === answer.level;
        });
        var note = fieldset.querySelector("textarea");
        if (note) note.value = answer.note || "";
      });
    }

    function levelText(index) {
      return data.levels[index].title + " (nivå " + (index + 1) + " av " + data.levels.length + ")";
    }

    function update() {
      var answered = 0, low = 0;
      var counts = data.levels.map(function () { return 0; });
      data.traits.forEach(function (trait) {
        var answer = answers[trait.id] || {};
        var index = answer.level ? levelIndex[answer.level] : -1;
        if (index >= 0) {
          answered += 1;
          counts[index] += 1;
          if (index < firstEstablished) low += 1;
        }
        var row = root.querySelector('.mr-sa-row[data-trait="' + trait.id + '"]');
        if (row) {
          row.querySelector("[data-mr-sa-value]").textContent = index >= 0 ? levelText(index) : "Inte besvarat";
          row.classList.toggle("is-answered", index >= 0);
          row.querySelectorAll(".mr-sa-segment").forEach(function (segment, n) {
            segment.classList.toggle("is-filled", n <= index);
          });
          var note = row.querySelector("[data-mr-sa-note]");
          note.textContent = answer.note ? "Anteckning: " + answer.note : "";
          note.hidden = !answer.note;
        }
        var fieldset = root.querySelector('fieldset[data-trait="' + trait.id + '"]');
        var reset = fieldset && fieldset.querySelector(".mr-sa-reset");
        if (reset) reset.hidden = index < 0;
        var own = fieldset && fieldset.querySelector("[data-mr-sa-trait-result]");
        if (own) {  // the answer and the way to its next steps, right under the question
          own.hidden = index < 0;
          own.querySelector("[data-mr-sa-value]").textContent = index >= 0 ? levelText(index) : "";
          own.querySelector("[data-mr-sa-next-link]").hidden = !(index >= 0 && index < firstEstablished &&
            root.querySelector('.mr-sa-next[data-trait="' + trait.id + '"] ul'));
        }
        var next = root.querySelector('.mr-sa-next[data-trait="' + trait.id + '"]');
        if (next) {
          next.hidden = !(index >= 0 && index < firstEstablished);
          next.querySelector("[data-mr-sa-value]").textContent = index >= 0 ? data.levels[index].title.toLowerCase() : "";
        }
      });
      var total = data.traits.length;
      document.getElementById("mr-sa-progress").textContent =
        "Ni har besvarat " + answered + " av " + total + " kännetecken.";
      root.querySelector(".mr-sa-jump").hidden = answered === 0;
      document.getElementById("mr-sa-result").hidden = answered === 0;
      root.classList.toggle("mr-sa--answered", answered > 0);
      var parts = [];
      counts.forEach(function (count, index) {
        if (count) parts.push(count + " " + data.levels[index].title.toLowerCase());
      });
      document.getElementById("mr-sa-summary").textContent = answered === 0 ? "" :
        "Ni har besvarat " + answered + " av " + total + " kännetecken: " + parts.join(", ") + "." +
        (answered < total ? " Obesvarade kännetecken räknas inte." : "");
      var sticky = document.getElementById("mr-sa-sticky");
      sticky.hidden = answered === 0;
      document.getElementById("mr-sa-sticky-text").textContent = answered === 0 ? "" :
        "Besvarat " + answered + " av " + total + " kännetecken." +
        (low ? " " + low + " ligger lägre än " +
               (data.levels[firstEstablished] || data.levels[data.levels.length - 1]).title.toLowerCase() + "." : "");
      document.getElementById("mr-sa-printed").textContent = "Utskrivet " + today() + ".";
      document.getElementById("mr-sa-next-intro").hidden = low === 0;
      document.getElementById("mr-sa-next-none").hidden = !(answered > 0 && low === 0);
    }

    function say(text) {
      // Emptied first, so that the same message twice is announced twice.
      message.textContent = "";
      window.setTimeout(function () { message.textContent = text; }, 50);
    }

    // --- take back one level (a click on the wrong question must not stay in the result) ---

    function resetLevel(fieldset) {
      var id = fieldset.getAttribute("data-trait");
      if (answers[id]) answers[id].level = "";
      save();
      fillForm();
      update();
      fieldset.querySelector("input[type=radio]").focus();  // the button itself has just been hidden
      say("Nivån för " + traitTitle[id] + " är borttagen.");
    }

    // --- clear ---------------------------------------------------------------------------------------------

    function clearAll() {
      var ok = window.confirm("Vill du rensa alla svar och anteckningar? Det går inte att ångra. " +
                              "Spara svaren som fil först om du vill ha kvar dem.");
      if (!ok) return;
      answers = {};
      if (storage) storage.removeItem(data.storage_key);
      fillForm();
      update();
      say("Dina svar är rensade. Inget finns kvar i webbläsaren.");
    }

    // --- export --------------------------------------------------------------------------------------------

    function rows() {
      return data.traits.map(function (trait) {
        var answer = answers[trait.id] || {};
        var index = answer.level ? levelIndex[answer.level] : -1;
        return { id: trait.id, title: trait.title, level: index >= 0 ? answer.level : "",
                 level_title: index >= 0 ? data.levels[index].title : "", level_number: index >= 0 ? index + 1 : "",
                 note: answer.note || "" };
      });
    }

    function today() {
      var now = new Date();
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    }

    function exportFile(kind) {
      var name = "sjalvskattning-" + today() + "." + kind;
      var text, type;
      if (kind === "json") {
        text = JSON.stringify({
          format: data.format, version: data.version, exported: today(),
          levels: data.levels.map(function (level, index) {
            return { id: level.id, number: index + 1, title: level.title };
          }),
          answers: rows().map(function (row) {
            return { id: row.id, title: row.title, level: row.level || null, level_title: row.level_title,
                     note: row.note };
          })
        }, null, 2) + "\n";
        type = "application/json";
      } else {
        var lines = [CSV_COLUMNS].concat(rows().map(function (row) {
          return [row.id, row.title, row.level_title, String(row.level_number), row.note];
        }));
        // UTF-8 with BOM, semicolons and CRLF: Excel with Swedish settings opens that on a double-click.
        text = "\ufeff" + lines.map(function (cells) { return cells.map(csvCell).join(";"); }).join("\r\n") + "\r\n";
        type = "text/csv;charset=utf-8";
      }
      var url = URL.createObjectURL(new Blob([text], { type: type }));
      var link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      say("Svaren är sparade i filen " + name + ", i din mapp för hämtade filer.");
    }

    function csvCell(value) {
      var text = String(value);
      if (FORMULA_START.test(text)) text = "'" + text;  // a spreadsheet must not run a note as a formula
      return /[;"\r\n,]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }

    // --- import --------------------------------------------------------------------------------------------

    function importFile(file) {
      var fail = function (reason) {
        say("Filen " + file.name + " kunde inte hämtas: " + reason + " Inga svar har ändrats.");
        fileInput.value = "";
      };
      if (file.size > MAX_FILE_BYTES) {
        fail("den är för stor för att vara en självskattning.");
        return;
      }
      var reader = new FileReader();
      reader.onerror = function () { fail("den gick inte att läsa."); };
      reader.onload = function () {
        fileInput.value = "";  // the same file can be chosen again
        var parsed;
        try {
          parsed = parseFile(String(reader.result).replace(/^\ufeff/, ""));
        } catch (error) {
          fail(error instanceof Invalid ? error.message : "den gick inte att läsa.");
          return;
        }
        parsed.entries.forEach(function (entry) { answers[entry.id] = { level: entry.level, note: entry.note }; });
        save();
        fillForm();
        update();
        var skipped = parsed.unknown ? " " + parsed.unknown + " rader gällde kännetecken som inte finns här " +
          "och hoppades över." : "";
        say("Hämtade " + parsed.entries.length + " svar från " + file.name + ". Svar som fanns i filen har " +
            "ersatt dina tidigare svar på samma kännetecken; övriga svar är kvar." + skipped);
      };
      reader.readAsText(file, "utf-8");
    }

    function Invalid(text) { this.message = text; }

    function parseFile(text) {
      var trimmed = text.trim();
      if (!trimmed) throw new Invalid("filen är tom.");
      var result = trimmed.charAt(0) === "{" ? parseJson(trimmed) : parseCsv(text);
      if (!result.entries.length) {
        throw new Invalid("den innehåller inga svar på kännetecknen här. Välj en fil som du har sparat från " +
                          "den här sidan, i JSON- eller CSV-format.");
      }
      return result;
    }

    function entry(id, level, note, where, result) {
      if (!traitTitle[id]) { result.unknown += 1; return; }
      if (level && levelIndex[level] === undefined) throw new Invalid(where + ": nivån finns inte.");
      if (typeof note !== "string") throw new Invalid(where + ": anteckningen ska vara text.");
      if (level || note) result.entries.push({ id: id, level: level || "", note: note.slice(0, MAX_NOTE) });
    }

    function parseJson(text) {
      var value;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new Invalid("den är inte giltig JSON.");
      }
      if (!value || value.format !== data.format || !Array.isArray(value.answers)) {
        throw new Invalid("den är inte en självskattning från den här webbplatsen.");
      }
      var result = { entries: [], unknown: 0 };
      value.answers.forEach(function (answer, index) {
        var where = "svar nummer " + (index + 1);
        if (!answer || typeof answer.id !== "string") throw new Invalid(where + " saknar id.");
        var level = answer.level === null || answer.level === undefined ? "" : answer.level;
        if (typeof level !== "string") throw new Invalid(where + ": nivån ska vara text.");
        entry(answer.id, level, answer.note === undefined || answer.note === null ? "" : answer.note, where, result);
      });
      return result;
    }

    function parseCsv(text) {
      var records = csvRecords(text);
      var header = (records.shift() || []).map(function (cell) { return cell.trim().toLowerCase(); });
      var column = {};
      CSV_COLUMNS.forEach(function (name) { column[name] = header.indexOf(name); });
      if (column.id < 0 || (column["nivånummer"] < 0 && column["nivå"] < 0)) {
        throw new Invalid("den är varken en JSON-fil eller en CSV-fil med kolumnerna " + CSV_COLUMNS.join(";") + ".");
      }
      var result = { entries: [], unknown: 0 };
      records.forEach(function (cells, index) {
        if (cells.length === 1 && !cells[0].trim()) return;  // an empty line
        var where = "rad " + (index + 2);
        var cell = function (name) {
          var value = column[name] >= 0 ? (cells[column[name]] || "") : "";
          return value.charAt(0) === "'" && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
        };
        var number = cell("nivånummer").trim(), title = cell("nivå").trim().toLowerCase(), level = "";
        if (number) {
          if (!/^\d+$/.test(number) || +number < 1 || +number > data.levels.length) {
            throw new Invalid(where + ": nivånumret ska vara ett tal från 1 till " + data.levels.length + ".");
          }
          level = data.levels[+number - 1].id;
        } else if (title) {
          var match = data.levels.filter(function (l) { return l.title.toLowerCase() === title; })[0];
          if (!match) throw new Invalid(where + ": nivån ”" + cell("nivå").trim() + "” finns inte.");
          level = match.id;
        }
        entry(cell("id").trim(), level, cell("anteckning"), where, result);
      });
      return result;
    }

    function csvRecords(text) {
      // RFC 4180 with the delimiter of the header line: ; as exported, or , or tab after another program saved it.
      var firstLine = text.split(/\r?\n/, 1)[0];
      var delimiter = firstLine.indexOf(";") >= 0 ? ";" : firstLine.indexOf("\t") >= 0 ? "\t" : ",";
      var records = [], cells = [], cell = "", quoted = false;
      for (var i = 0; i < text.length; i += 1) {
        var char = text.charAt(i);
        if (quoted) {
          if (char === '"' && text.charAt(i + 1) === '"') { cell += '"'; i += 1; }
          else if (char === '"') quoted = false;
          else cell += char;
        } else if (char === '"' && cell === "") quoted = true;
        else if (char === delimiter) { cells.push(cell); cell = ""; }
        else if (char === "\n" || char === "\r") {
          if (char === "\r" && text.charAt(i + 1) === "\n") i += 1;
          cells.push(cell); records.push(cells); cells = []; cell = "";
        } else cell += char;
      }
      if (quoted) throw new Invalid("ett citattecken i filen avslutas aldrig.");
      if (cell || cells.length) { cells.push(cell); records.push(cells); }
      return records;
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

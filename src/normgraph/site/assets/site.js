/* normgraph site: what every page does without a graph.
 *
 * - the header's search box opens search.html#q=... (the search runs there, offline,
 *   over the names embedded in that page);
 * - every table gets a "Download CSV" button (the rows as shown, from the table itself);
 * - the members page filters its table and compares any two processes from the lists
 *   embedded in it (members.html#compare=a,b opens a comparison).
 * Texts from the data are only ever set with textContent.
 */
(function () {
  "use strict";

  var root = document.body.getAttribute("data-root") || "";

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function link(text, href) {
    var a = element("a", text);
    a.href = root + href;
    return a;
  }

  /* The header's search box. */
  var headerForm = document.getElementById("site-search");
  if (headerForm) {
    headerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var box = document.getElementById("site-search-box");
      var target = headerForm.getAttribute("data-target");
      window.location.href = target + "#q=" + encodeURIComponent(box.value.trim());
    });
  }

  /* Search: names compared in one normal form (case, accents, punctuation), ranked in
     tiers as the command line's resolver ranks them. */
  function normal(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function startsWords(words, haystack) {
    var targets = haystack.split(" ");
    return words.every(function (w) {
      return targets.some(function (t) { return t.indexOf(w) === 0; });
    });
  }

  function tier(entry, query, words) {
    var best = 0;
    entry.forms.forEach(function (name, i) {
      if (name === query) {
        best = Math.max(best, i === 0 ? 100 : 95);
      } else if (name.indexOf(query) === 0 && (name.length === query.length || name[query.length] === " ")) {
        best = Math.max(best, 80);
      } else if (startsWords(words, name)) {
        best = Math.max(best, 70);
      }
    });
    if (!best && entry.text && startsWords(words, entry.text)) {
      best = 50;
    }
    return best;
  }

  var searchData = document.getElementById("search-data");
  if (searchData) {
    var entries = JSON.parse(searchData.textContent).map(function (e) {
      return Object.assign(e, {
        forms: [e.label].concat(e.names).map(normal),
        text: normal((e.text || []).join(" "))
      });
    });
    var box = document.getElementById("search-box");
    var results = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var run = function () {
      var query = normal(box.value);
      results.textContent = "";
      if (!query) {
        status.textContent = "";
        return;
      }
      var words = query.split(" ");
      var found = entries.map(function (e) { return { e: e, tier: tier(e, query, words) }; })
        .filter(function (m) { return m.tier > 0; })
        .sort(function (a, b) {
          return b.tier - a.tier || a.e.label.length - b.e.label.length ||
            (a.e.label < b.e.label ? -1 : a.e.label > b.e.label ? 1 : 0);
        });
      status.textContent = found.length === 1 ? "1 match" : found.length + " matches";
      found.slice(0, 200).forEach(function (m) {
        var item = element("li");
        item.appendChild(link(m.e.label, m.e.url));
        item.appendChild(element("span", " " + m.e.kind + (m.e.detail ? ", " + m.e.detail : ""), "muted"));
        results.appendChild(item);
      });
    };
    box.addEventListener("input", run);
    document.getElementById("search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var first = results.querySelector("a");
      if (first) {
        window.location.href = first.href;
      }
    });
    var fromHash = function () {
      var query = /^#q=(.*)$/.exec(window.location.hash);
      if (query) {
        box.value = decodeURIComponent(query[1]);
      }
      run();
    };
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  /* CSV of any table, as shown (hidden rows left out). */
  function csvCell(text) {
    var clean = text.replace(/\s+/g, " ").trim();
    if (/^[=+\-@]/.test(clean)) {
      clean = "'" + clean; /* a spreadsheet must not take a cell for a formula */
    }
    return /[",\n]/.test(clean) ? "\"" + clean.replace(/"/g, "\"\"") + "\"" : clean;
  }

  function tableCsv(table) {
    var lines = [];
    var rows = table.querySelectorAll("tr");
    for (var i = 0; i < rows.length; i += 1) {
      if (rows[i].hidden) {
        continue;
      }
      var cells = rows[i].querySelectorAll("th, td");
      var line = [];
      for (var j = 0; j < cells.length; j += 1) {
        line.push(csvCell(cells[j].textContent));
      }
      lines.push(line.join(","));
    }
    return lines.join("\r\n") + "\r\n";
  }

  var tables = document.querySelectorAll("table.data");
  Array.prototype.forEach.call(tables, function (table, n) {
    var button = element("button", "Download CSV", "csv");
    button.type = "button";
    var heading = document.querySelector("h1");
    var name = (table.id || (heading ? heading.textContent : "table") + "-" + (n + 1))
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    button.setAttribute("aria-label", "Download this table as CSV");
    button.addEventListener("click", function () {
      var blob = new Blob([tableCsv(table)], { type: "text/csv;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = (name || "table") + ".csv";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
    var holder = table.parentElement.classList.contains("table-wrap") ? table.parentElement : table;
    holder.insertAdjacentElement("afterend", button);
  });

  /* Members: filter the table by name, process and actor type. */
  var memberTable = document.getElementById("member-table");
  if (memberTable) {
    var search = document.getElementById("member-search");
    var process = document.getElementById("member-process");
    var kind = document.getElementById("member-kind");
    var shown = document.getElementById("members-shown");
    var rows = memberTable.tBodies[0].rows;
    var filter = function () {
      var term = normal(search.value);
      var count = 0;
      for (var i = 0; i < rows.length; i += 1) {
        var row = rows[i];
        var keep = (!process.value || row.getAttribute("data-process") === process.value) &&
          (!kind.value || row.getAttribute("data-member-kind") === kind.value) &&
          (!term || normal(row.cells[0].textContent).indexOf(term) !== -1);
        row.hidden = !keep;
        count += keep ? 1 : 0;
      }
      shown.textContent = count + " of " + rows.length + " shown";
    };
    [search, process, kind].forEach(function (control) {
      control.addEventListener("input", filter);
      control.addEventListener("change", filter);
    });
    document.getElementById("member-filters").addEventListener("submit", function (event) {
      event.preventDefault();
    });
    filter();
  }

  /* Members: compare two processes from the lists embedded in the page. */
  var compareData = document.getElementById("compare-data");
  if (compareData) {
    var lists = JSON.parse(compareData.textContent);
    var first = document.getElementById("compare-a");
    var second = document.getElementById("compare-b");
    var out = document.getElementById("compare-result");
    var slugOf = {};
    Object.keys(lists.processes).forEach(function (slug) {
      slugOf[lists.processes[slug].iri] = slug;
    });

    var column = function (title, members) {
      var section = element("section", null, "compare-column");
      section.appendChild(element("h3", title + " (" + members.length + ")"));
      var list = element("ul", null, "plain");
      list.tabIndex = 0; /* a list that scrolls must be reachable from the keyboard */
      list.setAttribute("aria-label", title);
      members.forEach(function (i) {
        var actor = lists.actors[i];
        var item = element("li");
        item.appendChild(link(actor[0], actor[1]));
        item.appendChild(element("span", " " + actor[2], "muted"));
        list.appendChild(item);
      });
      section.appendChild(list);
      return section;
    };

    var compare = function () {
      var a = lists.processes[first.value];
      var b = lists.processes[second.value];
      out.textContent = "";
      if (!a || !b) {
        return;
      }
      var inB = {};
      b.members.forEach(function (i) { inB[i] = true; });
      var inA = {};
      a.members.forEach(function (i) { inA[i] = true; });
      out.appendChild(element("p", "Member lists: " + a.label + ", " + a.summary + "; " + b.label + ", " +
        b.summary + ". Below, everyone the data records in either, in any role.", "muted"));
      var grid = element("div", null, "compare-grid");
      grid.appendChild(column("In both", a.members.filter(function (i) { return inB[i]; })));
      grid.appendChild(column("Only in " + a.label, a.members.filter(function (i) { return !inB[i]; })));
      grid.appendChild(column("Only in " + b.label, b.members.filter(function (i) { return !inA[i]; })));
      out.appendChild(grid);
    };

    /* The graph calls this with the IRIs of the two processes of a link. */
    window.normgraphCompare = function (a, b) {
      first.value = slugOf[a] || first.value;
      second.value = slugOf[b] || second.value;
      compare();
      document.getElementById("compare").scrollIntoView();
    };
    first.addEventListener("change", compare);
    second.addEventListener("change", compare);
    var fromHash = /^#compare=([^,]+),(.+)$/.exec(window.location.hash);
    if (fromHash) {
      first.value = decodeURIComponent(fromHash[1]);
      second.value = decodeURIComponent(fromHash[2]);
    }
    compare();
    if (fromHash) { /* an overlap cell opened this page: show what it asked for */
      document.getElementById("compare").scrollIntoView();
    }
  }
})();

/* normgraph: draw the page's graph with vis-network.
 *
 * The page embeds its graph as JSON in <script type="application/json" id="graph-data">
 * (nodes already laid out, so physics stays off). Texts from the data reach the screen
 * only as canvas labels and as tooltips built with textContent; the only links made
 * are the sources' http(s) addresses, checked when the site was built.
 *
 * Legibility: the first view, and every view after a filter, fits what is shown but
 * never draws a label under MIN_LABEL_PX; where that cannot fit, the view starts at the
 * top left of the graph (where the flows begin) and the rest is a drag away.
 * window.normgraphGraph exposes the network and the time of its first drawing.
 */
(function () {
  "use strict";

  var MIN_LABEL_PX = 11;
  var MAX_SCALE = 1.4;
  var NARROW_PX = 640;

  var holder = document.getElementById("graph");
  var source = document.getElementById("graph-data");
  if (!holder || !source || typeof vis === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var root = document.body.getAttribute("data-root") || "";
  var fontSize = data.fontSize || 14;
  var minScale = MIN_LABEL_PX / fontSize;
  var narrow = holder.clientWidth < NARROW_PX;
  var state = { firstDraw: null, view: data.overview ? "overview" : "full", minScale: minScale };

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var options = {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, multiselect: false },
    nodes: {
      shape: data.shape || "dot",
      borderWidth: 1,
      font: {
        size: fontSize,
        face: "system-ui, -apple-system, Segoe UI, sans-serif",
        color: "#1f2937",
        strokeWidth: data.shape === "box" ? 0 : 4,
        strokeColor: "#ffffff"
      },
      margin: data.shape === "box" ? 8 : 5,
      widthConstraint: { maximum: 150 }
    },
    edges: {
      smooth: data.smooth ? { type: "curvedCW", roundness: 0.15 } : false,
      color: { color: data.edgeColour || "#9ca3af", inherit: false, opacity: 0.9 },
      arrows: { to: { enabled: false, scaleFactor: 0.7 } },
      selectionWidth: 1.5,
      hoverWidth: 1.5
    },
    groups: data.groups || {}
  };

  function view(name) {
    return name === "overview" ? data.overview : data;
  }

  function placed(chosen) {
    if (!narrow || !chosen.portrait) {
      return chosen.nodes;
    }
    return chosen.nodes.map(function (node) {
      var at = chosen.portrait[node.id];
      return at ? Object.assign({}, node, { x: at[0], y: at[1] }) : node;
    });
  }

  function load(name) {
    var chosen = view(name);
    state.view = name;
    nodes.clear();
    edges.clear();
    nodes.add(placed(chosen));
    edges.add(chosen.edges.map(function (edge, i) {
      return Object.assign({ id: "e" + i }, edge);
    }));
  }

  /* Fit the given nodes, never below the legible scale: then start at their top left.
     Boxes are measured from the layout (positions plus half a box, data.pad), so that
     the view is set before the first drawing and that drawing is legible. */
  function frame(ids) {
    if (!ids.length) {
      return;
    }
    var pad = data.pad || [80, 30];
    var box = null;
    ids.forEach(function (id) {
      var at = network.getPosition(id);
      var b = { left: at.x - pad[0], right: at.x + pad[0], top: at.y - pad[1], bottom: at.y + pad[1] };
      box = box ? { left: Math.min(box.left, b.left), right: Math.max(box.right, b.right),
                    top: Math.min(box.top, b.top), bottom: Math.max(box.bottom, b.bottom) } : b;
    });
    /* Year marks and lane names stay in view: the box reaches up and left to them. */
    nodes.get({ filter: function (node) { return node.axis; } }).forEach(function (node) {
      var at = network.getPosition(node.id);
      box.top = Math.min(box.top, at.y - pad[1]);
      box.left = Math.min(box.left, at.x - pad[0]);
    });
    var width = holder.clientWidth - 16;
    var height = holder.clientHeight - 16;
    var scale = Math.min(width / (box.right - box.left), height / (box.bottom - box.top), MAX_SCALE);
    scale = Math.max(scale, minScale);
    var x = (box.left + box.right) / 2;
    var y = (box.top + box.bottom) / 2;
    if ((box.right - box.left) * scale > width) {
      x = box.left + width / 2 / scale;
    }
    if ((box.bottom - box.top) * scale > height) {
      y = box.top + height / 2 / scale;
    }
    network.moveTo({ position: { x: x, y: y }, scale: scale, animation: false });
  }

  function visibleIds() {
    return nodes.getIds({ filter: function (node) { return !node.hidden; } });
  }

  load(state.view);
  var network = new vis.Network(holder, { nodes: nodes, edges: edges }, options);
  frame(visibleIds());
  network.once("afterDrawing", function () {
    state.firstDraw = performance.now();
    holder.setAttribute("data-drawn", "true");
  });

  /* Tooltips: inside the viewport, built as text, their sources real links. */
  var tip = document.createElement("div");
  tip.className = "graph-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  var hideTimer = null;

  function showTip(content, x, y) {
    if (!content) {
      return;
    }
    clearTimeout(hideTimer);
    tip.textContent = "";
    var title = document.createElement("strong");
    title.textContent = content.title;
    tip.appendChild(title);
    (content.lines || []).forEach(function (line) {
      var p = document.createElement("div");
      p.textContent = line;
      tip.appendChild(p);
    });
    if (content.sources && content.sources.length) {
      var list = document.createElement("ul");
      content.sources.forEach(function (s) {
        var item = document.createElement("li");
        if (s.href && /^https?:\/\//i.test(s.href)) {
          var a = document.createElement("a");
          a.href = s.href;
          a.rel = "noopener noreferrer external";
          a.textContent = s.text;
          item.appendChild(a);
        } else {
          item.textContent = s.text;
        }
        list.appendChild(item);
      });
      tip.appendChild(list);
    }
    tip.hidden = false;
    var margin = 8;
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var left = Math.min(Math.max(margin, x + 12), window.innerWidth - w - margin);
    /* Below the pointer, or above it where there is more room: never over it (the tip
       is at most 45% of the window tall, so one side always has room). */
    var below = window.innerHeight - y - 16 - margin;
    var top = h <= below || below >= y - 12 - margin ? y + 16 : y - h - 12;
    tip.style.left = Math.max(margin, left) + "px";
    tip.style.top = Math.max(margin, top) + "px";
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { tip.hidden = true; }, 400);
  }

  tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  tip.addEventListener("mouseleave", hideSoon);
  holder.addEventListener("mouseleave", hideSoon);

  function pointer(params) {
    var rect = holder.getBoundingClientRect();
    return { x: rect.left + params.pointer.DOM.x, y: rect.top + params.pointer.DOM.y };
  }

  network.on("hoverNode", function (params) {
    holder.classList.add("pointing");
    var node = nodes.get(params.node);
    var at = pointer(params);
    showTip(node && node.tip, at.x, at.y);
  });
  network.on("blurNode", function () {
    holder.classList.remove("pointing");
    hideSoon();
  });
  network.on("hoverEdge", function (params) {
    var edge = edges.get(params.edge);
    var at = pointer(params);
    showTip(edge && edge.tip, at.x, at.y);
  });
  network.on("blurEdge", hideSoon);
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("zoom", function () { tip.hidden = true; });

  network.on("click", function (params) {
    if (params.nodes.length === 1) {
      var node = nodes.get(params.nodes[0]);
      if (node && typeof node.url === "string") {
        window.location.href = root + node.url;
      }
      return;
    }
    if (params.edges.length === 1) {
      var edge = edges.get(params.edges[0]);
      var at = pointer(params);
      if (edge && edge.compare && typeof window.normgraphCompare === "function") {
        window.normgraphCompare(edge.compare[0], edge.compare[1]);
      }
      showTip(edge && edge.tip, at.x, at.y);
      return;
    }
    tip.hidden = true;
  });

  /* Index: filter by kind and period (the table too), find by name. */
  var filters = document.getElementById("graph-filters");
  var search = document.getElementById("graph-search");
  var count = document.getElementById("search-count");
  var fromYear = document.getElementById("year-from");
  var toYear = document.getElementById("year-to");

  function number(value) {
    return value === null || value === undefined || value === "" ? null : Number(value);
  }

  function kept(kind, start, end) {
    if (!filters) {
      return true;
    }
    var kinds = filters.querySelectorAll("input[name=kind]");
    for (var i = 0; i < kinds.length; i += 1) {
      if (kinds[i].value === kind && !kinds[i].checked) {
        return false;
      }
    }
    if (fromYear && toYear && start !== null) {
      var from = parseInt(fromYear.value, 10);
      var to = parseInt(toYear.value, 10);
      var last = end === null ? Infinity : end;
      if (!isNaN(from) && last < from) {
        return false;
      }
      if (!isNaN(to) && start > to) {
        return false;
      }
    }
    return true;
  }

  function applyFilters() {
    var updates = view(state.view).nodes.map(function (node) {
      return { id: node.id, hidden: !node.axis && !kept(node.kind, number(node.start), number(node.end)) };
    });
    nodes.update(updates);
    var rows = document.querySelectorAll("tr[data-kind]");
    var shownRows = 0;
    for (var i = 0; i < rows.length; i += 1) {
      var d = rows[i].dataset;
      var keep = kept(d.kind, number(d.start), number(d.end));
      rows[i].hidden = !keep;
      shownRows += keep ? 1 : 0;
    }
    var rowCount = document.getElementById("rows-shown");
    if (rowCount) {
      rowCount.textContent = shownRows + " of " + rows.length + " shown";
    }
    frame(visibleIds().filter(function (id) { return !nodes.get(id).axis; }));
  }

  function find() {
    var term = search.value.trim().toLowerCase();
    if (!term) {
      network.unselectAll();
      count.textContent = "";
      frame(visibleIds());
      return [];
    }
    var ids = nodes.getIds({
      filter: function (node) {
        var names = String(node.label) + " " + (node.tip ? node.tip.title : "");
        return !node.hidden && !node.axis && names.toLowerCase().indexOf(term) !== -1;
      }
    });
    network.selectNodes(ids);
    count.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    if (ids.length > 0) {
      frame(ids);
    }
    return ids;
  }

  if (filters) {
    filters.addEventListener("change", applyFilters);
    filters.addEventListener("input", function (event) {
      if (event.target !== search) {
        applyFilters();
      }
    });
    filters.addEventListener("submit", function (event) {
      event.preventDefault();
    });
  }
  if (search) {
    search.addEventListener("input", find);
    /* Enter opens the page of the one process found. */
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") {
        return;
      }
      event.preventDefault();
      var ids = find();
      if (ids && ids.length === 1) {
        window.location.href = root + nodes.get(ids[0]).url;
      }
    });
  }

  /* Two views (the flows, the whole map): one click apart. */
  var toggle = document.getElementById("graph-toggle");
  if (toggle && data.overview) {
    toggle.addEventListener("click", function () {
      load(state.view === "overview" ? "full" : "overview");
      toggle.textContent = toggle.getAttribute(state.view === "overview" ? "data-full" : "data-overview");
      toggle.setAttribute("aria-pressed", state.view === "full" ? "true" : "false");
      if (filters) {
        applyFilters();
      } else {
        frame(visibleIds());
      }
    });
  }

  window.normgraphGraph = { network: network, nodes: nodes, edges: edges, state: state, frame: frame };
})();

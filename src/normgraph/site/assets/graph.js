/* normgraph: draw the page's graph with vis-network.
 *
 * The page embeds its graph as JSON in <script type="application/json" id="graph-data">
 * (nodes already laid out, so physics stays off). Texts from the data reach the screen
 * only as canvas labels and as plain-text tooltips: nothing here builds HTML from data.
 * window.normgraphGraph exposes the network and the time of its first drawing.
 */
(function () {
  "use strict";

  var holder = document.getElementById("graph");
  var source = document.getElementById("graph-data");
  if (!holder || !source || typeof vis === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var root = document.body.getAttribute("data-root") || "";
  var big = data.nodes.length > 300;
  var state = { firstDraw: null, view: data.overview ? "overview" : "full" };

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var options = {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    interaction: {
      hover: true,
      tooltipDelay: 120,
      hideEdgesOnDrag: big,
      hideEdgesOnZoom: big,
      multiselect: false
    },
    nodes: {
      shape: data.shape || "dot",
      borderWidth: 1,
      font: {
        size: data.fontSize || 14,
        face: "system-ui, -apple-system, Segoe UI, sans-serif",
        color: "#1f2937",
        strokeWidth: data.shape === "box" ? 0 : 4,
        strokeColor: "#ffffff"
      },
      margin: data.shape === "box" ? 10 : 5,
      widthConstraint: { maximum: data.shape === "box" ? 200 : 230 }
    },
    edges: {
      smooth: data.smooth ? { type: "curvedCW", roundness: 0.15 } : false,
      color: { color: data.edgeColour || "#9ca3af", inherit: false, opacity: 0.9 },
      arrows: { to: { enabled: false, scaleFactor: 0.7 } },
      selectionWidth: 1.5,
      hoverWidth: 1
    },
    groups: data.groups || {}
  };

  function view(name) {
    return name === "overview" ? data.overview : data;
  }

  function load(name) {
    var chosen = view(name);
    state.view = name;
    nodes.clear();
    edges.clear();
    nodes.add(chosen.nodes);
    edges.add(chosen.edges);
  }

  load(state.view);
  var network = new vis.Network(holder, { nodes: nodes, edges: edges }, options);
  network.once("afterDrawing", function () {
    state.firstDraw = performance.now();
    holder.setAttribute("data-drawn", "true");
  });
  network.on("click", function (params) {
    if (params.nodes.length !== 1) {
      return;
    }
    var node = nodes.get(params.nodes[0]);
    if (node && typeof node.url === "string") {
      window.location.href = root + node.url;
    }
  });
  network.on("hoverNode", function () {
    holder.classList.add("pointing");
  });
  network.on("blurNode", function () {
    holder.classList.remove("pointing");
  });

  /* Index: filter by kind and period, find by name. */
  var filters = document.getElementById("graph-filters");
  var search = document.getElementById("graph-search");
  var count = document.getElementById("search-count");
  var fromYear = document.getElementById("year-from");
  var toYear = document.getElementById("year-to");

  function shown(node) {
    if (!filters) {
      return true;
    }
    var kinds = filters.querySelectorAll("input[name=kind]");
    for (var i = 0; i < kinds.length; i += 1) {
      if (kinds[i].value === node.kind && !kinds[i].checked) {
        return false;
      }
    }
    if (fromYear && toYear && node.start !== null && node.start !== undefined) {
      var from = parseInt(fromYear.value, 10);
      var to = parseInt(toYear.value, 10);
      var end = node.end === null || node.end === undefined ? Infinity : node.end;
      if (!isNaN(from) && end < from) {
        return false;
      }
      if (!isNaN(to) && node.start > to) {
        return false;
      }
    }
    return true;
  }

  function applyFilters() {
    var updates = view(state.view).nodes.map(function (node) {
      return { id: node.id, hidden: !shown(node) };
    });
    nodes.update(updates);
  }

  function find() {
    var term = search.value.trim().toLowerCase();
    if (!term) {
      network.unselectAll();
      count.textContent = "";
      network.fit();
      return;
    }
    var ids = nodes.getIds({
      filter: function (node) {
        return !node.hidden && !node.axis && String(node.label).toLowerCase().indexOf(term) !== -1;
      }
    });
    network.selectNodes(ids);
    count.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    if (ids.length > 0) {
      network.fit({ nodes: ids, maxZoomLevel: 1.2 });
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

  /* Large graphs: the overview first, the full graph one click away. */
  var toggle = document.getElementById("graph-toggle");
  if (toggle && data.overview) {
    toggle.addEventListener("click", function () {
      load(state.view === "overview" ? "full" : "overview");
      toggle.textContent = toggle.getAttribute(state.view === "overview" ? "data-full" : "data-overview");
      network.fit();
    });
  }

  window.normgraphGraph = { network: network, nodes: nodes, edges: edges, state: state };
})();

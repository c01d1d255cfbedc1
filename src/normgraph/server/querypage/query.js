// The query page: runs SPARQL against /sparql and shows the answer. Everything the
// server returns is inserted as text (textContent), never as HTML.
"use strict";

const form = document.getElementById("query-form");
const library = document.getElementById("library");
const description = document.getElementById("description");
const textarea = document.getElementById("query");
const format = document.getElementById("format");
const status = document.getElementById("status");
const permalink = document.getElementById("permalink");
const results = document.getElementById("results");
const queriesByName = new Map();
const XSD = "http://www.w3.org/2001/XMLSchema#";

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showStatus(text, isError) {
  status.textContent = text;
  status.className = isError ? "error" : "";
}

function term(binding) {
  const cell = element("td");
  if (!binding) return cell;
  if (binding.type === "uri" && /^https?:\/\//.test(binding.value)) {
    const link = element("a", binding.value);
    link.href = binding.value;
    cell.append(link);
  } else {
    cell.append(document.createTextNode(binding.value));
    const meta = binding["xml:lang"] ? "@" + binding["xml:lang"]
      : binding.datatype ? " ^^" + binding.datatype.replace(XSD, "xsd:") : "";
    if (meta) cell.append(element("span", meta, "meta"));
  }
  return cell;
}

function showTable(answer) {
  if ("boolean" in answer) {
    results.replaceChildren(element("p", String(answer.boolean)));
    return 1;
  }
  const table = element("table");
  const head = element("tr");
  for (const name of answer.head.vars) head.append(element("th", name));
  table.append(head);
  for (const row of answer.results.bindings) {
    const tr = element("tr");
    for (const name of answer.head.vars) tr.append(term(row[name]));
    table.append(tr);
  }
  results.replaceChildren(table);
  return answer.results.bindings.length;
}

async function run(event) {
  event.preventDefault();
  const query = textarea.value;
  const accept = format.value || "application/sparql-results+json, text/turtle;q=0.9";
  showStatus("running…", false);
  results.replaceChildren();
  permalink.hidden = false;
  permalink.href = "/sparql?query=" + encodeURIComponent(query);
  const started = performance.now();
  let response;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
      body: new URLSearchParams({ query }),
    });
  } catch (error) {
    showStatus("the server cannot be reached: " + error, true);
    return;
  }
  const body = await response.text();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!response.ok) {
    showStatus(`${response.status} ${response.statusText}: ${body}`, true);
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  const truncated = response.headers.get("X-Normgraph-Truncated") === "true"
    ? " (cut at the server's limit)" : "";
  if (!format.value && type.startsWith("application/sparql-results+json")) {
    const rows = showTable(JSON.parse(body));
    showStatus(`${rows} row${rows === 1 ? "" : "s"} in ${seconds} s${truncated}`, false);
  } else {
    results.replaceChildren(element("pre", body));
    showStatus(`${type} in ${seconds} s${truncated}`, false);
  }
}

async function loadLibrary() {
  try {
    const response = await fetch("/_query/library.json");
    for (const info of await response.json()) {
      queriesByName.set(info.name, info);
      const option = element("option", `${info.name}: ${info.summary}`);
      option.value = info.name;
      library.append(option);
    }
  } catch (error) {
    description.textContent = "the query library could not be loaded: " + error;
  }
}

library.addEventListener("change", () => {
  const info = queriesByName.get(library.value);
  description.textContent = info ? info.description : "";
  if (info) textarea.value = info.text;
});
form.addEventListener("submit", run);
loadLibrary();

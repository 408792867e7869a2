// The network page's graph: an enhancement of the table, which lists the same links and works
// without JavaScript. The graph is filtered by the same controls as the table (source evaluation,
// intelligence assessment, linked since), as they change; the table's rows follow the graph.
import cytoscape from "./cytoscape.esm.min.js";

const COLOURS = {
  child: "#1d70b8",
  person: "#d4351c",
  place: "#00703c",
  vehicle: "#4c2c92",
  phone: "#f47738",
};

function readData() {
  const script = document.getElementById("network-data");
  return script ? JSON.parse(script.textContent) : null;
}

function chosenFilters(form) {
  return {
    source: form.querySelector("#source")?.value || "",
    assessment: form.querySelector("#assessment")?.value || "",
    since: form.querySelector("#since")?.value || "",
  };
}

function edgeShown(edge, filters) {
  if (filters.source && edge.source_evaluation !== filters.source) return false;
  if (filters.assessment && edge.assessment !== filters.assessment) return false;
  return !(filters.since && edge.on < filters.since);
}

// Cytoscape gives its container `position: relative` by adding a <style> element to the page, unless
// an element with this id is already there. The Content-Security-Policy (style-src 'self') blocks
// such an element, so the rule is in application.css (_app.scss) and this marks it present.
function markCytoscapeStylesheetPresent() {
  const id = "__________cytoscape_stylesheet";
  if (document.getElementById(id)) return;
  const marker = document.createElement("meta");
  marker.id = id;
  document.head.append(marker);
}

function draw(holder, data) {
  markCytoscapeStylesheetPresent();
  holder.style.height = "28rem";
  holder.style.border = "1px solid #b1b4b6";
  return cytoscape({
    container: holder,
    elements: [
      ...data.nodes.map((node) => ({ data: { ...node }, classes: node.root ? "root" : "" })),
      ...data.edges.map((edge) => ({ data: { ...edge, label: edge.grading || "not graded" } })),
    ],
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "background-color": (node) => COLOURS[node.data("kind")] || "#505a5f",
          color: "#0b0c0c",
          "font-size": 12,
          "text-valign": "bottom",
          "text-margin-y": 4,
        },
      },
      { selector: "node.root", style: { "border-width": 4, "border-color": "#0b0c0c", width: 40, height: 40 } },
      {
        selector: "edge",
        style: {
          label: "data(label)",
          "font-size": 10,
          width: 2,
          "line-color": "#505a5f",
          "curve-style": "bezier",
          "text-background-color": "#ffffff",
          "text-background-opacity": 1,
        },
      },
    ],
    layout: { name: "breadthfirst", roots: data.nodes.filter((node) => node.root).map((node) => node.id) },
    wheelSensitivity: 0.2,
  });
}

function applyFilters(graph, data, form, count) {
  const filters = chosenFilters(form);
  const shownEdges = new Set(data.edges.filter((edge) => edgeShown(edge, filters)).map((edge) => edge.id));
  const reached = new Set();
  graph.edges().forEach((edge) => {
    const shown = shownEdges.has(edge.id());
    edge.style("display", shown ? "element" : "none");
    if (shown) {
      reached.add(edge.data("source"));
      reached.add(edge.data("target"));
    }
  });
  graph.nodes().forEach((node) => {
    node.style("display", node.hasClass("root") || reached.has(node.id()) ? "element" : "none");
  });
  for (const row of document.querySelectorAll("#network-table [data-edge]")) {
    row.hidden = !shownEdges.has(row.dataset.edge);
  }
  count.textContent = `Showing ${shownEdges.size} of ${data.edges.length} links.`;
}

function initNetworkGraph() {
  const area = document.getElementById("network-graph-area");
  const holder = document.getElementById("network-graph");
  const form = document.getElementById("network-filters");
  const data = readData();
  if (!area || !holder || !form || !data) return;
  area.hidden = false;
  const graph = draw(holder, data);
  graph.on("tap", "node", (event) => {
    const url = event.target.data("url");
    if (url) window.location.assign(url);
  });
  const count = document.getElementById("network-graph-count");
  form.addEventListener("change", () => applyFilters(graph, data, form, count));
  applyFilters(graph, data, form, count);
}

initNetworkGraph();

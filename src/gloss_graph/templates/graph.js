/* The concept graph page: search, filters, local graph, side panel, URL hash,
 * topic clusters, labels that never overlap, paths between two terms.
 *
 * Data comes from the JSON script element #graph-data (written
 * by gloss_graph/html.py). Text from content is only ever written with
 * textContent and DOM APIs, never as HTML; a URL becomes an href only when it
 * parses as http: or https:.
 */
(function () {
  "use strict";

  // An id comes from the URL hash, the search box or the data, and may be any
  // string: "constructor", "__proto__" or "toString" too. A plain object
  // indexed by one answers with what it inherits from Object.prototype, so
  // every index keyed by an id is a Map, and other lookups by a key from
  // outside the script go through own().
  const hasOwn = Object.hasOwn || ((object, key) => Object.prototype.hasOwnProperty.call(object, key));
  function own(object, key) {
    return object && hasOwn(object, key) ? object[key] : undefined;
  }

  const DATA = JSON.parse(document.getElementById("graph-data").textContent);
  const DETAILS = new Map(Object.entries(DATA.details));
  const IDS = DATA.nodes.map((n) => n.id);
  const KIND_ORDER = { concept: 0, missing: 1, tag: 2, page: 3, external: 4 };
  const KIND_NAMES = {
    concept: "concept", tag: "tag", page: "MDN section", external: "external site", missing: "missing term",
  };
  const OUT_HEADINGS = {
    references: "References", "links-to": "Links to", tagged: "Tags", broader: "Broader term",
  };
  const IN_HEADINGS = {
    references: "Referenced by", "links-to": "Linked from", tagged: "Tagged concepts", broader: "Narrower terms",
  };
  const LIST_LIMIT = 200;
  // How far fitting a few nodes (a local view, a path) may zoom in:
  // vis-network stops at 1, where a handful of big terms look cramped.
  const FIT_MAX_SCALE = 2.5;

  // --- indexes ---------------------------------------------------------------
  const outgoing = new Map();
  const incoming = new Map();
  const edgeIdsOf = new Map();
  IDS.forEach((id) => { outgoing.set(id, []); incoming.set(id, []); edgeIdsOf.set(id, []); });
  DATA.edges.forEach((e) => {
    outgoing.get(e.from).push(e);
    incoming.get(e.to).push(e);
    edgeIdsOf.get(e.from).push(e.id);
    edgeIdsOf.get(e.to).push(e.id);
  });
  const edgeById = new Map(DATA.edges.map((e) => [e.id, e]));
  const INDEX = new Map(IDS.map((id, i) => [id, i]));  // the data's order: Python's sorted order
  const CLUSTERS = new Map(DATA.clusters.map((c) => [c.number, c]));

  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  // What a query is matched against: titles in every language, slugs, ids.
  const searchTerms = new Map();
  IDS.forEach((id) => {
    const d = DETAILS.get(id);
    const terms = [d.label, id.slice(id.indexOf(":") + 1)];
    if (d.slug) terms.push(d.slug, d.slug.slice(d.slug.lastIndexOf("/") + 1));
    if (d.labels) Object.keys(d.labels).forEach((loc) => terms.push(d.labels[loc]));
    searchTerms.set(id, Array.from(new Set(terms.map(fold))));
  });

  // --- the network -----------------------------------------------------------
  const container = document.getElementById("graph");
  const nodes = new vis.DataSet(DATA.nodes);
  const edges = new vis.DataSet(DATA.edges);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);

  const state = {
    query: "", kinds: new Set(Object.keys(KIND_ORDER)), locale: "", tag: "",
    orphans: false, depth: 0, selected: null, cluster: 0, colour: "cluster", pathTo: null, paths: [],
  };
  const hidden = new Map();
  IDS.forEach((id) => { hidden.set(id, false); });

  // --- DOM helpers -----------------------------------------------------------
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function safeHref(url) {
    if (typeof url !== "string" || !url) return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  function externalLink(url, text) {
    const href = safeHref(url);
    if (!href) return el("span", text || url);
    const a = el("a", text || url);
    a.href = href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }

  function nodeButton(id) {
    const d = DETAILS.get(id);
    const b = el("button", d ? d.label : id, "node");
    b.type = "button";
    b.title = (d ? own(KIND_NAMES, d.kind) + ": " : "") + id;
    b.addEventListener("click", (event) => pick(id, event.shiftKey));
    return b;
  }

  // A click selects; a shift-click, with a term selected, finds the paths
  // from it to the term clicked.
  function pick(id, shift) {
    if (shift && state.selected && id !== state.selected) findPaths(id);
    else select(id, { focus: true });
  }

  function limitedList(items, render) {
    const ul = el("ul");
    items.slice(0, LIST_LIMIT).forEach((item) => {
      const li = el("li");
      render(item, li);
      ul.appendChild(li);
    });
    if (items.length > LIST_LIMIT) ul.appendChild(el("li", "and " + (items.length - LIST_LIMIT) + " more", "more"));
    return ul;
  }

  // --- filters ---------------------------------------------------------------
  function matches(id) {
    return searchTerms.get(id).some((t) => t.includes(state.query));
  }

  function passesKindAndLocale(id) {
    const d = DETAILS.get(id);
    if (!state.kinds.has(d.kind)) return false;
    return !state.locale || !d.locales.length || d.locales.includes(state.locale);
  }

  function neighbours(id) {
    const found = new Set();
    outgoing.get(id).forEach((e) => found.add(e.to));
    incoming.get(id).forEach((e) => found.add(e.from));
    return found;
  }

  function localGraph(start, depth) {
    const seen = new Set([start]);
    let frontier = [start];
    for (let step = 0; step < depth; step++) {
      const next = [];
      frontier.forEach((id) => neighbours(id).forEach((n) => {
        if (!seen.has(n)) { seen.add(n); next.push(n); }
      }));
      frontier = next;
    }
    return seen;
  }

  // The nodes shown: see docs/graph.md, "Filters".
  function computeVisible() {
    const visible = new Set();
    if (state.depth > 0 && state.selected) {
      localGraph(state.selected, state.depth).forEach((id) => { if (passesKindAndLocale(id)) visible.add(id); });
      visible.add(state.selected);
      state.paths.forEach((path) => path.forEach((id) => visible.add(id)));
      return visible;
    }
    const satellites = [];
    IDS.forEach((id) => {
      const d = DETAILS.get(id);
      if (!passesKindAndLocale(id)) return;
      if (state.orphans && !(d.kind === "concept" && d.orphan)) return;
      if (state.query && !matches(id)) return;
      if (state.tag && d.kind === "concept" && !d.tag_ids.includes(state.tag)) return;
      if (state.cluster && d.kind === "concept" && (d.cluster || 0) !== state.cluster) return;
      if ((state.tag || state.cluster) && d.kind !== "concept" && id !== state.tag) { satellites.push(id); return; }
      visible.add(id);
    });
    // With a tag or a topic chosen: the concepts that carry it, the tag, and
    // what those concepts connect to.
    satellites.forEach((id) => {
      for (const n of neighbours(id)) {
        if (DETAILS.get(n).kind === "concept" && visible.has(n)) { visible.add(id); return; }
      }
    });
    if (state.selected) {
      visible.add(state.selected);
      if (state.query) neighbours(state.selected).forEach((id) => { if (passesKindAndLocale(id)) visible.add(id); });
    }
    state.paths.forEach((path) => path.forEach((id) => visible.add(id)));
    return visible;
  }

  // Neighbour highlighting through vis-network's own selection: the node and
  // its neighbours are drawn selected, and so are the node's own edges.
  // Recolouring every other node and edge instead costs a DataSet update per
  // item, about half a second on the largest glossaries.
  function highlight() {
    if (!state.selected) {
      network.unselectAll();
      return;
    }
    if (state.paths.length) {
      const onPath = new Set();
      const pathEdges = new Set();
      state.paths.forEach((path) => path.forEach((id, i) => {
        onPath.add(id);
        if (i) stepEdges(path[i - 1], id).forEach((e) => pathEdges.add(e));
      }));
      network.setSelection({ nodes: Array.from(onPath), edges: Array.from(pathEdges) },
        { unselectAll: true, highlightEdges: false });
      return;
    }
    const near = Array.from(neighbours(state.selected)).filter((id) => !hidden.get(id));
    const ownEdges = edgeIdsOf.get(state.selected).filter((id) => {
      const e = edgeById.get(id);
      return !hidden.get(e.from) && !hidden.get(e.to);
    });
    network.setSelection({ nodes: [state.selected].concat(near), edges: ownEdges },
      { unselectAll: true, highlightEdges: false });
  }

  function apply() {
    const visible = computeVisible();
    const changes = [];
    IDS.forEach((id) => {
      const isHidden = !visible.has(id);
      if (hidden.get(id) !== isHidden) {
        hidden.set(id, isHidden);
        changes.push({ id: id, hidden: isHidden });
      }
    });
    if (changes.length) nodes.update(changes);
    placeClusterNames();
    highlight();
    const count = document.getElementById("count");
    count.textContent = visible.size + " of " + IDS.length + " nodes shown";
    count.dataset.visible = String(visible.size);
    writeHash();
    return visible;
  }

  function fitVisible() {
    const shown = IDS.filter((id) => !hidden.get(id));
    network.fit({ nodes: shown.length ? shown : IDS, animation: false, maxZoomLevel: FIT_MAX_SCALE });
  }

  // --- selection and panel ---------------------------------------------------
  function select(id, options) {
    if (id && !DETAILS.has(id)) id = null;
    state.selected = id;
    state.pathTo = null;
    state.paths = [];
    const panel = document.getElementById("panel");
    if (id) {
      renderPanel(id);
      panel.hidden = false;
    } else {
      panel.hidden = true;
    }
    // The canvas gives way to the panel rather than hiding under it.
    document.querySelector("main").classList.toggle("with-panel", Boolean(id));
    network.setSize("100%", "100%");
    apply();
    if (id) {
      if (state.depth > 0) fitVisible();
      else if (options && options.focus) {
        network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
      }
    }
  }

  function renderPanel(id) {
    const d = DETAILS.get(id);
    const body = document.getElementById("panel-body");
    body.replaceChildren();
    body.dataset.node = id;
    body.appendChild(el("h2", d.label));
    const kindLine = el("p", own(KIND_NAMES, d.kind) + (d.slug ? " \u00b7 " + d.slug : ""), "kind");
    body.appendChild(kindLine);
    if (state.pathTo) renderPaths(body);
    if (d.kind === "concept") renderConcept(body, d);
    if (d.kind === "missing") body.appendChild(el("p", "Referenced, but no glossary entry exists at this slug.", "flag"));
    if (d.kind === "tag" && d.locales.length) body.appendChild(el("p", "Used in: " + d.locales.join(", ")));
    if (d.kind === "page") {
      body.appendChild(el("h3", "Pages (" + d.pages.length + ")"));
      body.appendChild(limitedList(d.pages, (p, li) => {
        li.appendChild(externalLink(p[2], p[0] || p[1]));
        if (p[0]) li.appendChild(el("span", " " + p[1], "more"));
      }));
    }
    if (d.kind === "external") {
      body.appendChild(el("h3", "Links (" + d.urls.length + ")"));
      body.appendChild(limitedList(d.urls, (u, li) => li.appendChild(externalLink(u[1], u[0]))));
    }
    renderEdges(body, outgoing.get(id), "to", OUT_HEADINGS);
    renderEdges(body, incoming.get(id), "from", IN_HEADINGS);
  }

  function renderConcept(body, d) {
    const topic = CLUSTERS.get(d.cluster || 0);
    if (topic) {
      const line = el("p", "Topic: ", "topic");
      line.appendChild(topicButton(topic));
      body.appendChild(line);
    }
    if (!state.pathTo) {
      body.appendChild(el("p", "Shift-click another term (or Shift+Enter in the search box) to see how the two are connected.", "hint"));
    }
    if (d.orphan) body.appendChild(el("span", "orphan: nothing references it", "flag"));
    if (d.orphaned_translation) body.appendChild(el("span", "translation without an en-US entry", "flag"));
    body.appendChild(el("p", "Referenced by " + d.inbound + (d.page_refs ? " (" + d.page_refs + " of them site pages)" : "")));
    renderMentions(body, d);
    const locales = Object.keys(d.labels);
    if (locales.length) {
      body.appendChild(el("h3", "Titles"));
      const table = el("table", null, "labels");
      locales.forEach((loc) => {
        const tr = el("tr");
        tr.dataset.locale = loc;
        tr.appendChild(el("th", loc));
        const td = el("td", d.labels[loc]);
        td.lang = loc;
        tr.appendChild(td);
        markStale(tr, td, d, loc);
        table.appendChild(tr);
      });
      body.appendChild(table);
    }
    const summaries = Object.keys(d.summaries);
    if (summaries.length) {
      body.appendChild(el("h3", "Summary"));
      const first = state.locale && own(d.summaries, state.locale) ? state.locale
        : (own(d.summaries, "en-US") ? "en-US" : summaries[0]);
      [first].concat(summaries.filter((l) => l !== first)).forEach((loc) => {
        const p = el("p", d.summaries[loc], "summary");
        p.lang = loc;
        if (summaries.length > 1) p.prepend(el("strong", loc + ": "));
        body.appendChild(p);
      });
    }
    const tagLocales = Object.keys(d.tags);
    if (tagLocales.length) {
      body.appendChild(el("h3", "Tags"));
      const ul = el("ul");
      tagLocales.forEach((loc) => {
        const li = el("li", loc + ": ");
        d.tags[loc].forEach((t, i) => {
          if (i) li.appendChild(document.createTextNode(", "));
          const tagId = "tag:" + t;
          li.appendChild(DETAILS.has(tagId) ? nodeButton(tagId) : el("span", t));
        });
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
    const urlLocales = Object.keys(d.urls);
    if (urlLocales.length) {
      body.appendChild(el("h3", "On MDN"));
      const ul = el("ul");
      urlLocales.forEach((loc) => {
        const li = el("li");
        li.appendChild(externalLink(d.urls[loc], loc + ": " + d.urls[loc]));
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
  }

  // Places whose running text names the term without linking it (report.json
  // unlinked_mentions): where to add a link, the sure ones first.
  function renderMentions(body, d) {
    const items = own(d, "mentioned");
    if (!Array.isArray(items) || !items.length) return;
    const section = el("section", null, "mentions");
    section.appendChild(el("h3", "Mentioned without a link (" + items.length + ")"));
    section.appendChild(limitedList(items, (m, li) => {
      li.dataset.confidence = m[4];
      li.appendChild(m[0] && DETAILS.has(m[0]) ? nodeButton(m[0]) : el("span", m[1]));
      li.appendChild(el("span", " " + m[2] + ": \u201c" + m[3] + "\u201d", "more"));
      if (m[4] === "high") li.appendChild(el("span", " link it", "flag"));
    }));
    body.appendChild(section);
  }

  // A translation made before its English file last changed (report.json
  // stale_translations, from git history): marked beside its title, with why.
  function markStale(row, cell, d, loc) {
    const mark = own(d.stale, loc);
    if (!mark) return;
    row.dataset.stale = mark[0];
    const note = el("div", null, "stale");
    note.appendChild(el("span", mark[0] === "stale" ? "stale" : "staleness unknown", "flag"));
    note.appendChild(el("small", mark[1], "more"));
    cell.appendChild(note);
  }

    function renderEdges(body, list, end, headings) {
    Object.keys(headings).forEach((kind) => {
      const items = list.filter((e) => e.kind === kind).sort((a, b) => {
        const da = DETAILS.get(a[end]), db = DETAILS.get(b[end]);
        return (own(KIND_ORDER, da.kind) - own(KIND_ORDER, db.kind)) || da.label.localeCompare(db.label);
      });
      if (!items.length) return;
      const section = el("section", null, "edges");
      section.dataset.kind = kind;
      section.dataset.direction = end === "to" ? "out" : "in";
      section.appendChild(el("h3", headings[kind] + " (" + items.length + ")"));
      section.appendChild(limitedList(items, (e, li) => {
        li.appendChild(nodeButton(e[end]));
        const other = DETAILS.get(e[end]);
        if (other.kind === "page" && e.pairs > 1) li.appendChild(el("span", " " + e.pairs + " pages", "more"));
        else if (e.count > 1) li.appendChild(el("span", " \u00d7" + e.count, "more"));
      }));
      body.appendChild(section);
    });
  }

  // --- paths between two terms -------------------------------------------------
  // The same as `gloss-graph path` (paths.py): references between two
  // concepts, taken either way; the shortest path by breadth-first search
  // (neighbours in the data's order), then the next shortest by Yen's
  // method, up to MAX_PATHS, ties in the data's order.
  const MAX_PATHS = 3;
  const references = new Set();  // "from\u0000to", between two concepts
  const referenceEdges = new Map();  // "from\u0000to" -> edge id
  const adjacent = new Map();
  DATA.edges.forEach((e) => {
    if (e.kind !== "references" || DETAILS.get(e.from).kind !== "concept" || DETAILS.get(e.to).kind !== "concept") return;
    references.add(e.from + "\u0000" + e.to);
    referenceEdges.set(e.from + "\u0000" + e.to, e.id);
    [[e.from, e.to], [e.to, e.from]].forEach(([a, b]) => {
      if (!adjacent.has(a)) adjacent.set(a, new Set());
      adjacent.get(a).add(b);
    });
  });
  const byIndex = (a, b) => INDEX.get(a) - INDEX.get(b);
  const ADJACENT = new Map(Array.from(adjacent, ([id, set]) => [id, Array.from(set).sort(byIndex)]));

  function shortestPath(start, goal, blockedNodes, blockedSteps) {
    const parent = new Map([[start, null]]);
    let frontier = [start];
    while (frontier.length) {
      const next = [];
      for (const node of frontier) {
        for (const other of ADJACENT.get(node) || []) {
          if (parent.has(other) || blockedNodes.has(other) || blockedSteps.has(node + "\u0000" + other)) continue;
          parent.set(other, node);
          if (other === goal) {
            const path = [goal];
            for (let at = node; at !== null; at = parent.get(at)) path.unshift(at);
            return path;
          }
          next.push(other);
        }
      }
      frontier = next;
    }
    return null;
  }

  function comparePaths(p, q) {
    if (p.length !== q.length) return p.length - q.length;
    for (let i = 0; i < p.length; i++) {
      const d = INDEX.get(p[i]) - INDEX.get(q[i]);
      if (d) return d;
    }
    return 0;
  }

  function referencePaths(from, to, most) {
    if (from === to || !ADJACENT.has(from) || !ADJACENT.has(to)) return [];
    const first = shortestPath(from, to, new Set(), new Set());
    if (!first) return [];
    const found = [first];
    const seen = new Set([first.join("\u0001")]);
    const candidates = [];
    while (found.length < most) {
      const last = found[found.length - 1];
      for (let i = 0; i < last.length - 1; i++) {
        const root = last.slice(0, i + 1);
        const blockedSteps = new Set();
        found.forEach((p) => {
          if (p.length > i + 1 && root.every((id, j) => p[j] === id)) blockedSteps.add(p[i] + "\u0000" + p[i + 1]);
        });
        const spur = shortestPath(last[i], to, new Set(root.slice(0, i)), blockedSteps);
        if (!spur) continue;
        const path = root.slice(0, i).concat(spur);
        const key = path.join("\u0001");
        if (!seen.has(key)) {
          seen.add(key);
          candidates.push(path);
        }
      }
      if (!candidates.length) break;
      candidates.sort(comparePaths);
      found.push(candidates.shift());
    }
    return found;
  }

  // The edges drawn along one step of a path (a reference either way, or both).
  function stepEdges(a, b) {
    return [a + "\u0000" + b, b + "\u0000" + a].filter((k) => referenceEdges.has(k)).map((k) => referenceEdges.get(k));
  }

  function arrow(a, b) {
    const forth = references.has(a + "\u0000" + b);
    const back = references.has(b + "\u0000" + a);
    return forth && back ? "\u2194" : forth ? "\u2192" : "\u2190";
  }

  function findPaths(to) {
    if (!state.selected || !DETAILS.has(to) || to === state.selected) return;
    state.pathTo = to;
    state.paths = referencePaths(state.selected, to, MAX_PATHS);
    renderPanel(state.selected);
    apply();
    const shown = new Set([state.selected, to]);
    state.paths.forEach((path) => path.forEach((id) => shown.add(id)));
    network.fit({ nodes: Array.from(shown), animation: false, maxZoomLevel: FIT_MAX_SCALE });
  }

  function renderPaths(body) {
    const from = state.selected;
    const to = state.pathTo;
    const section = el("section", null, "paths");
    section.dataset.count = String(state.paths.length);
    const head = el("h3", "Paths to ");
    head.appendChild(nodeButton(to));
    section.appendChild(head);
    if (DETAILS.get(from).kind !== "concept" || DETAILS.get(to).kind !== "concept") {
      section.appendChild(el("p", "Paths run between glossary terms: pick two concepts.", "none"));
    } else if (!state.paths.length) {
      section.appendChild(el("p", "No reference path between " + DETAILS.get(from).label + " and "
        + DETAILS.get(to).label + ".", "none"));
    } else {
      section.appendChild(el("p", "Shortest first; \u2192 references, \u2190 is referenced by.", "more"));
      const ol = el("ol");
      state.paths.forEach((path) => {
        const li = el("li");
        li.dataset.path = JSON.stringify(path);
        path.forEach((id, i) => {
          if (i) li.appendChild(el("span", " " + arrow(path[i - 1], id) + " ", "arrow"));
          li.appendChild(nodeButton(id));
        });
        li.appendChild(el("span", " (" + (path.length - 1) + (path.length === 2 ? " step)" : " steps)"), "more"));
        ol.appendChild(li);
      });
      section.appendChild(ol);
    }
    const clear = el("button", "clear path", "clear");
    clear.type = "button";
    clear.addEventListener("click", () => select(from));
    section.appendChild(clear);
    body.appendChild(section);
  }

  // --- topic clusters ------------------------------------------------------------
  function topicButton(topic) {
    const b = el("button", topic.name, "node");
    b.type = "button";
    b.title = "show only this topic";
    b.addEventListener("click", () => showTopic(topic.number));
    return b;
  }

  const topicList = document.getElementById("topic-list");
  DATA.clusters.forEach((topic) => {
    const li = el("li");
    const b = el("button", null, "topic");
    b.type = "button";
    b.dataset.cluster = String(topic.number);
    b.setAttribute("aria-pressed", "false");
    const swatch = el("span", null, "swatch");
    swatch.style.background = topic.color;
    b.appendChild(swatch);
    b.appendChild(el("span", topic.name, "name"));
    b.appendChild(el("span", " " + topic.size, "more"));
    b.addEventListener("click", () => showTopic(state.cluster === topic.number ? 0 : topic.number));
    li.appendChild(b);
    topicList.appendChild(li);
  });
  if (!DATA.clusters.length) document.getElementById("topics").hidden = true;

  // Only one topic's concepts (and what they link to), or all again with 0.
  function showTopic(number) {
    state.cluster = CLUSTERS.has(number) ? number : 0;
    topicList.querySelectorAll("button").forEach((b) => {
      b.setAttribute("aria-pressed", String(Number(b.dataset.cluster) === state.cluster));
    });
    apply();
    fitVisible();
  }

  // Concepts take their topic's colour, or their kind's.
  const topicColours = new Map();
  DATA.nodes.forEach((n) => { if ((DETAILS.get(n.id).cluster || 0) > 0) topicColours.set(n.id, n.color); });
  function applyColours() {
    const [fill, border] = DATA.kind_colors.concept;
    const changes = [];
    topicColours.forEach((colour, id) => {
      if (state.colour === "cluster") {
        changes.push({ id: id, color: colour });
      } else {
        const d = DETAILS.get(id);
        changes.push({ id: id, color: {
          background: fill, border: d.orphan ? colour.border : border,
          highlight: { background: fill, border: colour.highlight.border },
        } });
      }
    });
    nodes.update(changes);
  }

  // --- labels: the most important that fit, never one over another -----------
  // vis-network's own labels are off (drawThreshold in html.py): it would
  // print every one, over each other. Here, after each drawing, labels are
  // placed in order of importance -- the selected term and the paths, then
  // topic names at the overview scale, then the selected term's neighbours,
  // then the others by size -- each only where its box meets no box placed
  // before, and a node's label only once the node is drawn big enough
  // (MIN_RADIUS), so more appear as you zoom in.
  const LABEL_FONT = "system-ui, -apple-system, \"Segoe UI\", sans-serif";
  const MIN_RADIUS = 5;  // on-screen radius, in CSS pixels, a node needs for its label
  const PAD = 2;  // around each label's box
  const CELL = 64;  // of the grid that finds the boxes near a new one
  const TOPIC_NAMES_UNTIL = 2.5;  // topic names show up to this many times the overview's scale
  const TOPIC_SPREAD = 62;  // a topic of n terms spreads over about this many canvas pixels times sqrt(n) (layout.py)
  const TOPIC_MIN_SPREAD = 36;  // the on-screen spread, in CSS pixels, a topic needs for its name
  const POS = new Map(DATA.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
  const BY_SIZE = IDS.slice().sort((a, b) => DETAILS.get(b).size - DETAILS.get(a).size);  // stable: ties keep data order
  const widths = new Map();
  let overviewScale = null;
  let labelled = [];  // the last drawing's labels: {key, text, font, box}
  const centroids = new Map();  // topic number -> {x, y, shown}: the middle of its shown concepts, how many

  function placeClusterNames() {
    centroids.clear();
    const sums = new Map();
    topicColours.forEach((_, id) => {
      if (hidden.get(id)) return;
      const number = DETAILS.get(id).cluster;
      const p = POS.get(id);
      const sum = sums.get(number) || { x: 0, y: 0, n: 0 };
      sum.x += p.x; sum.y += p.y; sum.n += 1;
      sums.set(number, sum);
    });
    sums.forEach((sum, number) => centroids.set(number, { x: sum.x / sum.n, y: sum.y / sum.n, shown: sum.n }));
  }

  function textWidth(ctx, font, text) {
    const key = font + "\n" + text;
    let width = widths.get(key);
    if (width === undefined) {
      ctx.font = font;
      width = ctx.measureText(text).width;
      widths.set(key, width);
    }
    return width;
  }

  // The scale at which the whole map fits the canvas, as vis-network's fit
  // computes it from the node positions: the overview, whatever the page
  // opened on (an address may open it zoomed onto a term).
  function fitScale(width, height) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    POS.forEach((p) => {
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    });
    const spanX = 1.1 * Math.max(maxX - minX, 1);
    const spanY = 1.1 * Math.max(maxY - minY, 1);
    return Math.min(1, width / spanX, height / spanY);
  }

  function drawLabels(ctx) {
    const scale = network.getScale();
    const origin = network.canvasToDOM({ x: 0, y: 0 });
    const canvas = ctx.canvas;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (overviewScale === null && width && height) overviewScale = fitScale(width, height);
    const grid = new Map();
    labelled = [];
    ctx.save();
    ctx.setTransform(canvas.width / (width || 1), 0, 0, canvas.height / (height || 1), 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";

    function fits(box) {
      if (box[2] < 0 || box[0] > width || box[3] < 0 || box[1] > height) return false;
      for (let gx = Math.floor(box[0] / CELL); gx <= Math.floor(box[2] / CELL); gx++) {
        for (let gy = Math.floor(box[1] / CELL); gy <= Math.floor(box[3] / CELL); gy++) {
          for (const other of grid.get(gx + "," + gy) || []) {
            if (box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3]) return false;
          }
        }
      }
      return true;
    }
    function keep(box) {
      for (let gx = Math.floor(box[0] / CELL); gx <= Math.floor(box[2] / CELL); gx++) {
        for (let gy = Math.floor(box[1] / CELL); gy <= Math.floor(box[3] / CELL); gy++) {
          const key = gx + "," + gy;
          if (!grid.has(key)) grid.set(key, []);
          grid.get(key).push(box);
        }
      }
    }
    // One label centred on x, its top at y, after a dot of ``swatch`` if
    // given; false when it does not fit.
    function label(key, text, size, weight, x, y, swatch) {
      const font = weight + " " + size + "px " + LABEL_FONT;
      const w = textWidth(ctx, font, text);
      const dot = swatch ? size * 0.8 : 0;
      const box = [x - w / 2 - dot - PAD, y - PAD, x + w / 2 + PAD, y + size * 1.25 + PAD];
      if (!fits(box)) return false;
      keep(box);
      const tx = x + dot / 2;
      ctx.font = font;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.92)";
      ctx.strokeText(text, tx, y);
      ctx.fillStyle = "#1b1b1b";
      ctx.fillText(text, tx, y);
      if (swatch) {
        ctx.beginPath();
        ctx.arc(tx - w / 2 - dot / 2, y + size * 0.6, size * 0.3, 0, 2 * Math.PI);
        ctx.fillStyle = swatch;
        ctx.fill();
        ctx.strokeStyle = "#ffffff";
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
      labelled.push({ key: key, text: text, font: font, box: box });
      return true;
    }
    const done = new Set();
    // A node's label goes below it, else above, else to its right or left.
    function nodeLabel(id, strong) {
      if (done.has(id) || hidden.get(id)) return;
      done.add(id);
      const d = DETAILS.get(id);
      const p = POS.get(id);
      const x = p.x * scale + origin.x;
      const y = p.y * scale + origin.y;
      const r = d.size * scale + 2;
      const size = (strong ? 13 : 12) + Math.min(4, Math.floor(d.size / 12));
      const weight = strong ? "bold" : "normal";
      const half = textWidth(ctx, weight + " " + size + "px " + LABEL_FONT, d.label) / 2 + PAD;
      const middle = y - size * 0.625;
      [[x, y + r], [x, y - r - size * 1.25], [x + r + half, middle], [x - r - half, middle]].some(
        ([lx, ly]) => label(id, d.label, size, weight, lx, ly, null));
    }

    const first = [];
    if (state.selected) first.push(state.selected);
    if (state.pathTo) first.push(state.pathTo);
    state.paths.forEach((path) => path.forEach((id) => first.push(id)));
    first.forEach((id) => nodeLabel(id, true));
    if (overviewScale !== null && scale < overviewScale * TOPIC_NAMES_UNTIL) {
      DATA.clusters.forEach((topic) => {
        const c = centroids.get(topic.number);
        // A topic is named once what is shown of it covers some room on the
        // screen (a local view may show one or two of its terms: no name).
        if (!c || c.shown < 3 || TOPIC_SPREAD * Math.sqrt(c.shown) * scale < TOPIC_MIN_SPREAD) return;
        const size = Math.round(Math.min(18, 12 + Math.sqrt(topic.size) / 2));
        label("topic:" + topic.number, topic.name, size, "bold", c.x * scale + origin.x,
          c.y * scale + origin.y - size / 2, topic.color);
      });
    }
    if (state.selected) neighbours(state.selected).forEach((id) => nodeLabel(id, false));
    for (const id of BY_SIZE) {
      if (DETAILS.get(id).size * scale < MIN_RADIUS) break;  // the rest are smaller still
      nodeLabel(id, false);
    }
    ctx.restore();
  }
  network.on("afterDrawing", drawLabels);

  // Paths are drawn as a broad band under the nodes and edges.
  network.on("beforeDrawing", (ctx) => {
    if (!state.paths.length) return;
    ctx.save();
    ctx.lineWidth = 10 / network.getScale();
    ctx.lineCap = "round";
    ctx.strokeStyle = "rgba(255, 170, 0, 0.45)";
    state.paths.forEach((path) => {
      ctx.beginPath();
      path.forEach((id, i) => {
        const p = POS.get(id);
        if (i) ctx.lineTo(p.x, p.y);
        else ctx.moveTo(p.x, p.y);
      });
      ctx.stroke();
    });
    ctx.restore();
  });
  network.on("dragEnd", (params) => {
    if (!params.nodes.length) return;
    const moved = network.getPositions(params.nodes);
    params.nodes.forEach((id) => { if (DETAILS.has(id) && own(moved, id)) POS.set(id, own(moved, id)); });
    placeClusterNames();
  });

  // --- search ----------------------------------------------------------------
  function rank(id) {
    const d = DETAILS.get(id);
    const terms = searchTerms.get(id);
    const exact = terms.includes(state.query) ? 0 : 1;
    const prefix = terms.some((t) => t.startsWith(state.query)) ? 0 : 1;
    return [exact, prefix, own(KIND_ORDER, d.kind), d.label.length, d.label];
  }

  function compareRanks(a, b) {
    for (let i = 0; i < a.length; i++) {
      if (a[i] < b[i]) return -1;
      if (a[i] > b[i]) return 1;
    }
    return 0;
  }

  function runSearch() {
    const raw = document.getElementById("search").value;
    state.query = fold(raw.trim());
    const results = document.getElementById("results");
    results.replaceChildren();
    if (!state.query) {
      results.hidden = true;
      apply();
      return;
    }
    const found = IDS.filter(matches).map((id) => [rank(id), id]).sort((a, b) => compareRanks(a[0], b[0]));
    found.slice(0, 30).forEach(([, id]) => {
      const li = el("li");
      const d = DETAILS.get(id);
      const b = el("button", d.label);
      b.type = "button";
      b.dataset.node = id;
      b.appendChild(el("small", " " + own(KIND_NAMES, d.kind), "more"));
      b.addEventListener("click", (event) => {
        results.hidden = true;
        if (event.shiftKey) pathFromSearch(id);
        else select(id, { focus: true });
      });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (!found.length) results.appendChild(el("li", "no match", "more"));
    results.hidden = false;
    // An exact match (a title in any language or a slug) is selected at once.
    if (found.length && found[0][0][0] === 0) {
      if (state.selected !== found[0][1]) beforeSearch = state.selected;
      select(found[0][1], { focus: true });
    }
    else apply();
  }

  // The term selected before the search box selected its exact match: with
  // Shift+Enter, the paths run from it.
  let beforeSearch = null;

  function pathFromSearch(to) {
    const from = state.selected === to ? beforeSearch : state.selected;
    if (!from || from === to || !DETAILS.has(from)) {
      select(to, { focus: true });
      return;
    }
    if (state.selected !== from) select(from);
    findPaths(to);
  }

  let searchTimer = null;
  const searchBox = document.getElementById("search");
  searchBox.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, IDS.length > 2000 ? 150 : 60);
  });
  // The list closes when focus leaves the search box and its results, so it
  // never covers the controls beneath it.
  document.querySelector(".search").addEventListener("focusout", (event) => {
    if (!event.currentTarget.contains(event.relatedTarget)) document.getElementById("results").hidden = true;
  });
  searchBox.addEventListener("focus", () => {
    if (state.query) document.getElementById("results").hidden = false;
  });
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      clearTimeout(searchTimer);
      runSearch();
      const first = document.querySelector("#results button");
      if (first && event.shiftKey) {
        document.getElementById("results").hidden = true;
        pathFromSearch(first.dataset.node);
      } else if (first) first.click();
    } else if (event.key === "Escape") {
      searchBox.value = "";
      runSearch();
    }
  });

  // --- controls --------------------------------------------------------------
  const localeSelect = document.getElementById("locale");
  DATA.locales.forEach((loc) => {
    const option = el("option", loc);
    option.value = loc;
    localeSelect.appendChild(option);
  });
  const tagSelect = document.getElementById("tag");
  DATA.tags.forEach(([id, label]) => {
    const option = el("option", label);
    option.value = id;
    tagSelect.appendChild(option);
  });
  localeSelect.addEventListener("change", () => { state.locale = localeSelect.value; apply(); });
  tagSelect.addEventListener("change", () => { state.tag = tagSelect.value; apply(); });
  document.getElementById("orphans").addEventListener("change", (event) => {
    state.orphans = event.target.checked;
    apply();
  });
  document.querySelectorAll("#kinds input").forEach((box) => {
    box.addEventListener("change", () => {
      if (box.checked) state.kinds.add(box.dataset.kind);
      else state.kinds.delete(box.dataset.kind);
      apply();
    });
  });
  const colourSelect = document.getElementById("colour");
  colourSelect.addEventListener("change", () => {
    state.colour = colourSelect.value === "kind" ? "kind" : "cluster";
    applyColours();
  });
  const depthSelect = document.getElementById("depth");
  depthSelect.addEventListener("change", () => {
    state.depth = Number(depthSelect.value);
    apply();
    fitVisible();
  });
  document.getElementById("reset").addEventListener("click", () => {
    searchBox.value = "";
    document.getElementById("results").hidden = true;
    localeSelect.value = "";
    tagSelect.value = "";
    depthSelect.value = "0";
    document.getElementById("orphans").checked = false;
    document.querySelectorAll("#kinds input").forEach((box) => { box.checked = true; });
    Object.assign(state, { query: "", locale: "", tag: "", orphans: false, depth: 0, cluster: 0 });
    showTopic(0);
    state.kinds = new Set(Object.keys(KIND_ORDER));
    select(null);
    fitVisible();
  });
  document.getElementById("close").addEventListener("click", () => select(null));
  network.on("click", (params) => {
    document.getElementById("results").hidden = true;
    const shift = Boolean(params.event && params.event.srcEvent && params.event.srcEvent.shiftKey);
    if (params.nodes.length) pick(params.nodes[0], shift);
    else select(null);
  });

  // --- URL hash: #<node id>[&depth=N][&to=<node id>] -------------------------
  function encodeId(id) {
    return encodeURIComponent(id).replace(/%3A/gi, ":").replace(/%2F/gi, "/");
  }

  let writtenHash = "";
  function writeHash() {
    let hash = state.selected ? encodeId(state.selected) : "";
    if (state.selected && state.depth > 0) hash += "&depth=" + state.depth;
    if (state.selected && state.pathTo) hash += "&to=" + encodeId(state.pathTo);
    if (hash === writtenHash) return;
    writtenHash = hash;
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function readHash() {
    const raw = location.hash.slice(1);
    if (raw === writtenHash) return;
    const parts = raw.split("&");
    let id = null;
    try { id = decodeURIComponent(parts[0]); } catch (err) { id = null; }
    let depth = 0;
    let to = null;
    parts.slice(1).forEach((part) => {
      const m = /^depth=([0-3])$/.exec(part);
      if (m) depth = Number(m[1]);
      if (part.startsWith("to=")) {
        try { to = decodeURIComponent(part.slice(3)); } catch (err) { to = null; }
      }
    });
    const known = DETAILS.has(id);
    state.depth = known ? depth : 0;
    depthSelect.value = String(state.depth);
    select(known ? id : null, { focus: true });
    if (known && DETAILS.has(to)) findPaths(to);
  }
  window.addEventListener("hashchange", readHash);

  network.once("afterDrawing", () => {
    document.body.dataset.ready = "1";
    performance.mark("graph-ready");
  });
  if (location.hash.length > 1) readHash();
  else apply();

  // For tests and the console.
  window.glossGraph = {
    network: network,
    nodes: nodes,
    state: state,
    select: select,
    visibleIds: () => IDS.filter((id) => !hidden.get(id)),
    labels: () => labelled.map((l) => ({ key: l.key, text: l.text, font: l.font, box: l.box.slice() })),
    paths: () => state.paths.map((p) => p.slice()),
    findPaths: findPaths,
    showTopic: showTopic,
  };
})();

/* The concept graph page: search, filters, local graph, side panel, URL hash.
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
    orphans: false, depth: 0, selected: null,
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
    b.addEventListener("click", () => select(id, { focus: true }));
    return b;
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
      return visible;
    }
    const satellites = [];
    IDS.forEach((id) => {
      const d = DETAILS.get(id);
      if (!passesKindAndLocale(id)) return;
      if (state.orphans && !(d.kind === "concept" && d.orphan)) return;
      if (state.query && !matches(id)) return;
      if (state.tag && d.kind === "concept" && !d.tag_ids.includes(state.tag)) return;
      if (state.tag && d.kind !== "concept" && id !== state.tag) { satellites.push(id); return; }
      visible.add(id);
    });
    // With a tag chosen: the concepts that carry it, the tag, and what those
    // concepts connect to.
    satellites.forEach((id) => {
      for (const n of neighbours(id)) {
        if (DETAILS.get(n).kind === "concept" && visible.has(n)) { visible.add(id); return; }
      }
    });
    if (state.selected) {
      visible.add(state.selected);
      if (state.query) neighbours(state.selected).forEach((id) => { if (passesKindAndLocale(id)) visible.add(id); });
    }
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
    highlight();
    const count = document.getElementById("count");
    count.textContent = visible.size + " of " + IDS.length + " nodes shown";
    count.dataset.visible = String(visible.size);
    writeHash();
    return visible;
  }

  function fitVisible() {
    const shown = IDS.filter((id) => !hidden.get(id));
    network.fit({ nodes: shown.length ? shown : IDS, animation: false });
  }

  // --- selection and panel ---------------------------------------------------
  function select(id, options) {
    if (id && !DETAILS.has(id)) id = null;
    state.selected = id;
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
    if (d.orphan) body.appendChild(el("span", "orphan: nothing references it", "flag"));
    if (d.orphaned_translation) body.appendChild(el("span", "translation without an en-US entry", "flag"));
    body.appendChild(el("p", "Referenced by " + d.inbound + (d.page_refs ? " (" + d.page_refs + " of them site pages)" : "")));
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
      b.addEventListener("click", () => { results.hidden = true; select(id, { focus: true }); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (!found.length) results.appendChild(el("li", "no match", "more"));
    results.hidden = false;
    // An exact match (a title in any language or a slug) is selected at once.
    if (found.length && found[0][0][0] === 0) select(found[0][1], { focus: true });
    else apply();
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
      if (first) first.click();
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
    Object.assign(state, { query: "", locale: "", tag: "", orphans: false, depth: 0 });
    state.kinds = new Set(Object.keys(KIND_ORDER));
    select(null);
    fitVisible();
  });
  document.getElementById("close").addEventListener("click", () => select(null));
  network.on("click", (params) => {
    document.getElementById("results").hidden = true;
    select(params.nodes.length ? params.nodes[0] : null);
  });

  // --- URL hash: #<node id>[&depth=N] ----------------------------------------
  function encodeId(id) {
    return encodeURIComponent(id).replace(/%3A/gi, ":").replace(/%2F/gi, "/");
  }

  let writtenHash = "";
  function writeHash() {
    let hash = state.selected ? encodeId(state.selected) : "";
    if (state.selected && state.depth > 0) hash += "&depth=" + state.depth;
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
    parts.slice(1).forEach((part) => {
      const m = /^depth=([0-3])$/.exec(part);
      if (m) depth = Number(m[1]);
    });
    const known = DETAILS.has(id);
    state.depth = known ? depth : 0;
    depthSelect.value = String(state.depth);
    select(known ? id : null, { focus: true });
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
  };
})();

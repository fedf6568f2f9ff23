/*
 * The search engine, in a Web Worker so that loading and querying never
 * block typing. A classic worker: lunr and lunr-languages are UMD scripts,
 * loaded with importScripts from the copies the build put in search/vendor/.
 *
 * The index comes in pieces (see plugins/search/wire.py): the manifest, then
 * only the term shards a query needs, from which it rebuilds a lunr.Index
 * (inverted index, field vectors, token set) that scores exactly as the one
 * lunr.py built; then only the result chunks of the page shown; the facet
 * table when the search page asks for facets.
 *
 * Messages in: {id, q, filters: {facet: [slug…]}, offset, limit, facets}.
 * Messages out: {id, total, results: [{kind, title, url, category, meta,
 * image}], facets: [{name, label, values: [[slug, label, count, chosen]]}],
 * words: [query words folded], stems: [their stems]} or {id, error}.
 */
"use strict";

var BASE = new URL(self.location.href).searchParams.get("index");
var KINDS = ["produit", "article"];
// Postings carry no positions: one shared empty metadata object for all of them.
var NO_METADATA = Object.freeze({});
var state = null;

function getJson(path) {
  return fetch(new URL(path, BASE)).then(function (response) {
    if (!response.ok) throw new Error(path + " : " + response.status);
    return response.json();
  });
}

function start() {
  return fetch(new URL("manifest.json", BASE), { cache: "no-cache" })
    .then(function (response) { return response.json(); })
    .then(function (manifest) {
      importScripts.apply(null, manifest.vendor.map(function (v) { return new URL(v, BASE).href; }));
      importScripts("search-french.js");
      return {
        manifest: manifest,
        keys: manifest.keys,
        shards: new Map(),
        chunks: new Map(),
        facets: null,
        invertedIndex: Object.create(null),
        vectors: Object.create(null),
        terms: [],
        index: null,
        dirty: true,
        last: null,
      };
    });
}

/** Shard numbers holding `term` (exact) or every term starting with it (prefix). */
function shardsFor(term, prefix) {
  var found = [];
  var longest = -1;
  state.keys.forEach(function (key, n) {
    if (term.startsWith(key) && (longest < 0 || key.length > state.keys[longest].length)) {
      longest = n;
    }
    if (prefix && key.length > term.length && key.startsWith(term)) found.push(n);
  });
  if (longest >= 0) found.push(longest);
  return found;
}

function neededShards(clauses) {
  var needed = new Set();
  clauses.forEach(function (clause) {
    var term, prefix = Boolean(clause.wildcard);
    if (clause.fuzzy) {
      term = MediSearchFrench.typoPrefix(clause.term);
      prefix = true;
    } else {
      term = clause.usePipeline ? MediSearchFrench.normalize(clause.term) : clause.term;
    }
    if (term) shardsFor(term, prefix).forEach(function (n) { needed.add(n); });
  });
  return Array.from(needed);
}

/** Add a shard's terms to the inverted index and the document vectors. */
function addShard(shard) {
  var fields = state.manifest.fields;
  shard.t.forEach(function (term, i) {
    var runs = shard.p[i];
    var termIndex = state.terms.length;
    var posting = { _index: termIndex };
    fields.forEach(function (field) { posting[field] = Object.create(null); });
    for (var at = 0; at < runs.length;) {
      var field = fields[runs[at]], count = runs[at + 1], doc = 0;
      at += 2;
      for (var k = 0; k < count; k++, at += 2) {
        doc += runs[at];
        posting[field][doc] = NO_METADATA;
        var ref = field + "/" + doc;
        var vector = state.vectors[ref] || (state.vectors[ref] = new lunr.Vector([]));
        vector.elements.push(termIndex, runs[at + 1] / 1000);
      }
    }
    state.invertedIndex[term] = posting;
    state.terms.push(term);
  });
  state.dirty = true;
}

function loadShards(numbers) {
  return Promise.all(numbers.map(function (n) {
    if (!state.shards.has(n)) {
      state.shards.set(n, getJson(state.manifest.shards[n]).then(addShard));
    }
    return state.shards.get(n);
  }));
}

function currentIndex() {
  if (state.dirty) {
    state.index = new lunr.Index({
      invertedIndex: state.invertedIndex,
      fieldVectors: state.vectors,
      tokenSet: lunr.TokenSet.fromArray(state.terms.slice().sort()),
      fields: state.manifest.fields,
      pipeline: MediSearchFrench.pipeline(),
    });
    state.dirty = false;
  }
  return state.index;
}

/**
 * [{doc, score, words}] for `q`, best first (see MediSearchFrench.search). The
 * last answer is kept: the facets, asked for right after the results, reuse it.
 */
function match(q) {
  var planned = MediSearchFrench.plan(q);
  if (!planned.length) return Promise.resolve([]);
  if (state.last && state.last.q === q) return state.last.found;
  var found = loadShards(neededShards(planned)).then(function () {
    return MediSearchFrench.search(currentIndex(), q);
  });
  state.last = { q: q, found: found };
  return found;
}

function loadFacets() {
  if (!state.facets) state.facets = state.manifest.facets ? getJson(state.manifest.facets) : Promise.resolve(null);
  return state.facets;
}

function valuesOf(column, doc) {
  var value = column[doc];
  if (value === undefined || value === -1) return [];
  return Array.isArray(value) ? value : [value];
}

/** Chosen values as numbers per facet; unknown slugs are ignored. */
function chosenNumbers(table, filters) {
  var chosen = {};
  Object.keys(filters || {}).forEach(function (facet) {
    if (!table || !table.values[facet]) return;
    var numbers = new Set();
    filters[facet].forEach(function (slug) {
      var n = table.values[facet].findIndex(function (v) { return v[0] === slug; });
      if (n >= 0) numbers.add(n);
    });
    if (numbers.size) chosen[facet] = numbers;
  });
  return chosen;
}

function keeps(table, chosen, doc, except) {
  return Object.keys(chosen).every(function (facet) {
    if (facet === except) return true;
    return valuesOf(table.products[facet], doc).some(function (n) { return chosen[facet].has(n); });
  });
}

/** Counts of each facet's values among matches kept by the other facets' filters. */
function facetCounts(table, chosen, docs) {
  return Object.keys(table.names).map(function (facet) {
    var counts = new Map();
    docs.forEach(function (doc) {
      if (!keeps(table, chosen, doc, facet)) return;
      valuesOf(table.products[facet], doc).forEach(function (n) {
        counts.set(n, (counts.get(n) || 0) + 1);
      });
    });
    var values = [];
    table.values[facet].forEach(function (value, n) {
      var isChosen = Boolean(chosen[facet] && chosen[facet].has(n));
      if (counts.has(n) || isChosen) values.push([value[0], value[1], counts.get(n) || 0, isChosen]);
    });
    return { name: facet, label: table.names[facet], values: values };
  }).filter(function (facet) { return facet.values.length; });
}

function rowsFor(docs) {
  var size = state.manifest.chunk;
  var numbers = Array.from(new Set(docs.map(function (doc) { return Math.floor(doc / size); })));
  return Promise.all(numbers.map(function (n) {
    if (!state.chunks.has(n)) state.chunks.set(n, getJson(state.manifest.chunks[n]));
    return state.chunks.get(n);
  })).then(function (chunks) {
    var byNumber = new Map(numbers.map(function (n, i) { return [n, chunks[i]]; }));
    return docs.map(function (doc) {
      var row = byNumber.get(Math.floor(doc / size))[doc % size];
      return {
        kind: KINDS[row[0]], title: row[1], url: row[2],
        category: state.manifest.labels[row[3]], meta: row[4], image: row[5] || "",
      };
    });
  });
}

function answer(request) {
  var filters = request.filters || {};
  var filtering = Object.keys(filters).some(function (f) { return filters[f].length; });
  var needTable = request.facets || filtering;
  return Promise.all([match(request.q || ""), needTable ? loadFacets() : null]).then(function (found) {
    var matches = found[0].map(function (m) { return m.doc; });
    var table = found[1];
    if (!matches.length && filtering && !MediSearchFrench.tokenize(request.q || "").length) {
      for (var doc = 0; doc < state.manifest.products; doc++) matches.push(doc);
    }
    var chosen = chosenNumbers(table, filters);
    var products = matches.filter(function (doc) { return doc < state.manifest.products; });
    var kept = filtering && table
      ? products.filter(function (doc) { return keeps(table, chosen, doc, null); })
      : matches;
    var offset = request.offset || 0;
    var limit = request.limit === undefined ? 20 : request.limit;
    var page = kept.slice(offset, offset + limit);
    return rowsFor(page).then(function (results) {
      var words = MediSearchFrench.tokenize(request.q || "").map(MediSearchFrench.fold);
      return {
        total: kept.length,
        results: results,
        facets: request.facets && table ? facetCounts(table, chosen, products) : null,
        words: words,
        stems: words.map(MediSearchFrench.normalize).filter(Boolean),
      };
    });
  });
}

var ready = null;
self.onmessage = function (event) {
  var request = event.data;
  ready = ready || start().then(function (loaded) { state = loaded; });
  ready
    .then(function () { return answer(request); })
    .then(function (reply) { reply.id = request.id; self.postMessage(reply); })
    .catch(function (error) { self.postMessage({ id: request.id, error: String(error) }); });
};

/*
 * The search engine, in a Web Worker so that loading and querying never
 * block typing. A classic worker: lunr and lunr-languages are UMD scripts,
 * loaded with importScripts from the copies the build put in search/vendor/.
 *
 * The index comes in pieces (see plugins/search/wire.py): the manifest, then
 * only the term shards a query needs, then only the result chunks of the page
 * shown, and the facet table when the search page asks for facets.
 *
 * Queries are scored here, straight from the shards' posting runs, with the
 * arithmetic of lunr.Index#query (per field: the dot product of the query
 * vector, boosts summed per term, with the document's field vector, divided
 * by the query vector's length; summed over fields), so Python (lunr.py) and
 * the browser rank alike, which the round-trip test checks. lunr.Index#query
 * builds match-data objects for every matching field of every document: at
 * 50,000 products « sté » matches 10,000 documents, which lunr took 100 ms to
 * score; typed arrays take a few.
 *
 * Messages in: {id, q, filters: {facet: [slug…]}, offset, limit, facets}.
 * Messages out: {id, total, results: [{kind, title, url, category, meta,
 * image}], facets: [{name, label, values: [[slug, label, count, chosen]]}],
 * words: [query words folded], stems: [their stems]} or {id, error}.
 */
"use strict";

var BASE = new URL(self.location.href).searchParams.get("index");
var KINDS = ["produit", "article"];
// Prefetching after a reply (see prefetch): rows of this many results, the
// shards of a word of PREFETCH_FROM letters or more when at most
// PREFETCH_SHARDS are missing,
var PREFETCH_ROWS = 200, PREFETCH_FROM = 2, PREFETCH_SHARDS = 16;
// and the PREFETCH_CHUNKS result chunks holding most names of its
// PREFETCH_COMPLETIONS most frequent completions (see likelyChunks).
var PREFETCH_COMPLETIONS = 8, PREFETCH_CHUNKS = 2;
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
      var fields = manifest.fields;
      return {
        manifest: manifest,
        keys: manifest.keys,
        short: new Set(manifest.short),
        nameFields: MediSearchFrench.PREFIX_FIELDS.map(function (f) { return fields.indexOf(f); }),
        shards: new Map(),
        chunks: new Map(),
        facets: null,
        postings: new Map(),
        frequencies: new Map(),
        sorted: [],
        near: new Map(),
        last: null,
      };
    });
}

/**
 * Shard numbers holding `term` (exact) or every term starting with it that
 * the word may expand to (prefix): for a word without digits, not the shards
 * whose key goes on with a digit, which hold only references (french.wordy).
 */
function shardsFor(term, prefix) {
  var found = [];
  var longest = -1;
  var letters = !MediSearchFrench.DIGIT.test(term);
  state.keys.forEach(function (key, n) {
    if (term.startsWith(key) && (longest < 0 || key.length > state.keys[longest].length)) {
      longest = n;
    }
    if (prefix && key.length > term.length && key.startsWith(term) &&
        !(letters && MediSearchFrench.DIGIT.test(key.slice(term.length)))) {
      found.push(n);
    }
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
      if (term && !prefix && term.length <= state.manifest.shortUpTo && !state.short.has(term)) {
        term = null; // not indexed: the manifest lists every term this short
      }
    }
    if (term) shardsFor(term, prefix).forEach(function (n) { needed.add(n); });
  });
  return Array.from(needed);
}

/** Two sorted term lists as one. */
function merged(a, b) {
  var out = new Array(a.length + b.length);
  var i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] < b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Keep a shard's posting runs as they came, by term, and its terms in the sorted list. */
function addShard(shard) {
  shard.t.forEach(function (term, i) { state.postings.set(term, shard.p[i]); });
  state.sorted = merged(state.sorted, shard.t);
}

function loadShards(numbers) {
  return Promise.all(numbers.map(function (n) {
    return cached(state.shards, n, function () { return getJson(state.manifest.shards[n]).then(addShard); });
  }));
}

/** Loaded terms starting with `prefix`, in order (binary search in the sorted list). */
function startingWith(prefix) {
  var terms = state.sorted, low = 0, high = terms.length;
  while (low < high) {
    var middle = (low + high) >>> 1;
    if (terms[middle] < prefix) low = middle + 1; else high = middle;
  }
  var end = low;
  while (end < terms.length && terms[end].startsWith(prefix)) end++;
  return terms.slice(low, end);
}

/**
 * Documents whose names, brands, references or tags hold `term` (read from
 * the run headers), remembered: « sté » asks it of 8,000 terms at each letter.
 */
function nameFrequency(term) {
  var total = state.frequencies.get(term);
  if (total !== undefined) return total;
  var runs = state.postings.get(term);
  total = 0;
  for (var at = 0; at < runs.length; at += 2 + 2 * runs[at + 1]) {
    if (state.nameFields.indexOf(runs[at]) >= 0) total += runs[at + 1];
  }
  state.frequencies.set(term, total);
  return total;
}

/**
 * Terms one typo from `stemmed`. All share its first letters, so a token set
 * of the loaded terms with those letters will do (building it for 8,000
 * « ste… » references takes milliseconds). Terms are only ever added, so
 * the set stays good while as many terms start with those letters: a shard
 * of other words arriving meanwhile does not make it build again.
 */
function typoMatches(stemmed) {
  var start = stemmed.slice(0, MediSearchFrench.FUZZY_KEEP);
  var terms = startingWith(start);
  var near = state.near.get(start);
  if (!near || near.count !== terms.length) {
    near = { count: terms.length, set: terms.length ? lunr.TokenSet.fromArray(terms) : null };
    state.near.set(start, near);
  }
  return near.set ? near.set.intersect(MediSearchFrench.typoSet(stemmed)).toArray() : [];
}

var LEXICON = { startingWith: startingWith, nameFrequency: nameFrequency, typoMatches: typoMatches };

/**
 * The query's index terms, each with its boost per field (summed over its
 * clauses, as lunr's query vectors do), the fields it is looked up in, and
 * the query words it stands for.
 */
function queryTerms(clauses) {
  var fields = state.manifest.fields;
  var lookups = MediSearchFrench.lookupTerms(clauses);
  var terms = new Map();
  clauses.forEach(function (clause, n) {
    var term = lookups[n];
    if (term === null || !state.postings.has(term)) return;
    var entry = terms.get(term);
    if (!entry) {
      entry = { runs: state.postings.get(term), boosts: new Float64Array(fields.length), words: new Set() };
      terms.set(term, entry);
    }
    (clause.fields || fields).forEach(function (field) { entry.boosts[fields.indexOf(field)] += clause.boost; });
    entry.words.add(clause.word);
  });
  return Array.from(terms.values());
}

/**
 * The documents matching the query, best first, as french.search ranks them:
 * more query words matched first, then lunr's score, then the catalog order.
 */
function rank(text) {
  var terms = queryTerms(MediSearchFrench.clauses(LEXICON, text));
  var count = state.manifest.count;
  var fieldCount = state.manifest.fields.length;
  var score = new Float64Array(count);
  var matched = new Uint8Array(count);
  var docs = [];
  var dot = new Float64Array(count);
  var inField = new Int8Array(count);
  for (var field = 0; field < fieldCount; field++) {
    var length = 0;
    terms.forEach(function (entry) { length += entry.boosts[field] * entry.boosts[field]; });
    if (!length) continue;
    length = Math.sqrt(length);
    var seen = [];
    terms.forEach(function (entry) {
      var boost = entry.boosts[field], runs = entry.runs;
      if (!boost) return;
      for (var at = 0; at < runs.length; at += 2 + 2 * runs[at + 1]) {
        if (runs[at] !== field) continue;
        for (var k = 0, doc = 0, p = at + 2; k < runs[at + 1]; k++, p += 2) {
          doc += runs[p];
          if (inField[doc] !== field + 1) { inField[doc] = field + 1; dot[doc] = 0; seen.push(doc); }
          dot[doc] += boost * (runs[p + 1] / 1000);
        }
      }
    });
    seen.forEach(function (doc) {
      if (!matched[doc]) { matched[doc] = 1; docs.push(doc); }
      score[doc] += dot[doc] / length;
    });
  }
  var words = coveredWords(terms, count);
  return docs.sort(function (a, b) { return words[b] - words[a] || score[b] - score[a] || a - b; });
}

/** Per document, how many query words its matched terms stand for (french.coverage). */
function coveredWords(terms, count) {
  var covered = new Uint16Array(count);
  var last = new Int32Array(count);
  var byWord = new Map();
  terms.forEach(function (entry) {
    entry.words.forEach(function (word) {
      if (!byWord.has(word)) byWord.set(word, []);
      byWord.get(word).push(entry);
    });
  });
  byWord.forEach(function (entries, word) {
    entries.forEach(function (entry) {
      var runs = entry.runs;
      for (var at = 0; at < runs.length; at += 2 + 2 * runs[at + 1]) {
        if (!entry.boosts[runs[at]]) continue;
        for (var k = 0, doc = 0, p = at + 2; k < runs[at + 1]; k++, p += 2) {
          doc += runs[p];
          if (last[doc] !== word + 1) { last[doc] = word + 1; covered[doc]++; }
        }
      }
    });
  });
  return covered;
}

/**
 * The documents matching `q`, best first. The last answer is kept: the
 * facets, asked for right after the results, reuse it.
 */
function match(q) {
  var planned = MediSearchFrench.plan(q);
  if (!planned.length) return Promise.resolve([]);
  if (state.last && state.last.q === q) return state.last.found;
  var found = loadShards(neededShards(planned)).then(function () { return rank(q); });
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

/** A file of the index, fetched once; a failed fetch is forgotten, to be tried again. */
function cached(cache, n, load) {
  if (!cache.has(n)) {
    cache.set(n, load().catch(function (error) { cache.delete(n); throw error; }));
  }
  return cache.get(n);
}

function loadChunks(numbers) {
  return Promise.all(numbers.map(function (n) {
    return cached(state.chunks, n, function () { return getJson(state.manifest.chunks[n]); });
  }));
}

function chunkNumbers(docs) {
  var size = state.manifest.chunk;
  return Array.from(new Set(docs.map(function (doc) { return Math.floor(doc / size); })));
}

function rowsFor(docs) {
  var size = state.manifest.chunk;
  var numbers = chunkNumbers(docs);
  return loadChunks(numbers).then(function (chunks) {
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

/**
 * Once a reply is sent, while the person types the next letter: fetch the
 * rows of the next results (the next keystroke mostly reorders the same
 * documents) and, for a word of two letters or more, the shards of every
 * term it begins (what its next letter will look up), if they are few.
 * Network time then falls between keystrokes instead of inside them.
 */
function prefetch(ahead) {
  var work = [loadChunks(chunkNumbers(ahead.docs))];
  var words = MediSearchFrench.tokenize(ahead.q);
  var last = words.length ? MediSearchFrench.fold(words[words.length - 1]) : "";
  if (last.length >= PREFETCH_FROM) {
    // (shardsFor leaves out the references' shards for a word without digits.)
    var missing = shardsFor(last, true).filter(function (n) { return !state.shards.has(n); });
    if (missing.length <= PREFETCH_SHARDS) {
      work.push(loadShards(missing).then(function () { return loadChunks(likelyChunks(last)); }));
    }
  }
  return Promise.all(work).catch(function () { /* the next query will ask again */ });
}

/**
 * The chunks most of the names completing `word` live in: the next letter
 * narrows the query to some of these words (« auto » → « autoclave »), and
 * its first results are most often in these rows, not in the next rows of
 * the current results.
 */
function likelyChunks(word) {
  var size = state.manifest.chunk;
  var counts = new Map();
  MediSearchFrench.completions(LEXICON, word).slice(0, PREFETCH_COMPLETIONS).forEach(function (term) {
    var runs = state.postings.get(term);
    for (var at = 0; at < runs.length; at += 2 + 2 * runs[at + 1]) {
      if (state.nameFields.indexOf(runs[at]) < 0) continue;
      for (var k = 0, doc = 0, p = at + 2; k < runs[at + 1]; k++, p += 2) {
        doc += runs[p];
        var n = Math.floor(doc / size);
        counts.set(n, (counts.get(n) || 0) + 1);
      }
    }
  });
  return Array.from(counts.keys())
    .filter(function (n) { return !state.chunks.has(n); })
    .sort(function (a, b) { return counts.get(b) - counts.get(a) || a - b; })
    .slice(0, PREFETCH_CHUNKS);
}

function answer(request) {
  var filters = request.filters || {};
  var filtering = Object.keys(filters).some(function (f) { return filters[f].length; });
  var needTable = request.facets || filtering;
  return Promise.all([match(request.q || ""), needTable ? loadFacets() : null]).then(function (found) {
    var matches = found[0].slice();
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
      var reply = {
        total: kept.length,
        results: results,
        facets: request.facets && table ? facetCounts(table, chosen, products) : null,
        words: words,
        stems: words.map(MediSearchFrench.normalize).filter(Boolean),
      };
      var ahead = limit ? { q: request.q || "", docs: kept.slice(offset, offset + PREFETCH_ROWS) } : null;
      return { reply: reply, ahead: ahead };
    });
  });
}

var ready = null;
self.onmessage = function (event) {
  var request = event.data;
  ready = ready || start().then(function (loaded) { state = loaded; });
  ready
    .then(function () { return answer(request); })
    .then(function (answered) {
      answered.reply.id = request.id;
      self.postMessage(answered.reply);
      if (answered.ahead) prefetch(answered.ahead);
    })
    .catch(function (error) { self.postMessage({ id: request.id, error: String(error) }); });
};

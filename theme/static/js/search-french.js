/*
 * The French text pipeline of the search, mirror of plugins/search/french.py.
 *
 * A classic script (not a module) because it runs where lunr runs: in the
 * search worker, loaded by importScripts after lunr and lunr-languages, and
 * in Node for the tests that prove Python and the browser agree. It needs
 * `lunr` with `lunr.fr` registered (stopWordFilter-fr, accentFold-fr,
 * stemmer-fr), and publishes `MediSearchFrench` on the global object.
 */
(function (root) {
  "use strict";

  var lunr = root.lunr;
  var SEPARATOR = /[^\p{L}\p{N}]+/u;
  var DIGIT = /\d/;
  var EXACT_BOOST = 10, PREFIX_BOOST = 3, FUZZY_BOOST = 1;
  var PREFIX_MIN = 3, FUZZY_MIN = 6, FUZZY_KEEP = 3, TRUNCATE = 4;
  var PREFIX_FIELDS = ["title", "ref", "brand", "tags"];
  var PREFIX_TERMS = 30;

  /** Lower-cased words of `text`, split on anything that is not a letter or a digit. */
  function tokenize(text) {
    return String(text).normalize("NFC").toLowerCase().split(SEPARATOR).filter(Boolean);
  }

  /** lunr-languages' accent folding (é → e, œ → oe), the same table as the index. */
  function fold(term) {
    return lunr.fr.accentFoldTerm(term);
  }

  function isStopWord(word) {
    return lunr.fr.stopWordFilter(new lunr.Token(word)) === undefined;
  }

  /** The pipeline: a stop word gives null, any other word its folded stem. */
  function normalize(word) {
    if (isStopWord(word)) return null;
    return lunr.fr.stemmer(new lunr.Token(fold(word))).toString();
  }

  /** The pipeline every index built by lunr.py declares, by the same labels. */
  function pipeline() {
    var result = new lunr.Pipeline();
    result.add(lunr.fr.stopWordFilter, lunr.fr.accentFold, lunr.fr.stemmer);
    return result;
  }

  /** Query clauses before typo expansion, exactly as french.plan builds them in Python. */
  function plan(text) {
    var words = tokenize(text);
    var clauses = [];
    words.forEach(function (word, position) {
      clauses.push({ term: word, boost: EXACT_BOOST, usePipeline: true, word: position });
      var folded = fold(word);
      if (position === words.length - 1 && folded.length >= PREFIX_MIN) {
        clauses.push({
          term: folded, boost: PREFIX_BOOST, usePipeline: false,
          wildcard: lunr.Query.wildcard.TRAILING, fields: PREFIX_FIELDS, word: position,
        });
        for (var end = Math.max(PREFIX_MIN, folded.length - TRUNCATE); end < folded.length; end++) {
          clauses.push({
            term: folded.slice(0, end), boost: PREFIX_BOOST, usePipeline: false,
            fields: PREFIX_FIELDS, word: position,
          });
        }
      }
      if (word.length >= FUZZY_MIN && !DIGIT.test(word)) {
        clauses.push({ term: word, boost: FUZZY_BOOST, usePipeline: true, fuzzy: true, word: position });
      }
    });
    return clauses;
  }

  /** Terms one edit away from `stemmed` keeping its first FUZZY_KEEP letters (french.typo_set). */
  function typoSet(stemmed) {
    var node = lunr.TokenSet.fromFuzzyString(stemmed.slice(FUZZY_KEEP), 1);
    stemmed.slice(0, FUZZY_KEEP).split("").reverse().forEach(function (letter) {
      var parent = new lunr.TokenSet();
      parent.edges[letter] = node;
      node = parent;
    });
    return node;
  }

  /**
   * What `clauses` asks of the index it expands a query against: the terms
   * starting with a prefix, how many documents' names hold a term, the terms
   * one typo away from a stem. The worker answers from its own term store;
   * this adapter answers from a lunr.Index (one loaded with Index.load).
   */
  function lunrLexicon(index) {
    return {
      startingWith: function (prefix) {
        return index.tokenSet.intersect(lunr.TokenSet.fromString(prefix + "*")).toArray();
      },
      nameFrequency: function (term) {
        var posting = index.invertedIndex[term];
        return PREFIX_FIELDS.reduce(function (sum, field) {
          return sum + (posting[field] ? Object.keys(posting[field]).length : 0);
        }, 0);
      },
      typoMatches: function (stemmed) {
        return index.tokenSet.intersect(typoSet(stemmed)).toArray();
      },
    };
  }

  /** Of `terms`, those a word may expand to: without digits for a word without (french.wordy). */
  function wordy(word, terms) {
    return DIGIT.test(word) ? terms : terms.filter(function (term) { return !DIGIT.test(term); });
  }

  /** Terms starting with `prefix`, the PREFIX_TERMS most frequent in names (french.completions). */
  function completions(lexicon, prefix) {
    var terms = wordy(prefix, lexicon.startingWith(prefix));
    var frequency = new Map(terms.map(function (term) { return [term, lexicon.nameFrequency(term)]; }));
    return terms
      .sort(function (a, b) { return frequency.get(b) - frequency.get(a) || (a < b ? -1 : a > b ? 1 : 0); })
      .slice(0, PREFIX_TERMS);
  }

  /**
   * `plan` with each prefix and fuzzy clause replaced by one clause per term,
   * a word's own stem looked up once, by its exact clause (french.clauses).
   * `source` is a lunr.Index or a lexicon (see lunrLexicon).
   */
  function clauses(source, text) {
    var lexicon = source instanceof lunr.Index ? lunrLexicon(source) : source;
    var result = [];
    var stems = {};
    plan(text).forEach(function (clause) {
      var terms;
      if (clause.usePipeline && !clause.fuzzy) {
        stems[clause.word] = normalize(clause.term);
        result.push(clause);
        return;
      }
      if (clause.wildcard) {
        terms = completions(lexicon, clause.term);
      } else if (clause.fuzzy) {
        var stemmed = normalize(clause.term);
        if (!stemmed || stemmed.length <= FUZZY_KEEP) return;
        terms = wordy(stemmed, lexicon.typoMatches(stemmed));
      } else {
        terms = [clause.term];
      }
      terms.forEach(function (term) {
        if (term === stems[clause.word]) return;
        var expanded = { term: term, boost: clause.boost, usePipeline: false, word: clause.word };
        if (clause.fields) expanded.fields = clause.fields;
        result.push(expanded);
      });
    });
    return result;
  }

  /** How many query words the matched index terms of a document stand for. */
  function coverage(queryClauses, lookups, metadata) {
    var covered = new Set();
    queryClauses.forEach(function (clause, n) {
      if (lookups[n] !== null && lookups[n] in metadata) covered.add(clause.word);
    });
    return covered.size;
  }

  /** The index term each clause looks up: what `coverage` compares, what the worker scores. */
  function lookupTerms(queryClauses) {
    return queryClauses.map(function (c) { return c.usePipeline ? normalize(c.term) : c.term; });
  }

  /**
   * [{doc, score}] for `text`, best first, as french.search ranks them: more
   * query words matched first, then lunr's score, then the catalog order.
   */
  function search(index, text) {
    var queryClauses = clauses(index, text);
    if (!queryClauses.length) return [];
    var lookups = lookupTerms(queryClauses);
    return index
      .query(function (query) {
        queryClauses.forEach(function (clause) {
          var copy = Object.assign({}, clause);
          if (copy.fields) copy.fields = copy.fields.slice();
          query.clause(copy);
        });
      })
      .map(function (result) {
        return {
          doc: Number(result.ref),
          score: result.score,
          words: coverage(queryClauses, lookups, result.matchData.metadata),
        };
      })
      .sort(function (a, b) { return b.words - a.words || b.score - a.score || a.doc - b.doc; });
  }

  /** The start a typo may not change: the shards of a fuzzy clause hold terms with it. */
  function typoPrefix(word) {
    var stemmed = normalize(word);
    return stemmed && stemmed.length > FUZZY_KEEP ? stemmed.slice(0, FUZZY_KEEP) : null;
  }

  root.MediSearchFrench = {
    tokenize: tokenize, fold: fold, normalize: normalize, pipeline: pipeline, plan: plan,
    clauses: clauses, lookupTerms: lookupTerms, search: search, typoPrefix: typoPrefix,
    typoSet: typoSet, completions: completions, FUZZY_KEEP: FUZZY_KEEP,
    PREFIX_FIELDS: PREFIX_FIELDS, DIGIT: DIGIT,
  };
})(typeof self !== "undefined" ? self : globalThis);

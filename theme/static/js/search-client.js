/**
 * The one search worker of the page, shared by the header suggestions and the
 * search page, and the helpers both display results with.
 *
 * The page says where the search data lives on the script tag that loads the
 * suggestions (`data-search-index`, `data-site`), so that SITEURL stays a
 * template concern. The worker starts on first use: pages where nobody
 * searches download nothing.
 */

const tag = document.querySelector("script[data-search-index]");
const INDEX = new URL(tag ? tag.dataset.searchIndex : "/search/", document.baseURI).href;
const SITE = new URL(tag ? tag.dataset.site : "/", document.baseURI).href;

let worker = null;
let nextId = 0;
const pending = new Map();

function start() {
  const url = new URL("search-worker.js", import.meta.url);
  url.searchParams.set("index", INDEX);
  worker = new Worker(url);
  worker.onmessage = (event) => {
    const reply = event.data;
    const settle = pending.get(reply.id);
    pending.delete(reply.id);
    if (settle) settle(reply);
  };
}

/**
 * Ask the worker; resolves with its reply ({total, results, facets, words,
 * stems}) or rejects with its error.
 */
export function search(request) {
  if (!worker) start();
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    pending.set(id, (reply) => (reply.error ? reject(new Error(reply.error)) : resolve(reply)));
    worker.postMessage({ ...request, id });
  });
}

/** Absolute address of a site path from the search data (`catalogue/produits/x/`). */
export function siteUrl(path) {
  return new URL(path, SITE).href;
}

function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
}

/**
 * `text` as DOM nodes, with every word that starts with a query word or its
 * stem wrapped in <mark>. Built with text nodes: titles are supplier text.
 */
export function highlight(text, reply) {
  const fragment = document.createDocumentFragment();
  const starts = [...reply.words, ...reply.stems].filter((w) => w.length >= 2);
  const parts = text.split(/([\p{L}\p{N}]+)/u);
  for (const part of parts) {
    const word = fold(part.toLowerCase());
    if (part && starts.some((start) => word.startsWith(start))) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      fragment.append(mark);
    } else if (part) {
      fragment.append(part);
    }
  }
  return fragment;
}

export const KIND_LABELS = { produit: "Produit", article: "Article" };

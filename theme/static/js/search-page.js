/**
 * The search page (« Recherche »): results as you type, best first, product
 * facets whose counts follow the other filters, and the state (query and
 * filters) in the address, so that a search can be shared and the back
 * button returns to the previous one. Typing replaces the current history
 * entry after the first keystroke; submitting and filtering add one.
 *
 * Without JavaScript the same page shows the form and links to the catalog
 * and blog categories; this module only reveals and fills the results area.
 */

import { KIND_LABELS, highlight, search, siteUrl } from "./search-client.js";

const PAGE_SIZE = 20;
const DELAY_MS = 120;
const FACETS = ["categorie", "marque", "fournisseur", "etat", "prix", "financement"];
const NUMBER = new Intl.NumberFormat("fr-FR");

const form = document.querySelector("form[data-search-page]");
const input = form.querySelector("input[name=q]");
const status = document.getElementById("search-page-status");
const facetsBox = form.querySelector("[data-search-facets]");
const area = form.querySelector("[data-search-area]");
const list = area.querySelector("[data-search-results]");
const more = area.querySelector("[data-search-more]");
const empty = document.querySelector("[data-search-empty]");
const baseTitle = document.title;

let state = readAddress();
let shown = 0;
let ticket = 0;
let typing = false;
let timer = 0;

function readAddress() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const facet of FACETS) {
    const values = params.getAll(facet).filter(Boolean);
    if (values.length) filters[facet] = values;
  }
  return { q: params.get("q") || "", filters };
}

function address() {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set("q", state.q.trim());
  for (const facet of FACETS) {
    for (const value of state.filters[facet] || []) params.append(facet, value);
  }
  const query = params.toString();
  return `${window.location.pathname}${query ? `?${query}` : ""}`;
}

function remember(push) {
  const next = address();
  if (next === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", next);
  else window.history.replaceState(null, "", next);
}

function plural(count, word) {
  return `${NUMBER.format(count)} ${word}${count > 1 ? "s" : ""}`;
}

function describe(total, query) {
  if (!query) return `${plural(total, "produit")} pour ces filtres.`;
  if (!total) return `Aucun résultat pour « ${query} ».`;
  return `${plural(total, "résultat")} pour « ${query} », du plus pertinent au moins pertinent.`;
}

function resultItem(result, reply) {
  const item = document.createElement("li");
  item.className = `search-result search-result--${result.kind}`;
  if (result.image) {
    const image = document.createElement("img");
    image.className = "search-result__image";
    image.src = siteUrl(result.image);
    image.alt = "";
    image.width = 64;
    image.height = 64;
    image.loading = "lazy";
    item.append(image);
  }
  const body = document.createElement("div");
  body.className = "search-result__body";
  const kicker = document.createElement("p");
  kicker.className = "search-result__kicker";
  const kind = document.createElement("span");
  kind.className = "search-result__type";
  kind.textContent = KIND_LABELS[result.kind];
  kicker.append(kind, ` · ${result.category}`);
  const heading = document.createElement("h3");
  heading.className = "search-result__title";
  const link = document.createElement("a");
  link.href = siteUrl(result.url);
  link.append(highlight(result.title, reply));
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "search-result__meta";
  meta.textContent = result.kind === "article" ? `Publié le ${result.meta}` : result.meta;
  body.append(kicker, heading, meta);
  item.append(body);
  return item;
}

function facetGroup(facet) {
  const group = document.createElement("fieldset");
  group.className = "search-facet";
  const legend = document.createElement("legend");
  legend.textContent = facet.label;
  const options = document.createElement("ul");
  for (const [slug, label, count, chosen] of facet.values) {
    const item = document.createElement("li");
    const choice = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = facet.name;
    box.value = slug;
    box.checked = chosen;
    const counter = document.createElement("span");
    counter.className = "search-facet__count";
    counter.textContent = `(${NUMBER.format(count)})`;
    choice.append(box, ` ${label} `, counter);
    item.append(choice);
    options.append(item);
  }
  group.append(legend, options);
  return group;
}

function renderFacets(facets) {
  facetsBox.removeAttribute("aria-busy");
  if (!facets || !facets.length) {
    facetsBox.hidden = true;
    facetsBox.replaceChildren();
    return;
  }
  const focused = document.activeElement;
  const refocus = facetsBox.contains(focused) ? [focused.name, focused.value] : null;
  const panel = document.createElement("details");
  panel.className = "search-facets";
  panel.open = window.matchMedia("(min-width: 48rem)").matches || Boolean(refocus) ||
    Object.keys(state.filters).length > 0;
  const summary = document.createElement("summary");
  summary.textContent = "Filtrer les produits";
  panel.append(summary, ...facets.map(facetGroup));
  facetsBox.replaceChildren(panel);
  facetsBox.hidden = false;
  if (refocus) {
    const again = [...facetsBox.querySelectorAll("input")].find(
      (box) => box.name === refocus[0] && box.value === refocus[1],
    );
    if (again) again.focus();
  }
}

async function run(append = false) {
  const mine = ++ticket;
  const query = state.q.trim();
  const filtering = Object.keys(state.filters).length > 0;
  document.title = query ? `« ${query} » — ${baseTitle}` : baseTitle;
  facetsBox.setAttribute("aria-busy", "true");
  if (!query && !filtering) {
    facetsBox.removeAttribute("aria-busy");
    list.replaceChildren();
    area.hidden = facetsBox.hidden = empty.hidden = true;
    status.textContent = "";
    return;
  }
  const offset = append ? shown : 0;
  let reply;
  try {
    reply = await search({ q: query, filters: state.filters, offset, limit: PAGE_SIZE });
  } catch (error) {
    if (mine === ticket) status.textContent = "La recherche est indisponible pour le moment.";
    console.error("Recherche indisponible :", error);
    return;
  }
  if (mine !== ticket) return;
  if (!append) list.replaceChildren();
  list.append(...reply.results.map((result) => resultItem(result, reply)));
  shown = offset + reply.results.length;
  more.parentElement.hidden = shown >= reply.total;
  area.hidden = reply.total === 0;
  empty.hidden = reply.total !== 0;
  status.textContent = describe(reply.total, query);
  if (!append) await showFacets(mine, query);
}

/** Facets come second: the results do not wait for the facet table to download. */
async function showFacets(mine, query) {
  try {
    const reply = await search({ q: query, filters: state.filters, limit: 0, facets: true });
    if (mine === ticket) renderFacets(reply.facets);
  } catch (error) {
    console.error("Filtres indisponibles :", error);
  }
}

input.value = state.q;
input.addEventListener("input", () => {
  state.q = input.value;
  remember(!typing);
  typing = true;
  clearTimeout(timer);
  timer = setTimeout(() => run(), DELAY_MS);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  state.q = input.value;
  remember(!typing);
  typing = false;
  run();
});
facetsBox.addEventListener("change", () => {
  const filters = {};
  for (const box of facetsBox.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= []).push(box.value);
  }
  state.filters = filters;
  typing = false;
  remember(true);
  run();
});
more.addEventListener("click", () => run(true));
window.addEventListener("popstate", () => {
  state = readAddress();
  input.value = state.q;
  typing = false;
  run();
});
run();

/**
 * As-you-type suggestions under the header search field, following the ARIA
 * combobox pattern (list autocomplete): arrows move through the options,
 * Enter opens the chosen one, Escape closes the list, and without a chosen
 * option Enter submits the form to the search page as it does without
 * JavaScript. A status message tells screen readers how many suggestions
 * there are.
 */

import { KIND_LABELS, highlight, search, siteUrl } from "./search-client.js";

const LIMIT = 6;
const DELAY_MS = 60;

function setUp(form) {
  const input = form.querySelector("input[name=q]");
  if (!input) return;
  const listId = `${input.id}-suggestions`;
  const list = document.createElement("ul");
  list.id = listId;
  list.className = "search-suggest";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions de recherche");
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.append(list, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);

  let options = [];
  let active = -1;
  let timer = 0;
  let asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(index) {
    options.forEach((option, n) => option.setAttribute("aria-selected", String(n === index)));
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
    } else {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  }

  function option(n, url, content) {
    const item = document.createElement("li");
    item.id = `${listId}-${n}`;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.url = url;
    item.append(...content);
    return item;
  }

  function render(query, reply) {
    const all = new URL(form.action);
    all.searchParams.set("q", query);
    options = reply.results.map((result, n) => {
      const kind = document.createElement("span");
      kind.className = "search-suggest__kind";
      kind.textContent = `${KIND_LABELS[result.kind]} · ${result.category}`;
      const title = document.createElement("span");
      title.className = "search-suggest__title";
      title.append(highlight(result.title, reply));
      return option(n, siteUrl(result.url), [title, kind]);
    });
    const more = option(options.length, all.href, [`Tous les résultats pour « ${query} »`]);
    more.classList.add("search-suggest__all");
    options.push(more);
    list.replaceChildren(...options);
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    choose(-1);
    status.textContent = reply.total
      ? `${Math.min(reply.total, LIMIT)} suggestion${reply.total > 1 ? "s" : ""} ; flèches haut et bas pour les parcourir.`
      : "Aucune suggestion.";
  }

  async function suggest() {
    const query = input.value.trim();
    const ticket = ++asked;
    if (query.length < 2) {
      close();
      return;
    }
    try {
      const reply = await search({ q: query, limit: LIMIT });
      if (ticket === asked && document.activeElement === input) render(query, reply);
    } catch (error) {
      close();
      console.error("Recherche indisponible :", error);
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && options.length > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!open) {
        if (options.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        return;
      }
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      const positions = options.length + 1; // the field itself is position -1
      choose(((((active + 1 + step) % positions) + positions) % positions) - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      window.location.assign(options[active].dataset.url);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const item = event.target.closest("[role=option]");
    if (item) window.location.assign(item.dataset.url);
  });
}

document.querySelectorAll("form[role=search]:not([data-search-page])").forEach(setUp);

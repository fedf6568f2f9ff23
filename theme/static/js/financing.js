// The live financing simulator: the mirror of plugins/financing/formula.py.
//
// Every amount is handled in integer cents and rounded half-up exactly as
// the Python reference does (plugins/financing/cases.json holds the cases
// both must give to the cent). It enhances the precomputed table that the
// page shows without JavaScript: no network, no library.

const AMOUNT = /^\d+([.,]\d{1,2})?$/;
const SPACES = /[\s\u00a0\u202f]/g;
const FORMULAS = ["credit-bail", "location-financiere"];
const LABELS = { "credit-bail": "crédit-bail", "location-financiere": "location financière" };
const TIMINGS = { "a-echoir": "loyers à échoir", "a-terme-echu": "loyers à terme échu" };

// Half-up division of a non-negative integer by a positive integer, exactly.
function roundDiv(numerator, denominator) {
  const quotient = Math.floor(numerator / denominator);
  let rest = numerator - quotient * denominator;
  let result = quotient;
  if (rest < 0) {
    result -= 1;
    rest += denominator;
  } else if (rest >= denominator) {
    result += 1;
    rest -= denominator;
  }
  return 2 * rest >= denominator ? result + 1 : result;
}

// "12.5" -> 1250 (hundredths), for percentages and euros given as text.
function hundredths(text) {
  const [whole, fraction = ""] = String(text).split(".");
  return Number(whole) * 100 + Number((fraction + "00").slice(0, 2));
}

export function centsText(cents) {
  const sign = cents < 0 ? "-" : "";
  const value = Math.abs(cents);
  return `${sign}${Math.floor(value / 100)}.${String(value % 100).padStart(2, "0")}`;
}

const withVat = (cents, vatBp) => roundDiv(cents * (10000 + vatBp), 10000);
const withoutVat = (cents, vatBp) => roundDiv(cents * 10000, 10000 + vatBp);
const residualValue = (cents, residualBp) => roundDiv(cents * residualBp, 10000);

export function rateFor(table, months) {
  let chosen = table[0][1];
  for (const [start, rate] of table) if (start <= months) chosen = rate;
  return chosen;
}

// The monthly rent HT in cents (formula.monthly_payment).
export function monthlyCents(amountCents, annualRate, months, timing, residualBp) {
  const residual = residualValue(amountCents, residualBp);
  const rate = Number(annualRate) / 1200;
  if (rate === 0) return roundDiv(amountCents - residual, months);
  const discount = (1 + rate) ** -months;
  let factor = rate / (1 - discount);
  if (timing === "a-echoir") factor /= 1 + rate;
  const exact = amountCents * factor - residual * factor * discount;
  // Twelve significant digits drop the binary noise (1e-5 cent at most here)
  // so that a rent of exactly x,xx5 € rounds up as Decimal does.
  return Math.round(Number(exact.toPrecision(12)));
}

// formula.compare: inputs as the case table writes them (strings for amounts and rates).
export function compare({ amount, basis, vatRate, months, timing, residualPercent, rates }) {
  const vatBp = hundredths(vatRate);
  const typed = hundredths(amount);
  const amountHt = basis === "ht" ? typed : withoutVat(typed, vatBp);
  const amountTtc = basis === "ht" ? withVat(typed, vatBp) : typed;
  const out = {
    amount_ht: amountHt,
    amount_ttc: amountTtc,
    comptant: { option_ht: 0, option_ttc: 0, total_ht: amountHt, total_ttc: amountTtc, cost_ht: 0, cost_ttc: 0 },
  };
  for (const formula of FORMULAS) {
    const residualBp = formula === "credit-bail" ? hundredths(residualPercent) : 0;
    const rent = monthlyCents(amountHt, rates[formula], months, timing, residualBp);
    const rentTtc = withVat(rent, vatBp);
    const option = residualValue(amountHt, residualBp);
    const optionTtc = withVat(option, vatBp);
    const total = rent * months + option;
    const totalTtc = rentTtc * months + optionTtc;
    out[formula] = {
      monthly_ht: rent,
      monthly_ttc: rentTtc,
      option_ht: option,
      option_ttc: optionTtc,
      total_ht: total,
      total_ttc: totalTtc,
      cost_ht: total - amountHt,
      cost_ttc: totalTtc - amountTtc,
    };
  }
  return out;
}

// The same figures as strings "1820.50", keyed like cases.json's "expected".
export function compareAsText(inputs) {
  const result = compare(inputs);
  const text = {};
  for (const [key, value] of Object.entries(result)) {
    text[key] = typeof value === "number" ? centsText(value) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, centsText(v)]));
  }
  return text;
}

// --- Reading what a person types (plugins/financing/validation.py) ---

const number = (value, decimals) =>
  new Intl.NumberFormat("fr-FR", { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
const plainEuros = (cents) => number(cents / 100, cents % 100 ? 2 : 0);
export const euros = (cents) => `${number(cents / 100, 2)}\u00a0€`;

export function parseAmount(text, config, basis) {
  const cleaned = String(text || "").replace(SPACES, "").replace(/€$/, "");
  if (!cleaned) return { error: "Indiquez le montant à financer." };
  if (!AMOUNT.test(cleaned)) return { error: "Indiquez un montant en euros, par exemple 12 500." };
  const cents = hundredths(cleaned.replace(",", "."));
  let low = hundredths(config.minAmount);
  let high = hundredths(config.maxAmount);
  if (basis === "ttc") {
    low = withVat(low, config.vatBp);
    high = withVat(high, config.vatBp);
  }
  if (cents < low || cents > high) {
    const label = basis === "ht" ? "HT" : "TTC";
    return { error: `Indiquez un montant entre ${plainEuros(low)}\u00a0€ et ${plainEuros(high)}\u00a0€\u00a0${label}.` };
  }
  return { value: cents };
}

export function parseDuration(text, config) {
  const cleaned = String(text || "").replace(SPACES, "");
  if (!cleaned) return { error: "Indiquez une durée en mois." };
  const months = Number(cleaned);
  if (!/^\d+$/.test(cleaned) || months < config.minDuration || months > config.maxDuration) {
    return { error: `Indiquez une durée entière entre ${config.minDuration} et ${config.maxDuration} mois.` };
  }
  return { value: months };
}

export function parseResidual(text, config) {
  const cleaned = String(text || "").replace(SPACES, "").replace(/%$/, "");
  const high = hundredths(config.maxResidual);
  const error = `Indiquez une valeur résiduelle entre 0 et ${plainEuros(high)}\u00a0%.`;
  if (!/^\d+([.,]\d{1,2})?$/.test(cleaned)) return { error };
  const bp = hundredths(cleaned.replace(",", "."));
  return bp > high ? { error } : { value: bp };
}

// --- The simulator on the page ---

function enhance(root) {
  const config = JSON.parse(root.dataset.financing);
  const form = root.querySelector("[data-financing-form]");
  const results = root.querySelector("[data-financing-results]");
  const field = (name) => form.elements.namedItem(name);
  const offerSelect = field("offre");
  const amountInput = field("montant");
  const durationInput = field("duree");
  const residualInput = field("vr");
  const basisLabel = root.querySelector("[data-financing-basis-label]");
  const summary = root.querySelector("[data-financing-summary]");
  let vatRate = root.dataset.vat;
  let basis = "ht";

  // The chosen offer: an option of the list, or the hidden field of a single offer.
  const offer = () => (!offerSelect ? null : offerSelect.tagName === "SELECT" ? offerSelect.selectedOptions[0] : offerSelect);
  const readVat = () => {
    vatRate = offer() ? offer().dataset.vat : root.dataset.vat;
    config.vatBp = hundredths(vatRate);
  };

  function showError(input, message) {
    const slot = root.querySelector(`#${input.id}-erreur`);
    slot.textContent = message || "";
    slot.hidden = !message;
    if (message) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `${input.dataset.hint ? input.dataset.hint + " " : ""}${slot.id}`);
    } else {
      input.removeAttribute("aria-invalid");
      if (input.dataset.hint) input.setAttribute("aria-describedby", input.dataset.hint);
      else input.removeAttribute("aria-describedby");
    }
  }

  function update() {
    readVat();
    const amount = parseAmount(amountInput.value, config, basis);
    const months = parseDuration(durationInput.value, config);
    const residual = parseResidual(residualInput.value, config);
    showError(amountInput, amount.error);
    showError(durationInput, months.error);
    showError(residualInput, residual.error);
    if (amount.error || months.error || residual.error) {
      results.dataset.state = "invalid";
      summary.textContent = "Corrigez les champs signalés pour voir la simulation.";
      return;
    }
    const timing = field("echeance").value;
    const rates = {};
    for (const formula of FORMULAS) rates[formula] = rateFor(config.rates[formula], months.value);
    const inputs = {
      amount: centsText(amount.value),
      basis,
      vatRate,
      months: months.value,
      timing,
      residualPercent: centsText(residual.value),
      rates,
    };
    const result = compare(inputs);
    results.dataset.state = "ok";
    for (const output of results.querySelectorAll("output[data-out]")) {
      const [formula, key] = output.dataset.out.split(".");
      const value = formula in result && key in result[formula] ? result[formula][key] : null;
      if (value === null) continue;
      output.value = euros(value);
      output.dataset.value = centsText(value);
    }
    for (const output of results.querySelectorAll("output[data-rate]")) {
      output.value = `${number(Number(rates[output.dataset.rate]), 2)}\u00a0%`;
      output.dataset.value = rates[output.dataset.rate];
    }
    results.querySelector("[data-financing-amount]").textContent =
      `${euros(result.amount_ht)} HT (${euros(result.amount_ttc)} TTC), ${months.value} mois, ${TIMINGS[timing]}`;
    summary.textContent = FORMULAS.map(
      (f) => `${LABELS[f].replace(/^./, (c) => c.toUpperCase())} : ${euros(result[f].monthly_ht)} HT par mois, soit ${euros(result[f].monthly_ttc)} TTC.`,
    ).join(" ");
    for (const link of results.querySelectorAll("a[data-financing-request]")) {
      const formula = link.dataset.financingRequest;
      const params = new URLSearchParams();
      params.set("formule", formula);
      params.set("duree", String(months.value));
      params.set("echeance", timing);
      params.set("vr", formula === "credit-bail" ? centsText(residual.value) : "0.00");
      params.set("base", basis);
      // Amount and rent in the basis the person chose: what sales read is what they saw.
      const ttc = basis === "ttc";
      params.set("montant", centsText(ttc ? result.amount_ttc : result.amount_ht));
      params.set("mensualite", centsText(ttc ? result[formula].monthly_ttc : result[formula].monthly_ht));
      if (offer()) params.set("offre", offer().dataset.offer);
      link.href = `${root.dataset.requestUrl}?${params}#${root.dataset.requestAnchor}`;
    }
  }

  // Switching HT/TTC converts the amount typed, so the same equipment stays simulated.
  function switchBasis(next) {
    if (next === basis) return;
    readVat();
    const amount = parseAmount(amountInput.value, config, basis);
    if (!amount.error) {
      const cents = next === "ttc" ? withVat(amount.value, config.vatBp) : withoutVat(amount.value, config.vatBp);
      amountInput.value = number(cents / 100, 2);
    }
    basis = next;
    basisLabel.textContent = next === "ht" ? "hors taxes (HT)" : "toutes taxes comprises (TTC)";
  }

  function chooseOffer() {
    readVat();
    const cents = hundredths(offer().dataset.price);
    amountInput.value = number((basis === "ht" ? cents : withVat(cents, config.vatBp)) / 100, 2);
  }

  // State from the address (a « Demander ce financement » link reloads the page).
  const params = new URLSearchParams(location.search);
  if (offerSelect && offerSelect.tagName === "SELECT" && params.get("offre")) {
    const wanted = [...offerSelect.options].find((o) => o.dataset.offer === params.get("offre"));
    if (wanted) offerSelect.value = wanted.value;
  }
  if (params.get("duree")) durationInput.value = params.get("duree");
  if (params.get("echeance") in TIMINGS) form.querySelector(`[name=echeance][value="${params.get("echeance")}"]`).checked = true;
  if (params.get("formule") === "credit-bail" && params.get("vr")) residualInput.value = params.get("vr").replace(".", ",");
  if (params.get("base") === "ttc") {
    form.querySelector("[name=base][value=ttc]").checked = true;
    switchBasis("ttc");
  }
  // The link's amount is already in its basis: set it after the switch, unconverted.
  if (params.get("montant") && AMOUNT.test(params.get("montant"))) amountInput.value = params.get("montant").replace(".", ",");

  form.addEventListener("input", (event) => {
    if (event.target.name === "base") switchBasis(event.target.value);
    if (event.target === offerSelect) chooseOffer();
    update();
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "base") switchBasis(event.target.value);
    update();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  root.querySelector("[data-financing-static]").hidden = true;
  form.hidden = false;
  results.hidden = false;
  update();
}

if (typeof document !== "undefined") {
  for (const root of document.querySelectorAll("[data-financing]")) enhance(root);
}

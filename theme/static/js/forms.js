// Lead forms, enhanced. Every form works without this script: it posts as a
// normal HTML form and the service answers with the thank-you page or a page
// listing the errors. With it:
// - the campaign (utm_*) and the referrer of the landing page are kept for
//   the session and posted with any form, on any later page;
// - each form gets a fresh signed token from the service when it comes into
//   view: one rendering, one lead (a double click or a retry stores one), and
//   the service learns how long the form took to fill;
// - fields are checked as people leave them, with French messages;
// - the form is sent as JSON without leaving the page, and the answer is
//   shown in the form's status region.

const UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
const STORE = "medimarche.campagne";

const MESSAGES = {
  valueMissing: {
    name: "Indiquez votre nom.",
    email: "Indiquez votre adresse électronique.",
    product: "Indiquez l’équipement qui vous intéresse.",
    quantity: "Indiquez la quantité souhaitée.",
    amount: "Indiquez le montant à financer.",
    duration: "Choisissez une durée.",
    financing: "Choisissez une formule de financement.",
    message: "Écrivez votre message.",
    consent: "Cochez la case pour recevoir la lettre d’information.",
  },
  typeMismatch: {
    email: "Cette adresse électronique n’est pas valide (exemple : nom@cabinet.fr).",
  },
  rangeUnderflow: { quantity: "Indiquez une quantité entière entre 1 et 10 000." },
  rangeOverflow: { quantity: "Indiquez une quantité entière entre 1 et 10 000." },
  stepMismatch: { quantity: "Indiquez une quantité entière entre 1 et 10 000." },
  badInput: { quantity: "Indiquez une quantité entière entre 1 et 10 000." },
  tooLong: {},
};
const GENERIC = "Vérifiez ce champ.";
const SENT = "Merci, votre demande est bien enregistrée. Nous vous répondons sous un jour ouvré.";
const SENT_NEWSLETTER = "Merci, votre inscription est enregistrée.";
const OFFLINE =
  "La connexion a échoué : votre demande n’a pas été envoyée. Vérifiez votre connexion, puis cliquez de nouveau sur le bouton.";
const TO_FIX = "Certains champs sont à corriger : voyez les messages sous les champs concernés.";

function rememberCampaign() {
  const params = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem(STORE) || "{}");
  if (UTM.some((name) => params.get(name))) {
    for (const name of UTM) saved[name] = params.get(name) || "";
    saved.landing = location.href;
  }
  if (!("referrer" in saved)) {
    const external = document.referrer && new URL(document.referrer).origin !== location.origin;
    saved.referrer = external ? document.referrer : "";
  }
  sessionStorage.setItem(STORE, JSON.stringify(saved));
  return saved;
}

function fillContext(form, campaign) {
  const set = (name, value) => {
    const field = form.elements.namedItem(name);
    if (field && value) field.value = value;
  };
  set("page_url", location.href);
  set("page_title", document.title);
  set("referrer", campaign.referrer || document.referrer);
  for (const name of UTM) set(name, campaign[name]);
  const params = new URLSearchParams(location.search);
  const product = form.elements.namedItem("product");
  if (product && product.type === "text" && params.get("produit")) product.value = params.get("produit");
  const offer = form.elements.namedItem("offer");
  const wanted = params.get("offre");
  if (offer && wanted) {
    if (offer.tagName === "SELECT") {
      const option = [...offer.options].find((o) => o.value === wanted || o.value.split(":")[0] === wanted);
      if (option) offer.value = option.value;
    } else {
      offer.value = wanted;
    }
  }
  fillFinancing(form, params);
}

// A simulator's « Demander ce financement » link carries the simulation in
// the address (plugins/financing builds it; so does financing.js): copy it
// into the financing form, so that sales receive what the person saw.
const FORMULA_NAMES = { "credit-bail": "crédit-bail", "location-financiere": "location financière" };
const TIMING_NAMES = { "a-echoir": "loyers à échoir", "a-terme-echu": "loyers à terme échu" };

function fillFinancing(form, params) {
  const kind = form.elements.namedItem("kind");
  const formula = params.get("formule");
  if (!kind || kind.value !== "financement" || !(formula in FORMULA_NAMES)) return;
  const set = (name, value) => {
    const field = form.elements.namedItem(name);
    if (field && value) field.value = value;
  };
  const months = params.get("duree") || "";
  const basis = params.get("base") === "ttc" ? "TTC" : "HT";
  const duration = form.elements.namedItem("duration");
  if (duration && /^\d+$/.test(months)) {
    if (![...duration.options].some((o) => o.value === months)) duration.add(new Option(`${months} mois`, months));
    duration.value = months;
  }
  for (const radio of form.querySelectorAll('[name="financing"]')) radio.checked = radio.value === formula;
  const amount = params.get("montant") || "";
  set("amount", amount.replace(".", ","));
  set("monthly_payment", params.get("mensualite"));
  set("payment_timing", params.get("echeance"));
  set("residual_percent", params.get("vr"));
  set("amount_basis", basis);
  const amountLabel = form.querySelector('label[for$="-amount"]');
  if (basis === "TTC" && amountLabel && amountLabel.firstChild.nodeType === Node.TEXT_NODE) {
    amountLabel.firstChild.textContent = "Montant à financer, en euros toutes taxes comprises ";
  }
  const summary = form.querySelector("[data-financing-summary]");
  const monthly = Number(params.get("mensualite"));
  if (summary && monthly > 0 && Number(amount) > 0) {
    const euros = (value) => new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(value);
    const residual = formula === "credit-bail" && params.get("vr") ? `, valeur résiduelle de ${params.get("vr").replace(".", ",")}\u00a0%` : "";
    const timing = TIMING_NAMES[params.get("echeance")] ? `, ${TIMING_NAMES[params.get("echeance")]}` : "";
    summary.textContent = `Simulation retenue : ${FORMULA_NAMES[formula]} sur ${months}\u00a0mois${timing}${residual}, ${euros(monthly)} ${basis} par mois pour ${euros(Number(amount))} ${basis}.`;
    summary.hidden = false;
  }
}

async function refreshToken(form) {
  const field = form.elements.namedItem("form_token");
  try {
    const response = await fetch(`${form.action}/token`, { headers: { Accept: "application/json" } });
    if (response.ok) field.value = (await response.json()).token;
  } catch {
    field.value = ""; // the service then recognises a double post by its content
  }
}

function errorSlot(form, name) {
  return form.querySelector(`[id$="-${name}-erreur"]`);
}

function showError(form, name, message) {
  const slot = errorSlot(form, name);
  const fields = [...form.querySelectorAll(`[name="${name}"]`)];
  if (!slot || !fields.length) return false;
  slot.textContent = message;
  slot.hidden = !message;
  for (const field of fields) {
    const described = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== slot.id);
    if (message) {
      field.setAttribute("aria-invalid", "true");
      described.push(slot.id);
    } else {
      field.removeAttribute("aria-invalid");
    }
    if (described.length) field.setAttribute("aria-describedby", described.join(" "));
    else field.removeAttribute("aria-describedby");
  }
  return true;
}

function check(field) {
  if (!field.name || field.type === "hidden" || field.closest(".form__hp")) return "";
  const validity = field.validity;
  if (validity.valid) return "";
  for (const key of Object.keys(MESSAGES)) {
    if (validity[key]) return MESSAGES[key][field.name] || GENERIC;
  }
  return GENERIC;
}

function checkAll(form) {
  const seen = new Set();
  let first = null;
  for (const field of form.elements) {
    if (!field.name || seen.has(field.name)) continue;
    seen.add(field.name);
    const message = check(field);
    showError(form, field.name, message);
    if (message && !first) first = field;
  }
  return first;
}

function say(form, message, kind) {
  const status = form.querySelector(".form__status");
  status.className = `form__status form__status--${kind}`;
  status.textContent = message;
}

async function send(form) {
  const button = form.querySelector('button[type="submit"]');
  const data = Object.fromEntries(new FormData(form));
  button.disabled = true;
  say(form, "Envoi en cours…", "pending");
  try {
    const response = await fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(data),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.status === 201) {
      const kind = form.elements.namedItem("kind").value;
      form.reset();
      form.elements.namedItem("form_token").value = ""; // reset() keeps hidden values
      fillContext(form, rememberCampaign());
      say(form, kind === "newsletter" ? SENT_NEWSLETTER : SENT, "success");
      await refreshToken(form); // a new request is a new lead
    } else if (response.status === 422 && answer.errors) {
      let first = null;
      for (const [name, message] of Object.entries(answer.errors)) {
        if (showError(form, name, message) && !first) first = form.elements.namedItem(name);
      }
      say(form, TO_FIX, "error");
      if (first) (first.focus ? first : first[0]).focus();
    } else {
      say(form, answer.message || OFFLINE, "error");
    }
  } catch {
    say(form, OFFLINE, "error");
  } finally {
    button.disabled = false;
  }
}

function enhance(form, campaign) {
  form.noValidate = true;
  fillContext(form, campaign);
  let asked = false;
  const ask = () => {
    if (!asked) {
      asked = true;
      refreshToken(form);
    }
  };
  new IntersectionObserver((entries, observer) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      ask();
      observer.disconnect();
    }
  }).observe(form);
  form.addEventListener("focusin", ask);
  // An error disappears as soon as the typing fixes it, never on blur: a
  // message vanishing while the pointer is on the button would move the
  // button away between press and release, and the click would be lost.
  form.addEventListener("input", (event) => {
    const field = event.target;
    if (field.name && field.getAttribute("aria-invalid")) showError(form, field.name, check(field));
  });
  form.addEventListener("change", (event) => {
    const field = event.target;
    if (field.name && field.matches("select, [type=checkbox], [type=radio]")) showError(form, field.name, check(field));
  });
  form.addEventListener(
    "blur",
    (event) => {
      const field = event.target;
      if (field.name && field.value && !field.getAttribute("aria-invalid")) showError(form, field.name, check(field));
    },
    true,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const invalid = checkAll(form);
    if (invalid) {
      say(form, TO_FIX, "error");
      invalid.focus();
      return;
    }
    send(form);
  });
}

const campaign = rememberCampaign();
for (const form of document.querySelectorAll("form[data-lead-form]")) enhance(form, campaign);

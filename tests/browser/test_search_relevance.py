"""Relevance on the demo data: each French query must bring an expected page into
the top 3 of the search page, for at least 90 % of the table. The test prints
the rate and the misses, so a change of boosts or pipeline shows its effect."""

import pytest

pytestmark = pytest.mark.browser

PRODUCT = "/catalogue/produits/"
BLOG = "/blog/"

# query → pages of which at least one must be in the top 3
RELEVANCE = {
    # exact names, plurals, missing accents
    "tensiomètre": [f"{PRODUCT}tensalys-tensiometre-", f"{PRODUCT}cardiolis-tensiometre-"],
    "tensiometres": [f"{PRODUCT}tensalys-tensiometre-", f"{PRODUCT}cardiolis-tensiometre-"],
    "stéthoscopes pédiatriques": [f"{PRODUCT}stetho-lab-stethoscope-pediatrique-sl-ped/"],
    "stethoscope pediatrique": [f"{PRODUCT}stetho-lab-stethoscope-pediatrique-sl-ped/"],
    "défibrillateur semi-automatique": [
        f"{PRODUCT}rescufib-rf-s1-",
        f"{PRODUCT}rescufib-defibrillateur-semi-automatique/",
    ],
    "autoclave classe B": [
        f"{PRODUCT}steriva-autoclave-classe-b-",
        f"{PRODUCT}vaporis-autoclave-classe-b-",
    ],
    "gants nitrile": [
        f"{PRODUCT}protecta-gants-nitrile-",
        f"{PRODUCT}medifirst-gants-d-examen-nitrile-",
    ],
    "oxymetre de pouls": [f"{PRODUCT}oxivia-oxymetre-de-pouls-"],
    "échographe portable": [
        f"{PRODUCT}echovia-echographe-portable-couleur/",
        f"{PRODUCT}sonoval-sn-gp3-",
    ],
    "doppler foetal": [f"{PRODUCT}sonoval-df-2-doppler-foetal-de-poche/"],
    "holter tensionnel": [f"{PRODUCT}rythmia-holter-tensionnel-mapa/", f"{PRODUCT}tensalys-tm-24-"],
    "électrocardiographe 12 pistes": [
        f"{PRODUCT}rythmia-ry-12p-",
        f"{PRODUCT}cardiolis-ecg-1200t-",
    ],
    "thermometre sans contact": [f"{PRODUCT}thermea-thermometre-sans-contact-frontal-tf-200/"],
    "table de kinésithérapie": [f"{PRODUCT}kinalys-table-de-kinesitherapie-"],
    "divan d’examen": [f"{PRODUCT}ergomed-divan-d-examen-", f"{PRODUCT}mobiliance-divan-d-examen-"],
    "fauteuil releveur": [f"{PRODUCT}mobiliance-fauteuil-de-repos-electrique-releveur-fr-r2/"],
    "électrostimulateur": [f"{PRODUCT}electrovia-electrostimulateur-"],
    "otoscopes": [f"{PRODUCT}otovia-"],
    # brands, references, GTIN
    "Tensalys": [f"{PRODUCT}tensalys-"],
    "Rescufib": [f"{PRODUCT}rescufib-"],
    "TB-500": [f"{PRODUCT}tensalys-tensiometre-electronique-de-bras-tb-500/"],
    "tb500": [f"{PRODUCT}tensalys-tensiometre-electronique-de-bras-tb-500/"],
    "SL-CARDIO4": [f"{PRODUCT}stetho-lab-stethoscope-de-cardiologie-sl-cardio4/"],
    "AM-10200": [f"{PRODUCT}tensalys-tensiometre-electronique-de-bras-tb-500/"],
    "2991000010077": [f"{PRODUCT}tensalys-tensiometre-electronique-de-bras-tb-500/"],
    # typos and prefixes (as you type)
    "defibrilateur": [f"{PRODUCT}rescufib-", f"{PRODUCT}cardiolis-df-"],
    "tensiomtre": [f"{PRODUCT}tensalys-tensiometre-", f"{PRODUCT}cardiolis-tensiometre-"],
    "stetho": [f"{PRODUCT}stetho-lab-stethoscope-", f"{PRODUCT}auscultis-stethoscope-"],
    "échog": [f"{PRODUCT}echovia-echographe-", f"{PRODUCT}sonoval-"],
    # article topics
    "crédit-bail": [f"{BLOG}credit-bail-ou-location-financiere/"],
    "credit bail": [f"{BLOG}credit-bail-ou-location-financiere/"],
    "location financière": [f"{BLOG}credit-bail-ou-location-financiere/"],
    "coopétition": [f"{BLOG}coopetition-fournisseurs-concurrents-meme-vitrine/"],
    "CRM fournisseurs": [f"{BLOG}crm-fournisseurs-materiel-medical-pipeline-devis/"],
    "matériel reconditionné loi": [f"{BLOG}materiel-medical-reconditionne-loi-verifications/"],
    "coût total de possession": [f"{BLOG}ehpad-cliniques-achats-cout-total-possession/"],
    "rgpd": [
        f"{BLOG}avis-transparence-donnees-confiance-place-de-marche/",
        f"{BLOG}crm-fournisseurs-",
    ],
    "cabinet de kinésithérapie budget": [f"{BLOG}equiper-cabinet-kinesitherapie-budget-maitrise/"],
}


def top_three(page, site, query: str) -> list[str]:
    field = page.locator("#search-page-q")
    field.fill(query)
    field.press("Enter")
    page.wait_for_function(
        "q => document.querySelector('#search-page-status').textContent.includes(q)",
        arg=query.strip(),
    )
    hrefs = page.locator("[data-search-results] a").evaluate_all(
        "links => links.slice(0, 3).map((a) => a.href)"
    )
    return [href.removeprefix(site.url) for href in hrefs]


def test_relevance_table(site, page):
    assert len(RELEVANCE) >= 30
    page.goto(f"{site.url}/recherche/")
    misses = {}
    for query, expected in RELEVANCE.items():
        found = top_three(page, site, query)
        if not any(url.startswith(prefix) for url in found for prefix in expected):
            misses[query] = found
    rate = 1 - len(misses) / len(RELEVANCE)
    print(
        f"\nPertinence : {rate:.0%} des {len(RELEVANCE)} requêtes ont un résultat attendu "
        f"dans les 3 premiers."
    )
    for query, found in misses.items():
        print(f"  manqué : « {query} » → {found}")
    assert rate >= 0.9, misses

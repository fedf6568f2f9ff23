"""Write a synthetic catalog of N products in the demo suppliers' own formats.

The demo catalog (`catalog_data/`) gives the shape: the same categories.yml,
the same suppliers with their supplier.yml, header names, encodings,
delimiters, price writing and images. Only the rows are generated, so the
benchmark exercises exactly the code paths of real feeds. Products are sold
by one to three suppliers (same GTIN, or same brand and part number), about
1.6 offers per product. Deterministic for a given size.

    python benchmarks/generate_catalog.py 10000 var/bench/catalog-10000
"""

import argparse
import csv
import io
import json
import random
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "catalog_data"

NOUNS = [
    "Tensiomètre électronique", "Stéthoscope double pavillon", "Otoscope à fibre optique",
    "Thermomètre sans contact", "Oxymètre de pouls", "Électrocardiographe 12 pistes",
    "Défibrillateur semi-automatique", "Holter ECG", "Divan d’examen électrique",
    "Table de kinésithérapie", "Fauteuil de prélèvement", "Chariot de soins", "Autoclave classe B",
    "Soudeuse à impulsion", "Bac à ultrasons", "Électrostimulateur", "Appareil d’ultrasons",
    "Appareil de pressothérapie", "Gants nitrile", "Drap d’examen", "Électrodes ECG",
    "Lampe à polymériser", "Détartreur piézoélectrique", "Fauteuil dentaire", "Échographe portable",
    "Doppler de poche",
]  # fmt: skip
FEATURES = [
    "écran couleur haute lisibilité", "batterie rechargeable longue durée", "garantie constructeur",
    "mémoire des mesures avec horodatage", "nettoyage facile des surfaces", "livré avec sa housse",
    "conforme aux normes européennes", "utilisation intuitive au cabinet", "faible encombrement",
    "maintenance réduite", "connexion USB et Bluetooth", "compatible avec les accessoires standard",
]  # fmt: skip
BRANDS = [f"{a}{b}" for a in ("Medi", "Cardio", "Steri", "Kine", "Dento", "Sono") for b in (
    "lis", "va", "tek", "line", "med", "ga", "rix", "lab", "ora", "cea")]  # fmt: skip
AVAILABILITY = {
    "alpha-medical": ["En stock", "Sur commande", "Rupture"],
    "medistock": ["in stock", "on order", "limited"],
    "kine-expert": ["disponible", "à commander"],
    "sterimed": ["Stock", "Stock limité", "Épuisé"],
    "renov-medical": ["En stock", "Dernières pièces"],
    "cardio-direct": ["En stock", "Sur commande"],
}


def check_digit(body: str) -> str:
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def french_amount(value: Decimal, group: str) -> str:
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", group)


def leaves() -> list[str]:
    tree = yaml.safe_load((DEMO / "categories.yml").read_text(encoding="utf-8"))
    found = []
    for root in tree:
        found.extend(child["slug"] for child in root.get("children") or [])
    return found


def supplier_configs() -> dict[str, dict]:
    configs = {}
    for folder in sorted((DEMO / "suppliers").iterdir()):
        config = yaml.safe_load((folder / "supplier.yml").read_text(encoding="utf-8"))
        config["labels"] = {slug: label for label, slug in (config.get("categories") or {}).items()}
        config["images"] = sorted(
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.suffix in {".jpg", ".png"}
        )
        configs[folder.name] = config
    return configs


def products(count: int, rng: random.Random) -> list[dict]:
    categories = leaves()
    made = []
    for i in range(count):
        brand = BRANDS[i % len(BRANDS)]
        body = f"2993{i:08d}"
        made.append(
            {
                "n": i,
                "brand": brand,
                "title": f"{NOUNS[i % len(NOUNS)]} {brand} {i // len(BRANDS):05d}",
                "mpn": f"{brand[:3].upper()}-{i:06d}",
                "gtin": body + check_digit(body) if i % 10 else "",
                "category": categories[i % len(categories)],
                "price": Decimal(rng.choice([12, 49, 89, 240, 690, 1290, 3490, 7490, 18900])),
                "features": rng.sample(FEATURES, 3),
            }
        )
    return made


def offers_of(product: dict, suppliers: list[str], rng: random.Random) -> list[str]:
    count = rng.choices([1, 2, 3], weights=[55, 30, 15])[0]
    return rng.sample(suppliers, count)


def row(product: dict, slug: str, config: dict, rng: random.Random) -> dict:
    """Canonical values for one offer, already written the way this supplier writes them."""
    refurbished = slug == "renov-medical"
    factor = Decimal(rng.uniform(0.55, 0.7) if refurbished else rng.uniform(0.93, 1.1))
    price = (product["price"] * factor).quantize(Decimal("0.01"), ROUND_HALF_UP)
    features = product["features"]
    text = f"{product['title']} : {features[0]}, {features[1]} et {features[2]}."
    style_price = {
        "alpha-medical": lambda: f"{french_amount(price, chr(0xA0))} €",
        "medistock": lambda: f"{price:.2f}",
        "kine-expert": lambda: float(price),
        "sterimed": lambda: french_amount(price, ""),
        "renov-medical": lambda: french_amount(price, " "),
        "cardio-direct": lambda: french_amount(price, " "),
    }[slug]
    image = config["images"][product["n"] % len(config["images"])] if config["images"] else ""
    return {
        "sku": f"{slug[:2].upper()}-{product['n']:07d}",
        "title": product["title"],
        "brand": product["brand"],
        "mpn": product["mpn"],
        "gtin": product["gtin"] if not refurbished else "",
        "category": config["labels"].get(product["category"], product["category"]),
        "description": f"<p>{text}</p>" if slug in {"medistock", "cardio-direct"} else text,
        "price": style_price(),
        "vat_rate": "20",
        "condition": "Reconditionné" if refurbished else "",
        "availability": rng.choice(AVAILABILITY[slug]),
        "lead_time_days": str(rng.choice([2, 3, 5, 10])),
        "mdr_class": "IIa",
        "warranty_months": "12" if refurbished else "24",
        "image": image if product["n"] % 5 == 0 else "",
        "financing": "oui" if price > 1000 else "non",
        "url": f"https://{slug}.example/p/{product['n']}",
        "min_order_quantity": "",
        "lpp_code": "",
    }


def write_feed(folder: Path, slug: str, config: dict, rows: list[dict]) -> None:
    columns = config["columns"]
    feed = folder / config["feed"]["file"]
    if feed.suffix == ".json":
        items = [{columns[k]: v for k, v in r.items() if k in columns and v != ""} for r in rows]
        for item in items:
            if "image" in columns and columns["image"] in item:
                item[columns["image"]] = [item[columns["image"]]]
        feed.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
        return
    header = list(columns.values())
    buffer = io.StringIO(newline="")
    delimiter = {".tsv": "\t"}.get(
        feed.suffix, ";" if slug in {"alpha-medical", "renov-medical"} else ","
    )
    writer = csv.writer(
        buffer, delimiter=delimiter, lineterminator="\r\n" if slug == "alpha-medical" else "\n"
    )
    writer.writerow(header)
    for r in rows:
        writer.writerow([r.get(field, "") for field in columns])
    encoding = {"alpha-medical": "cp1252", "medistock": "utf-8-sig"}.get(slug, "utf-8")
    feed.write_bytes(buffer.getvalue().encode(encoding))


def generate(count: int, target: Path, seed: int = 2026) -> Path:
    """Write the catalog into `target` (replaced) and return it."""
    rng = random.Random(seed)
    shutil.rmtree(target, ignore_errors=True)
    (target / "suppliers").mkdir(parents=True)
    shutil.copy(DEMO / "categories.yml", target / "categories.yml")
    configs = supplier_configs()
    rows: dict[str, list[dict]] = {slug: [] for slug in configs}
    for product in products(count, rng):
        for slug in offers_of(product, list(configs), rng):
            rows[slug].append(row(product, slug, configs[slug], rng))
    for slug, config in configs.items():
        folder = target / "suppliers" / slug
        shutil.copytree(
            DEMO / "suppliers" / slug,
            folder,
            ignore=shutil.ignore_patterns("*.csv", "*.tsv", "*.json"),
        )
        write_feed(folder, slug, config, rows[slug])
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    generate(args.count, args.target)
    print(f"{args.count} produits écrits dans {args.target}")


if __name__ == "__main__":
    main()

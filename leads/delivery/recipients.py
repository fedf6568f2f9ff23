"""Who receives a lead by e-mail: by lead kind, plus the supplier's own sales contacts.

`LEADS_SALES_EMAIL_<KIND>` (else `LEADS_SALES_EMAIL`) gives the team for the
kind of request; when the lead is about a supplier's offer and that
supplier's `supplier.yml` lists `sales` contacts, they are added. The
service reads `supplier.yml` with plain YAML (it never imports the Pelican
plugins) from `LEADS_CATALOG_DATA`, else `CATALOG_DATA`, else
`catalog_data/`; files are re-read when they change, so a new contact needs
no restart.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from email.utils import getaddresses
from pathlib import Path

import yaml

from ..settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SupplierContact:
    name: str
    sales: tuple[str, ...]


class SupplierDirectory:
    """Supplier slug -> name and sales contacts, from `<catalog>/suppliers/*/supplier.yml`."""

    def __init__(self, catalog_data: str | Path):
        self.root = Path(catalog_data) / "suppliers"
        self._lock = threading.Lock()
        self._seen: dict[Path, tuple[float, SupplierContact | None]] = {}

    def get(self, slug: str | None) -> SupplierContact | None:
        if not slug:
            return None
        return self.all().get(slug)

    def names(self) -> dict[str, str]:
        return {slug: contact.name for slug, contact in self.all().items()}

    def all(self) -> dict[str, SupplierContact]:
        found: dict[str, SupplierContact] = {}
        if not self.root.is_dir():
            return found
        with self._lock:
            for path in sorted(self.root.glob("*/supplier.yml")):
                contact = self._read(path)
                if contact:
                    found[slugify(path.parent.name)] = contact
        return found

    def _read(self, path: Path) -> SupplierContact | None:
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        cached = self._seen.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        contact = None
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if isinstance(data, dict):
                contact = SupplierContact(
                    name=str(data.get("name") or path.parent.name),
                    sales=parse_sales(data.get("sales")),
                )
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
            # The catalog build reports the file precisely; here we just do without it.
            logger.warning("leads: %s unreadable, its sales contacts are ignored: %s", path, err)
        self._seen[path] = (mtime, contact)
        return contact


def parse_sales(value) -> tuple[str, ...]:
    """`sales:` as a list of addresses or one comma-separated string; anything else is none."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    pairs = getaddresses([str(item) for item in value])
    return tuple(address for _name, address in pairs if "@" in address)


def slugify(text: str) -> str:
    """A folder name as the catalog slugs it: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def recipients(settings: Settings, kind: str, supplier: SupplierContact | None) -> tuple[str, ...]:
    """The team for this kind of lead, then the supplier's contacts; no address twice."""
    team = dict(settings.sales_email_by_kind).get(kind) or settings.sales_email
    extra = supplier.sales if supplier else ()
    seen: dict[str, str] = {}
    for entry in (*team, *extra):
        address = getaddresses([entry])[0][1].lower()
        seen.setdefault(address, entry)
    return tuple(seen.values())

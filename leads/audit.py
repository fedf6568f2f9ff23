"""The audit log: who did what to which lead, kept after the lead itself is gone.

Rows name staff (or `worker`, `api`, `cli`) and lead ids, never the person a
lead is about: `detail` holds codes and counts, not e-mails or notes, so the
log survives purges and erasures without keeping what they removed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, insert

from .admin.french import say
from .schema import audit_log

# Action code -> what staff read in the inbox's journal.
ACTIONS = {
    "login": "Connexion",
    "login_failed": "Échec de connexion",
    "logout": "Déconnexion",
    "view_lead": "Consultation d’une demande",
    "status_change": "Changement de statut",
    "note": "Note ajoutée",
    "release": "Sortie de quarantaine",
    "retry": "Relance d’un envoi",
    "delivery_dead": "Envoi abandonné",
    "export": "Export CSV",
    "purge": "Suppression (durée de conservation écoulée)",
    "export_person": "Droit d’accès : export des données d’une personne",
    "erase_person": "Droit à l’effacement : données d’une personne supprimées",
    "add_user": "Compte créé",
}
ACTIONS = {code: say(label) for code, label in ACTIONS.items()}


def record(
    connection: Connection,
    actor: str,
    action: str,
    lead_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Add one row inside the caller's transaction, so the action and its trace commit together."""
    connection.execute(
        insert(audit_log).values(
            at=datetime.now(UTC), actor=actor, action=action, lead_id=lead_id, detail=detail
        )
    )

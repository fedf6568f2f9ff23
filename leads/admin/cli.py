"""The staff and RGPD commands of `python -m leads`: add-user, purge, export-person, erase-person.

Each prints French for the person at the keyboard, returns the exit code
(0 done, 2 refused), and leaves an audit row with actor `cli`.
"""

from __future__ import annotations

import getpass
import sys
from argparse import Namespace

from .. import rgpd
from ..migrations import migrate
from ..settings import Settings
from ..store import make_engine
from .french import say

COMMANDS = ("add-user", "purge", "export-person", "erase-person")
MIN_PASSWORD = 12


def run(args: Namespace, settings: Settings) -> int:
    needs_email = args.command != "purge"
    if needs_email and not args.email:
        print(say("Indiquez l’adresse électronique : python -m leads {c} ADRESSE", c=args.command))
        return 2
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        return {
            "add-user": add_user,
            "purge": purge,
            "export-person": export_person,
            "erase-person": erase_person,
        }[args.command](engine, args, settings)
    except rgpd.InvalidEmail as err:
        print(err)
        return 2
    finally:
        engine.dispose()


def add_user(engine, args: Namespace, settings: Settings) -> int:
    """Checks the address before asking for the password, so nobody types it for nothing."""
    rgpd.normalize(args.email)  # InvalidEmail: a French message, exit code 2
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(say("Mot de passe : "))
        if getpass.getpass(say("Le même mot de passe, encore : ")) != password:
            print(say("Les deux mots de passe diffèrent : compte non créé."))
            return 2
    if len(password) < MIN_PASSWORD:
        print(
            say(
                "Mot de passe trop court : {n} caractères au moins. Compte non créé.",
                n=MIN_PASSWORD,
            )
        )
        return 2
    from .auth import UserExists, create_user  # the web stack, for this command only

    try:
        create_user(engine, args.email, password, args.name)
    except UserExists as err:
        print(err)
        return 2
    login = args.email.strip().lower()
    print(say("Compte créé pour {login} : connexion sur /admin/login.", login=login))
    return 0


def purge(engine, args: Namespace, settings: Settings) -> int:
    report = rgpd.purge(engine, settings, actor="cli")
    print(
        f"{report.deleted} demande{'s' if report.deleted > 1 else ''} supprimée"
        f"{'s' if report.deleted > 1 else ''} (dernier contact avant le "
        f"{report.cutoff:%d/%m/%Y %H:%M} UTC, conservation {settings.retention_days} jours)."
    )
    return 0


def export_person(engine, args: Namespace, settings: Settings) -> int:
    print(rgpd.dumps(rgpd.export_person(engine, args.email, settings)))
    return 0


def erase_person(engine, args: Namespace, settings: Settings) -> int:
    report = rgpd.erase_person(engine, args.email, settings, objection=args.objection)
    plural = "s" if report.deleted > 1 else ""
    print(f"{report.deleted} demande{plural} effacée{plural}.")
    if report.suppressed:
        print(
            say("Opposition enregistrée : l’adresse est ajoutée, hachée, à la liste d’opposition.")
        )
    return 0

"""Command line: `python -m leads [serve|serve-site|migrate|add-user|purge|...]`.

- `python -m leads --host 127.0.0.1 --port 8001` runs the service alone;
- `python -m leads serve-site --site output --port 8000` also serves the built
  site, in one process (what `invoke serve` runs);
- `python -m leads migrate` applies the migrations and exits (a deployment
  step; the service also applies them when it starts);
- `add-user EMAIL`, `purge`, `export-person EMAIL`, `erase-person EMAIL
  [--objection]`: staff accounts and RGPD requests (see `admin/cli.py`);
- `python -m leads worker` runs the delivery worker alone (see
  `delivery/worker.py`; set `LEADS_WORKER=off` on the service then).

Settings come from `LEADS_*` environment variables. uvicorn runs with proxy
headers off: `LEADS_TRUSTED_PROXIES` alone decides whom to believe.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import uvicorn

from .admin import cli as staff_commands
from .migrations import migrate
from .settings import Settings, SettingsError
from .store import make_engine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m leads", description="Service de réception des demandes MédiMarché."
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="serve",
        choices=["serve", "serve-site", "migrate", "worker", *staff_commands.COMMANDS],
        help="serve : le service seul ; serve-site : le service et le site construit ; "
        "migrate : mettre la base à jour (par défaut : serve) ; worker : envoyer les demandes "
        "aux commerciaux, sans le service ; add-user ADRESSE : créer un "
        "compte de la boîte de réception ; purge : supprimer les demandes dont la durée de "
        "conservation est écoulée ; export-person ADRESSE / erase-person ADRESSE : droit "
        "d’accès et droit à l’effacement (RGPD)",
    )
    parser.add_argument("email", nargs="?", help="adresse électronique (add-user, *-person)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="add-user : lire le mot de passe sur stdin"
    )
    parser.add_argument("--name", help="add-user : nom affiché")
    parser.add_argument(
        "--objection",
        action="store_true",
        help="erase-person : la personne s’oppose à tout contact (liste d’opposition)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="adresse d’écoute (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8001, help="port d’écoute (8001)")
    parser.add_argument("--workers", type=int, default=1, help="nombre de processus (1)")
    parser.add_argument("--site", type=Path, help="dossier du site construit (output)")
    args = parser.parse_args(argv)

    if args.command == "serve-site":
        site = args.site or Path("output")
        if not (site / "index.html").is_file():
            print(f"{site} ne contient pas de site construit : lancez d’abord « invoke build ».")
            return 2
        os.environ["LEADS_SITE_DIR"] = str(site.resolve())
    try:
        settings = Settings.from_env()  # fail now, naming the variable, not in each worker
    except SettingsError as err:
        print(err)
        return 2
    if args.command in staff_commands.COMMANDS:
        return staff_commands.run(args, settings)
    if args.command == "worker":
        from .delivery.worker import run_alone

        return run_alone(settings)
    if args.command == "migrate":
        migrate(make_engine(settings.database_url))
        print("Base des demandes à jour.")
        return 0
    what = "Site et service des demandes" if settings.site_dir else "Service des demandes"
    print(f"{what} sur http://{args.host}:{args.port}/ (Ctrl+C pour arrêter)", flush=True)
    uvicorn.run(
        "leads.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=False,
        server_header=False,
        access_log=False,
        log_level="warning",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

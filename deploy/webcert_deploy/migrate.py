"""``python -m webcert_deploy.migrate auth|pu-lookup|certificate|messaging|gateway``: create and migrate one
service's database (the Kubernetes init container; ``make up`` does the same for all before
starting). For the certificate service this also makes the demo CA if its directory has none."""
from __future__ import annotations

import sys


SERVICES = ("auth", "pu-lookup", "certificate", "messaging", "gateway")


def prepare(service: str) -> None:
    if service == "auth":
        from webcert_auth import bootstrap
        from webcert_auth.config import AuthConfig as Config
    elif service == "pu-lookup":
        from webcert_pu_lookup import bootstrap
        from webcert_pu_lookup.config import PuLookupConfig as Config
    elif service == "certificate":
        from webcert_certificate import bootstrap
        from webcert_certificate.config import CertificateConfig as Config
    elif service == "messaging":
        from webcert_messaging import bootstrap
        from webcert_messaging.config import MessagingConfig as Config
    else:
        from webcert_gateway import bootstrap
        from webcert_gateway.config import GatewayConfig as Config
    bootstrap.prepare(Config.from_env())


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in SERVICES:
        print("användning: python -m webcert_deploy.migrate " + "|".join(SERVICES), file=sys.stderr)
        return 2
    prepare(argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

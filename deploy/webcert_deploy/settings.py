"""Environment defaults for the local runners. Each runner fills in what the operator did
not set, so that ``make run`` and ``make up`` work on a fresh machine with no configuration,
and prints where it serves."""
from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "deploy" / "demo" / "demo-data.yaml"
SOURCE_DIRS = ("services/common", "services/auth", "services/pu-lookup", "services/certificate", "services/messaging",
               "services/pdf", "gateway", "deploy", "deploy/simulators")
PYTHONPATH = os.pathsep.join(str(REPO_ROOT / p) for p in SOURCE_DIRS)


def common_defaults() -> dict[str, str]:
    return {
        "WEBCERT_ENV": "development",
        "PORT": "8000",
        "DEMO_DATA_PATH": str(DEMO_DATA),
        # The test identity provider and the simulators are development tools: the local
        # runners turn them on, production configuration refuses them.
        "TEST_IDP_ENABLED": "true",
        "IDP_URL": "/testidp",
        "SIMULATORS_ENABLED": "true",
        "SIMULATORS_URL": "/simulatorer/",
        # A fresh key per start: assertions and cookies of an earlier run are worthless.
        "IDP_SIGNING_KEY": secrets.token_urlsafe(32),
        "SECRET_KEY": secrets.token_urlsafe(32),
        # The demo's operator pages change patients; a short cache shows the change at once.
        "PU_CACHE_SECONDS": "2",
    }


# The recipients of certificates (GLOSSARY.md "intygsmottagare"), each simulated by one
# instance of deploy/simulators/recipient_simulator: code -> (name, what its page is for).
_SWITCH = "Gör mottagaren otillgänglig, långsam eller felande."
RECIPIENT_SIMULATORS = {
    "fk": ("Försäkringskassan", "Tar emot skickade FK-intyg och makuleringar, ställer frågor och "
           f"kompletteringsbegäran och svarar på vårdenhetens frågor. {_SWITCH}"),
    "ts": ("Transportstyrelsen", f"Tar emot skickade TS-intyg och makuleringar. {_SWITCH}"),
    "skv": ("Skatteverket", f"Tar emot dödsbevis (DB) när de signeras. {_SWITCH}"),
    "sos": ("Socialstyrelsen", f"Tar emot dödsorsaksintyg (DOI) när de signeras. {_SWITCH}"),
}


def simulator_links(pu_url: str, log_url: str, recipient_urls: dict[str, str], mail_url: str | None = None) -> str:
    """The "Simulatorer" page: the operator page of every simulated outside system, PU first,
    then the recipients (``recipient_urls``: code -> URL, one for each of RECIPIENT_SIMULATORS),
    then the mail sink's "E-post" (QA-7) where the runner starts one."""
    if set(recipient_urls) != set(RECIPIENT_SIMULATORS):
        raise ValueError(f"simulator_links needs a URL for each recipient: {', '.join(RECIPIENT_SIMULATORS)}")
    return json.dumps([
        {"name": "PU-tjänsten", "url": pu_url,
         "description": "Folkbokföringen: gör tjänsten otillgänglig eller tillgänglig, ändra patienters uppgifter."},
        {"name": "Loggtjänsten", "url": log_url,
         "description": "Den nationella loggtjänsten: PDL-loggposter per patient."},
        *({"name": name, "url": recipient_urls[code], "description": description}
          for code, (name, description) in RECIPIENT_SIMULATORS.items()),
        *([{"name": "E-post", "url": mail_url,
            "description": "E-post som Webcert har skickat till vårdenheterna: mottagare, ämne och text."}]
          if mail_url else []),
    ], ensure_ascii=False)


def mail_defaults(gateway_port: str) -> dict[str, str]:
    """QA-7: the messaging worker's SMTP server is the local mail sink; the e-mail's link leads
    to the gateway."""
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": "8025", "MAIL_FROM": "webcert@example.invalid",
            "PUBLIC_URL": f"http://localhost:{os.environ.get('PORT') or gateway_port}"}


def apply_defaults(defaults: dict[str, str]) -> dict[str, str]:
    """Set each default unless the environment already has a value; return the result."""
    for key, value in defaults.items():
        if not os.environ.get(key):
            os.environ[key] = value
    return dict(os.environ)

"""The recipient simulators: Försäkringskassan, Transportstyrelsen, Skatteverket and
Socialstyrelsen as the certificate service's recipient adapter meets them (§ "Skicka intyg
till intygsmottagaren", § "Makulera intyg eller låst utkast"). One code base, four instances:
``create_app(recipient="fk")``. Each stores every delivery once (the ``delivery_id`` is the
idempotency key), lists what arrived on its operator page, and can be made unavailable, slow,
refusing or garbled, so that the adapter's retries and dead-lettering can be seen
(docs/ARCHITECTURE.md, "Recipient simulators")."""
from .app import create_app
from .config import RecipientSimulatorConfig
from .recipients import RECIPIENTS, Recipient

__all__ = ["create_app", "RecipientSimulatorConfig", "RECIPIENTS", "Recipient"]

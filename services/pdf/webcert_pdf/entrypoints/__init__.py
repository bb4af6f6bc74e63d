"""The PDF service's door: the Flask app (HTTP for the certificate service). No worker: the
service keeps nothing and publishes nothing."""

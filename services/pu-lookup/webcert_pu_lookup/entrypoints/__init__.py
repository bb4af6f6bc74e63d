"""The pu-lookup service's doors: the Flask app (HTTP for the gateway) and the worker."""

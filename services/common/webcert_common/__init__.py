"""What every Webcert service needs in the same way: configuration, logging with a
correlation id, health endpoints, OpenAPI, database plumbing, service-to-service HTTP
clients, typed errors and the message bus (``webcert_common.bus``).

It holds no domain logic: role rules, certificate rules and the like live in the
service that owns them.
"""

"""The auth service: identities, the HSA-like directory, roles (Tabell 1), privileges
(Tabell 2 and 3, §3's standalone lists), sessions and e-legitimation accounts."""

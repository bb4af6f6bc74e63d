"""The Webcert gateway: the browser's only door.

Server-rendered pages in Swedish (the manual's words), the login flow against the test
identity provider and the auth service, the session check on every request, security
headers and CSRF, a small JSON API, and the security-event log fed from ``user.*`` events.
"""

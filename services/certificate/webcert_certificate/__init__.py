"""The certificate service (issue 4): certificate types as data, drafts, validation,
signing, diagnoses. This session holds its pure foundations; the HTTP API, the database
and the wiring arrive with the rest of the issue."""

"""The messaging service (issue 7): questions, answers, complement requests and reminders between
a care unit and Försäkringskassan (§7 "Ärendekommunikation"). The plain Python domain, its tables
and unit of work, the consumer of certificate.* events and a first HTTP API; FK's queue adapter,
the e-mail and the gateway's pages arrive next (README.md)."""

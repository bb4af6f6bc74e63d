"""The messaging service (issue 7): questions, answers, complement requests and reminders between
a care unit and Försäkringskassan (§7 "Ärendekommunikation"). This session holds its plain
Python domain; the HTTP API, the tables, FK's queue adapter and the e-mail arrive next."""

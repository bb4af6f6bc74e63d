"""Plain Python: identity numbers, the person, the PU-2/PU-4 rule table, the outage state."""

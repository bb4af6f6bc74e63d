"""pu-lookup: looks persons up in the population register (PU-tjänsten) by personnummer or
samordningsnummer, decides what may be done for the patient (PU-2 protection, PU-4 death),
writes one PDL entry per access, and turns register outages into locking events (PU-3, INT-2)."""

"""The PDF service: a certificate printed in the general template (CERT-10, manual §5.6)."""

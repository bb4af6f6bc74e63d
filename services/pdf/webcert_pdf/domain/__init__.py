"""What a printout says, as plain data: no reportlab, no Flask."""

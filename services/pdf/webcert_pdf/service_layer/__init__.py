"""The PDF service's handler."""

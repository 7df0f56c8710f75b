"""Sandgate agent: runs exactly one untrusted Python program inside its container (README.md)."""

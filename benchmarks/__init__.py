"""Registered benchmark cases and the runner that writes the results table (see README.md)."""

"""Placeholder for the municipality report builder.

Owned by helper "registers", who replaces this file; until then the kind
is not registered.
"""

"""Placeholder for the domain report builder.

Owned by helper "reports-monitoring", who replaces this file; until then the kind
is not registered.
"""

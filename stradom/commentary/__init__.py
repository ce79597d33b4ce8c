"""Coordinators' commentary on an indicator, a goal or an instrument for a period (what
happened, what is being done), with threaded replies and history (issue #17)."""

"""Reminders by e-mail: a daily digest per user of what they owe (issue #17)."""

"""Helpers that know nothing of a request or of Django: text, dates, settings parsing."""

"""KIMdesk — encrypted, offline-first case file for Kommunales Integrationsmanagement (KIM)."""

__version__ = "0.1.0"

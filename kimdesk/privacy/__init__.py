"""Privacy tools: the PII scrubber for case reconstructions."""

from kimdesk.privacy.scrubber import Finding, KnownPerson, ScrubResult, apply, scrub

__all__ = ["Finding", "KnownPerson", "ScrubResult", "apply", "scrub"]

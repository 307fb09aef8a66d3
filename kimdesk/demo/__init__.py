"""Synthetic, deterministic demo data — realistic enough to work with, about nobody."""

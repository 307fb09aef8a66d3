"""Subcommands of ``kimdesk``; each module has ``register(subparsers)`` and ``run(args)``."""

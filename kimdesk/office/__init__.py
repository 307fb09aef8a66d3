"""The district office server: receives what laptops may share, publishes reference data.

Shares only :mod:`kimdesk.sync.protocol` with the client; never imports the store.
"""

"""Sync to the district office: outbox, planner, worker, enrollment, status.

``kimdesk.sync.protocol`` is the part shared with the office server; it imports nothing
from the store. Everything else here is client side and has no Qt in it.
"""

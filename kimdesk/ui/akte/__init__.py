"""The tabs of the client file (Akte)."""

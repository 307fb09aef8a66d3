"""The wire protocol shared by the laptop and the office: payload allow-lists, request
signing, ids and limits. Imports nothing from the store, so the office can use it alone."""

PROTOCOL_VERSION = 1

#: The largest request body the office accepts (bytes) and the largest payload of one item.
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_PAYLOAD_BYTES = 1024 * 1024
#: Items per delivery request, and changes per pull answer.
MAX_BATCH_ITEMS = 200
MAX_CHANGES_PER_PULL = 500
#: How far a request's timestamp may be from the office clock (seconds).
MAX_CLOCK_SKEW = 300

ITEMS_PATH = "/v1/items"
CHANGES_PATH = "/v1/changes"
ENROLL_PATH = "/v1/enroll"
DEVICE_PATH = "/v1/device"
HEALTH_PATH = "/v1/health"
AUDIT_HEAD_PATH = "/v1/audit-head"

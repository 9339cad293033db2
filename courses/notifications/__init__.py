"""The outbox: notifications written with the change that causes them, claimed and delivered later."""

from courses.notifications.outbox import (
    CLAIM_LEASE,
    FIRST_RETRY,
    LONGEST_RETRY,
    MAX_ATTEMPTS,
    NotificationKind,
    OutboxMessage,
    backoff,
    claim_due,
    mark_failed,
    mark_sent,
    queue_intake_reminders,
)

__all__ = [
    "CLAIM_LEASE",
    "FIRST_RETRY",
    "LONGEST_RETRY",
    "MAX_ATTEMPTS",
    "NotificationKind",
    "OutboxMessage",
    "backoff",
    "claim_due",
    "mark_failed",
    "mark_sent",
    "queue_intake_reminders",
]

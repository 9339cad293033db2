"""Whether a learner can be told about their seat: an e-mail address must be confirmed first.

A seat taken by a typo'd or someone else's address would be a seat nobody hears about. A
learner known by Telegram is reachable there, so only e-mail-only learners are checked.
"""

from __future__ import annotations

from courses.enrollment.opening import EnrollmentRefused
from courses.models import Learner

__all__ = ["AddressNotConfirmed", "check_reachable"]


class AddressNotConfirmed(EnrollmentRefused):
    """The learner's e-mail address is not confirmed yet: the enrollment takes no seat."""

    code = "address_not_confirmed"


async def check_reachable(learner_id: int) -> None:
    """Refuse an enrollment of a learner reachable only at an unconfirmed address.

    :raises AddressNotConfirmed: e-mail only, and the confirmation link was not opened.
    """
    if await Learner.exists(id=learner_id, telegram_id__isnull=True, email__isnull=False,
                            email_confirmed_at__isnull=True):
        raise AddressNotConfirmed(learner_id=learner_id)

"""The credit bank: completions become credit records and transcripts; public verification by code;
signed Open Badges 3.0 credentials, their issuer's keys, revocation and its status list.
"""

from courses.credits import (
    credentials,
    documents,
    hours,
    inspection,
    issuer_keys,
    proofs,
    records,
    status_list,
    verification,
)
from courses.credits.credentials import *  # noqa: F403
from courses.credits.documents import *  # noqa: F403
from courses.credits.hours import *  # noqa: F403
from courses.credits.inspection import *  # noqa: F403
from courses.credits.issuer_keys import *  # noqa: F403
from courses.credits.proofs import *  # noqa: F403
from courses.credits.records import *  # noqa: F403
from courses.credits.status_list import *  # noqa: F403
from courses.credits.verification import *  # noqa: F403

__all__ = [
    *credentials.__all__,
    *documents.__all__,
    *hours.__all__,
    *inspection.__all__,
    *issuer_keys.__all__,
    *proofs.__all__,
    *records.__all__,
    *status_list.__all__,
    *verification.__all__,
]

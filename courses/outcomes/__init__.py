"""The learning account: outcomes earned elsewhere (1+X and skill-level certificates, other institutions'
courses) with their proofs, institutions' conversion rules, applications, reviewers' decisions and
the audit trail the learner sees.
"""

from courses.outcomes import consent, conversion, proofs, rule_sheets, rules
from courses.outcomes.consent import *  # noqa: F403
from courses.outcomes.conversion import *  # noqa: F403
from courses.outcomes.proofs import *  # noqa: F403
from courses.outcomes.rule_sheets import *  # noqa: F403
from courses.outcomes.rules import *  # noqa: F403

__all__ = [
    *consent.__all__,
    *conversion.__all__,
    *proofs.__all__,
    *rule_sheets.__all__,
    *rules.__all__,
]

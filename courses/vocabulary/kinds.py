"""The closed vocabularies of the catalogue, taken from the action plan and the 2021 catalogue of majors.

Values are stored in the database; the labels are gettext message ids that each face
translates (``N_`` only marks them for extraction).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ACTIVE_ENROLLMENT",
    "ApplicationStatus",
    "Audience",
    "BaseDomain",
    "BaseKind",
    "Channel",
    "CourseKind",
    "CreditSource",
    "Delivery",
    "EnrollmentStatus",
    "Level",
    "MAJOR_CATEGORIES",
    "N_",
    "OutboxStatus",
    "OutcomeKind",
    "OutcomeLevel",
    "OutcomeStatus",
    "ProviderKind",
    "Source",
    "StaffRole",
    "Status",
    "TRACK_LABELS",
    "Track",
]


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it here."""
    return message


class Track(StrEnum):
    ONLINE = "online"  # 在线精品课程 (二(八)23)
    CONTINUING = "continuing"  # 继续教育、社区教育、老年教育 (二(三)9)
    CHINESE_PLUS = "chinese_plus"  # “中文+职业技能” (二(九)25)


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    SCHOOL = "school"


class CourseKind(StrEnum):
    FOUNDATION = "foundation"  # 公共基础课
    PROFESSIONAL = "professional"  # 专业（技能）课


class Delivery(StrEnum):
    ONLINE = "online"
    BLENDED = "blended"
    ON_SITE = "on_site"


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Audience(StrEnum):
    # 二(三)9: 退役军人、现役军人、下岗职工、农民工、高素质农民、新型职业农民 … and 老年人
    EMPLOYEES = "employees"
    VETERANS = "veterans"
    MILITARY = "military"
    MIGRANT_WORKERS = "migrant_workers"
    JOB_CHANGERS = "job_changers"
    NEW_URBAN_RESIDENTS = "new_urban_residents"
    UNEMPLOYED = "unemployed"
    DISABLED = "disabled"
    RURAL_TALENT = "rural_talent"
    OLDER_ADULTS = "older_adults"


class ProviderKind(StrEnum):
    VOCATIONAL_SCHOOL = "vocational_school"
    HIGHER_VOCATIONAL_COLLEGE = "higher_vocational_college"
    VOCATIONAL_UNIVERSITY = "vocational_university"
    TECHNICIAN_SCHOOL = "technician_school"
    OPEN_UNIVERSITY = "open_university"
    ENTERPRISE = "enterprise"
    OVERSEAS_PARTNER = "overseas_partner"


class BaseKind(StrEnum):
    CONTINUING_EDUCATION = "continuing_education"  # 示范性职业教育继续教育基地
    COMMUNITY_EDUCATION = "community_education"  # 社区教育示范基地
    ELDER_UNIVERSITY = "elder_university"  # 老年大学
    EMPLOYEE_TRAINING = "employee_training"  # 职工培训基地
    VIRTUAL_SIMULATION = "virtual_simulation"  # 虚拟仿真实训基地
    LUBAN_WORKSHOP = "luban_workshop"  # 鲁班工坊
    OVERSEAS_CENTRE = "overseas_centre"  # 海外学习中心


class BaseDomain(StrEnum):
    ELDER = "elder"
    SPECIAL = "special"
    PRESCHOOL = "preschool"
    HEALTH_CARE = "health_care"
    CULTURE_ARTS = "culture_arts"
    DOMESTIC_SERVICE = "domestic_service"
    MODERN_AGRICULTURE = "modern_agriculture"
    DIGITAL_SKILLS = "digital_skills"
    MANUFACTURING = "manufacturing"


class EnrollmentStatus(StrEnum):
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


ACTIVE_ENROLLMENT = (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)


class Source(StrEnum):
    PORTAL = "portal"
    BOT = "bot"
    API = "api"
    IMPORT = "import"


class StaffRole(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    PROVIDER_EDITOR = "provider_editor"
    REVIEWER = "reviewer"  # decides conversion applications to their own institution


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    UNDELIVERABLE = "undeliverable"
    # Never sent, on purpose: the learner was already told (the chat that enrolled them said it),
    # or, when it fell due, it was no longer true (a promoted learner who cancelled meanwhile).
    SUPPRESSED = "suppressed"


class Channel(StrEnum):
    TELEGRAM = "telegram"
    EMAIL = "email"


# The 19 major categories (专业大类) of the 2021 catalogue of vocational education majors.
MAJOR_CATEGORIES: dict[int, str] = {
    41: N_("Agriculture, Forestry, Animal Husbandry and Fishery"),  # 农林牧渔大类
    42: N_("Resources, Environment and Safety"),  # 资源环境与安全大类
    43: N_("Energy, Power and Materials"),  # 能源动力与材料大类
    44: N_("Civil Engineering and Architecture"),  # 土木建筑大类
    45: N_("Water Resources"),  # 水利大类
    46: N_("Equipment Manufacturing"),  # 装备制造大类
    47: N_("Biological and Chemical Engineering"),  # 生物与化工大类
    48: N_("Light Industry and Textiles"),  # 轻工纺织大类
    49: N_("Food, Drugs and Grain"),  # 食品药品与粮食大类
    50: N_("Transportation"),  # 交通运输大类
    51: N_("Electronics and Information"),  # 电子与信息大类
    52: N_("Medicine and Health"),  # 医药卫生大类
    53: N_("Finance and Commerce"),  # 财经商贸大类
    54: N_("Tourism"),  # 旅游大类
    55: N_("Culture and Arts"),  # 文化艺术大类
    56: N_("Press, Broadcasting and Publishing"),  # 新闻传播大类
    57: N_("Education and Sports"),  # 教育与体育大类
    58: N_("Public Security and Judicial Affairs"),  # 公安与司法大类
    59: N_("Public Administration and Services"),  # 公共管理与服务大类
}

TRACK_LABELS: dict[Track, str] = {
    Track.ONLINE: N_("Online quality courses"),
    Track.CONTINUING: N_("Continuing and community education"),
    Track.CHINESE_PLUS: N_("Chinese + vocational skills"),
}


class CreditSource(StrEnum):
    """How a credit record came to be."""

    COMPLETION = "completion"  # a course completed here
    CONVERSION = "conversion"  # an outcome from elsewhere, converted under a rule (学分转换)


class OutcomeKind(StrEnum):
    """A learning outcome earned elsewhere (二(三)7–8)."""

    ONE_PLUS_X = "one_plus_x"  # 1+X 职业技能等级证书
    COURSE_ELSEWHERE = "course_elsewhere"  # another institution's course completion
    SKILL_LEVEL = "skill_level"  # 职业技能等级 / 技能等级证书


class OutcomeLevel(StrEnum):
    """The three levels of 1+X and skill-level certificates, in rising order."""

    JUNIOR = "junior"  # 初级
    INTERMEDIATE = "intermediate"  # 中级
    SENIOR = "senior"  # 高级


class OutcomeStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ApplicationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

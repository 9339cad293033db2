"""Source material for the demo catalogue: subjects, places, providers and partners.

Subjects follow the 2021 catalogue of vocational majors and the target groups of the
2020–2023 action plan. Each text is keyed by BCP 47 locale; zh-Hans and en are always there.
"""

from __future__ import annotations

from functools import lru_cache

from babel.lists import format_list

from courses.i18n.locales import babel_id
from courses.vocabulary.kinds import Audience as A
from courses.vocabulary.kinds import BaseDomain as D
from courses.vocabulary.kinds import BaseKind as B

# (major category, {locale: subject}, audiences) for graded online and continuing courses.
SUBJECTS: list[tuple[int, dict[str, str], tuple[A, ...]]] = [
    (41, {"zh-Hans": "现代农业技术", "en": "Modern Agricultural Technology", "ar": "تقنيات الزراعة الحديثة",
          "ru": "Современные агротехнологии", "fr": "Techniques agricoles modernes",
          "th": "เทคโนโลยีการเกษตรสมัยใหม่"}, (A.RURAL_TALENT, A.MIGRANT_WORKERS)),
    (41, {"zh-Hans": "设施园艺", "en": "Greenhouse Horticulture", "ru": "Тепличное овощеводство", "fr": "Horticulture sous serre", "ar": "البستنة في البيوت المحمية", "th": "การปลูกพืชในโรงเรือน"}, (A.RURAL_TALENT,)),
    (41, {"zh-Hans": "畜牧兽医", "en": "Animal Husbandry and Veterinary Care", "ru": "Животноводство и ветеринария", "fr": "Élevage et soins vétérinaires", "ar": "تربية الحيوانات والرعاية البيطرية", "th": "การเลี้ยงสัตว์และสัตวแพทย์"}, (A.RURAL_TALENT, A.VETERANS)),
    (42, {"zh-Hans": "安全生产管理", "en": "Work Safety Management", "fr": "Gestion de la sécurité au travail", "ar": "إدارة السلامة المهنية", "th": "การจัดการความปลอดภัยในการทำงาน",
          "ru": "Управление охраной труда"}, (A.EMPLOYEES,)),
    (42, {"zh-Hans": "环境监测技术", "en": "Environmental Monitoring", "ru": "Экологический мониторинг", "fr": "Surveillance de l'environnement", "ar": "رصد البيئة", "th": "การตรวจวัดสิ่งแวดล้อม"}, (A.EMPLOYEES, A.JOB_CHANGERS)),
    (43, {"zh-Hans": "光伏发电技术与应用", "en": "Photovoltaic Power Technology", "ru": "Солнечная фотоэлектрическая энергетика", "th": "เทคโนโลยีการผลิตไฟฟ้าจากเซลล์แสงอาทิตย์",
          "ar": "تقنية الطاقة الشمسية الكهروضوئية", "fr": "Technologie photovoltaïque"}, (A.EMPLOYEES, A.VETERANS)),
    (43, {"zh-Hans": "工业电气技术", "en": "Industrial Electrical Engineering", "th": "ไฟฟ้าอุตสาหกรรม",
          "fr": "Électricité industrielle", "ru": "Промышленная электротехника",
          "ar": "الكهرباء الصناعية"}, (A.EMPLOYEES, A.JOB_CHANGERS)),
    (44, {"zh-Hans": "建筑工程技术", "en": "Building Construction Technology", "fr": "Techniques du bâtiment", "ar": "تقنيات تشييد المباني", "th": "เทคโนโลยีการก่อสร้างอาคาร",
          "ru": "Технология строительства"}, (A.MIGRANT_WORKERS, A.NEW_URBAN_RESIDENTS)),
    (44, {"zh-Hans": "装配式建筑施工", "en": "Prefabricated Building Construction", "ru": "Сборное строительство", "fr": "Construction préfabriquée", "ar": "البناء الجاهز", "th": "การก่อสร้างอาคารสำเร็จรูป"}, (A.MIGRANT_WORKERS,)),
    (45, {"zh-Hans": "水利工程施工", "en": "Water Conservancy Construction", "ru": "Гидротехническое строительство", "fr": "Travaux hydrauliques", "ar": "إنشاءات الري والموارد المائية", "th": "การก่อสร้างงานชลประทาน"}, (A.RURAL_TALENT, A.EMPLOYEES)),
    (46, {"zh-Hans": "焊接技术与自动化", "en": "Welding Technology and Automation",
          "ru": "Сварка и автоматизация сварочных процессов", "fr": "Technologie du soudage et automatisation",
          "ar": "تقنية اللحام والأتمتة", "th": "เทคโนโลยีการเชื่อมและระบบอัตโนมัติ"},
     (A.MIGRANT_WORKERS, A.VETERANS, A.UNEMPLOYED)),
    (46, {"zh-Hans": "数控技术", "en": "CNC Machining Technology", "fr": "Usinage à commande numérique", "ar": "تقنية التشغيل بالتحكم الرقمي", "ru": "Станки с ЧПУ",
          "th": "เทคโนโลยีเครื่องจักรซีเอ็นซี"}, (A.EMPLOYEES, A.JOB_CHANGERS)),
    (46, {"zh-Hans": "工业机器人技术", "en": "Industrial Robotics", "ar": "الروبوتات الصناعية", "ru": "Промышленная робототехника",
          "fr": "Robotique industrielle", "th": "เทคโนโลยีหุ่นยนต์อุตสาหกรรม"}, (A.EMPLOYEES, A.VETERANS)),
    (46, {"zh-Hans": "新能源汽车技术", "en": "New Energy Vehicle Technology", "ru": "Электромобили и гибридные автомобили", "fr": "Véhicules à énergies nouvelles",
          "th": "เทคโนโลยียานยนต์พลังงานใหม่", "ar": "تقنية مركبات الطاقة الجديدة"}, (A.JOB_CHANGERS, A.EMPLOYEES)),
    (47, {"zh-Hans": "应用化工技术", "en": "Applied Chemical Technology", "ru": "Прикладная химическая технология", "fr": "Chimie industrielle appliquée", "ar": "التقنية الكيميائية التطبيقية", "th": "เทคโนโลยีเคมีประยุกต์"}, (A.EMPLOYEES,)),
    (48, {"zh-Hans": "服装设计与工艺", "en": "Garment Design and Tailoring", "ru": "Конструирование и пошив одежды", "ar": "تصميم الأزياء والخياطة", "th": "การออกแบบและตัดเย็บเสื้อผ้า",
          "fr": "Conception et confection de vêtements"}, (A.MIGRANT_WORKERS, A.UNEMPLOYED)),
    (49, {"zh-Hans": "食品检验检测技术", "en": "Food Inspection and Testing", "ru": "Контроль качества пищевых продуктов", "fr": "Contrôle et analyse des aliments", "ar": "فحص الأغذية واختبارها", "th": "การตรวจสอบและทดสอบอาหาร"}, (A.EMPLOYEES,)),
    (49, {"zh-Hans": "中药学", "en": "Traditional Chinese Pharmacy", "fr": "Pharmacopée chinoise", "ar": "الصيدلة الصينية التقليدية", "th": "เภสัชกรรมแผนจีน", "ru": "Традиционная китайская фармация"},
     (A.EMPLOYEES, A.OLDER_ADULTS)),
    (50, {"zh-Hans": "城市轨道交通运营管理", "en": "Urban Rail Transit Operations", "ru": "Эксплуатация городского рельсового транспорта", "fr": "Exploitation des transports ferroviaires urbains", "ar": "تشغيل النقل الحضري بالسكك الحديدية",
          "th": "การจัดการเดินรถไฟฟ้าในเมือง"}, (A.JOB_CHANGERS, A.NEW_URBAN_RESIDENTS)),
    (50, {"zh-Hans": "汽车检测与维修技术", "en": "Automotive Inspection and Repair", "ru": "Диагностика и ремонт автомобилей", "th": "การตรวจสภาพและซ่อมรถยนต์",
          "ar": "فحص السيارات وصيانتها", "fr": "Diagnostic et réparation automobile"},
     (A.MIGRANT_WORKERS, A.VETERANS)),
    (51, {"zh-Hans": "大数据技术", "en": "Big Data Technology", "fr": "Technologies du big data", "ar": "تقنيات البيانات الضخمة", "th": "เทคโนโลยีข้อมูลขนาดใหญ่", "ru": "Технологии больших данных"},
     (A.EMPLOYEES, A.JOB_CHANGERS)),
    (51, {"zh-Hans": "人工智能技术应用", "en": "Applied Artificial Intelligence", "ru": "Прикладной искусственный интеллект", "ar": "الذكاء الاصطناعي التطبيقي", "th": "ปัญญาประดิษฐ์ประยุกต์",
          "fr": "Intelligence artificielle appliquée"}, (A.EMPLOYEES,)),
    (51, {"zh-Hans": "电子商务直播运营", "en": "Live-Stream E-commerce Operations", "ru": "Продажи в прямом эфире", "fr": "Vente en direct sur internet", "ar": "التجارة الإلكترونية بالبث المباشر",
          "th": "การไลฟ์สดขายสินค้าออนไลน์"}, (A.RURAL_TALENT, A.UNEMPLOYED, A.DISABLED)),
    (52, {"zh-Hans": "护理", "en": "Nursing", "ru": "Сестринское дело", "fr": "Soins infirmiers",
          "ar": "التمريض", "th": "การพยาบาล"}, (A.EMPLOYEES, A.JOB_CHANGERS)),
    (52, {"zh-Hans": "老年保健与管理", "en": "Elderly Health Care and Management", "fr": "Soins et accompagnement des personnes âgées", "th": "การดูแลสุขภาพผู้สูงอายุ",
          "ru": "Уход за пожилыми людьми", "ar": "رعاية المسنين"}, (A.EMPLOYEES, A.UNEMPLOYED, A.OLDER_ADULTS)),
    (52, {"zh-Hans": "康复治疗技术", "en": "Rehabilitation Therapy", "ru": "Реабилитационная терапия", "ar": "العلاج التأهيلي", "th": "กายภาพบำบัดและการฟื้นฟู", "fr": "Rééducation fonctionnelle"},
     (A.EMPLOYEES, A.DISABLED)),
    (53, {"zh-Hans": "现代物流管理", "en": "Modern Logistics Management", "fr": "Gestion logistique moderne", "ru": "Современная логистика",
          "ar": "إدارة الخدمات اللوجستية", "th": "การจัดการโลจิสติกส์สมัยใหม่"},
     (A.MIGRANT_WORKERS, A.VETERANS, A.JOB_CHANGERS)),
    (53, {"zh-Hans": "大数据与会计", "en": "Big Data and Accounting", "ru": "Бухгалтерский учёт и большие данные", "ar": "المحاسبة والبيانات الضخمة", "th": "การบัญชีและข้อมูลขนาดใหญ่", "fr": "Comptabilité et données"},
     (A.EMPLOYEES,)),
    (53, {"zh-Hans": "跨境电子商务", "en": "Cross-border E-commerce", "fr": "Commerce électronique transfrontalier", "ar": "التجارة الإلكترونية عبر الحدود", "ru": "Трансграничная электронная торговля",
          "th": "อีคอมเมิร์ซข้ามพรมแดน"}, (A.JOB_CHANGERS, A.RURAL_TALENT)),
    (54, {"zh-Hans": "旅游管理", "en": "Tourism Management", "ru": "Управление туризмом", "ar": "إدارة السياحة", "th": "การจัดการการท่องเที่ยว",
          "fr": "Gestion du tourisme"}, (A.NEW_URBAN_RESIDENTS, A.RURAL_TALENT)),
    (54, {"zh-Hans": "烹饪工艺与营养", "en": "Culinary Skills and Nutrition", "ru": "Кулинария и питание", "ar": "فنون الطهي والتغذية", "fr": "Cuisine et nutrition",
          "th": "ศิลปะการประกอบอาหารและโภชนาการ"}, (A.UNEMPLOYED, A.MIGRANT_WORKERS)),
    (55, {"zh-Hans": "书法艺术", "en": "Chinese Calligraphy", "ru": "Китайская каллиграфия", "fr": "Calligraphie chinoise", "ar": "الخط الصيني", "th": "การเขียนพู่กันจีน"}, (A.OLDER_ADULTS,)),
    (55, {"zh-Hans": "工艺美术品设计", "en": "Arts and Crafts Design", "ru": "Декоративно-прикладное искусство", "fr": "Arts appliqués et artisanat", "ar": "تصميم الحرف الفنية", "th": "การออกแบบงานศิลปหัตถกรรม"}, (A.DISABLED, A.OLDER_ADULTS)),
    (56, {"zh-Hans": "融媒体技术与运营", "en": "Converged Media Production", "ru": "Производство медиаконтента", "fr": "Production multimédia", "ar": "إنتاج الإعلام المتكامل", "th": "การผลิตสื่อหลอมรวม"}, (A.EMPLOYEES,)),
    (57, {"zh-Hans": "婴幼儿托育服务与管理", "en": "Infant and Toddler Care", "fr": "Accueil du jeune enfant", "ar": "رعاية الرضع والأطفال الصغار", "th": "การดูแลเด็กเล็ก", "ru": "Уход за детьми раннего возраста"},
     (A.UNEMPLOYED, A.NEW_URBAN_RESIDENTS)),
    (57, {"zh-Hans": "太极拳与健身气功", "en": "Tai Chi and Qigong", "ru": "Тайцзицюань и цигун", "ar": "تاي تشي وتشي كونغ", "th": "ไทเก๊กและชี่กง", "fr": "Tai-chi et qi gong"},
     (A.OLDER_ADULTS,)),
    (58, {"zh-Hans": "社区矫正", "en": "Community Corrections", "ru": "Исправительные работы в общине", "fr": "Probation et réinsertion", "ar": "الإصلاح المجتمعي", "th": "การคุมประพฤติในชุมชน"}, (A.EMPLOYEES,)),
    (59, {"zh-Hans": "家政服务与管理", "en": "Domestic Services Management", "ru": "Организация бытовых услуг", "fr": "Services à domicile", "th": "การจัดการงานบริการในบ้าน", "ar": "إدارة الخدمات المنزلية"},
     (A.MIGRANT_WORKERS, A.UNEMPLOYED)),
    (59, {"zh-Hans": "智慧健康养老服务", "en": "Smart Elderly Care Services", "ru": "Цифровые услуги по уходу за пожилыми", "fr": "Services numériques aux seniors", "ar": "خدمات رعاية المسنين الذكية", "th": "บริการดูแลผู้สูงอายุอัจฉริยะ"}, (A.EMPLOYEES, A.OLDER_ADULTS)),
    (59, {"zh-Hans": "智能手机应用入门", "en": "Getting Started with Smartphones", "fr": "Premiers pas avec un smartphone", "ar": "مدخل إلى الهواتف الذكية", "th": "เริ่มต้นใช้สมาร์ตโฟน",
          "ru": "Смартфон для начинающих"}, (A.OLDER_ADULTS, A.RURAL_TALENT)),
]

# Variants make one subject into several courses, the way a school's catalogue does.
VARIANTS: list[dict[str, str]] = [
    {"zh-Hans": "基础", "en": "Foundations", "ru": "основы", "fr": "fondamentaux", "ar": "الأساسيات",
     "th": "พื้นฐาน"},
    {"zh-Hans": "实训", "en": "Practical Training", "ru": "практикум", "fr": "travaux pratiques",
     "ar": "التدريب العملي", "th": "ฝึกปฏิบัติ"},
    {"zh-Hans": "进阶", "en": "Advanced", "ru": "продвинутый курс", "fr": "perfectionnement",
     "ar": "مستوى متقدم", "th": "ขั้นสูง"},
    {"zh-Hans": "岗位技能提升", "en": "On-the-job Skills Upgrade", "ru": "повышение квалификации",
     "fr": "mise à niveau professionnelle", "ar": "رفع المهارات المهنية", "th": "ยกระดับทักษะในงาน"},
    {"zh-Hans": "1+X证书培训", "en": "1+X Certificate Training", "ru": "подготовка к сертификату 1+X",
     "fr": "préparation au certificat 1+X", "ar": "التدريب على شهادة 1+X", "th": "อบรมใบรับรอง 1+X"},
]

SUMMARY: dict[str, str] = {
    "zh-Hans": "{subject}课程，{hours}学时，面向{audience}，由{provider}开设。",
    "en": "A {hours}-hour course in {subject} for {audience}, offered by {provider}.",
    "ru": "Курс «{subject}», {hours} ч., для слушателей: {audience}. Проводит {provider}.",
    "fr": "Un cours de {hours} heures en {subject}, pour {audience}, proposé par {provider}.",
    "ar": "دورة في {subject} مدتها {hours} ساعة، لفئة {audience}، تقدمها {provider}.",
    "th": "หลักสูตร{subject} {hours} ชั่วโมง สำหรับ{audience} จัดโดย{provider}",
}

AUDIENCE_WORDS: dict[str, dict[A, str]] = {
    "zh-Hans": {A.EMPLOYEES: "在职职工", A.VETERANS: "退役军人", A.MILITARY: "现役军人",
                A.MIGRANT_WORKERS: "农民工", A.JOB_CHANGERS: "转岗人员", A.NEW_URBAN_RESIDENTS: "新市民",
                A.UNEMPLOYED: "失业人员", A.DISABLED: "残疾人", A.RURAL_TALENT: "农村实用人才",
                A.OLDER_ADULTS: "老年人"},
    "en": {A.EMPLOYEES: "employees", A.VETERANS: "veterans", A.MILITARY: "serving military",
           A.MIGRANT_WORKERS: "migrant workers", A.JOB_CHANGERS: "job changers",
           A.NEW_URBAN_RESIDENTS: "new urban residents", A.UNEMPLOYED: "job seekers",
           A.DISABLED: "people with disabilities", A.RURAL_TALENT: "rural practitioners",
           A.OLDER_ADULTS: "older adults"},
    "ru": {A.EMPLOYEES: "работники", A.VETERANS: "ветераны", A.MILITARY: "военнослужащие",
           A.MIGRANT_WORKERS: "трудовые мигранты", A.JOB_CHANGERS: "меняющие профессию",
           A.NEW_URBAN_RESIDENTS: "новые горожане", A.UNEMPLOYED: "ищущие работу",
           A.DISABLED: "люди с инвалидностью", A.RURAL_TALENT: "сельские специалисты",
           A.OLDER_ADULTS: "пожилые люди"},
    "fr": {A.EMPLOYEES: "salariés", A.VETERANS: "anciens militaires", A.MILITARY: "militaires",
           A.MIGRANT_WORKERS: "travailleurs migrants", A.JOB_CHANGERS: "personnes en reconversion",
           A.NEW_URBAN_RESIDENTS: "nouveaux citadins", A.UNEMPLOYED: "demandeurs d'emploi",
           A.DISABLED: "personnes handicapées", A.RURAL_TALENT: "praticiens ruraux",
           A.OLDER_ADULTS: "seniors"},
    "ar": {A.EMPLOYEES: "الموظفين", A.VETERANS: "المحاربين القدامى", A.MILITARY: "العسكريين",
           A.MIGRANT_WORKERS: "العمال المهاجرين", A.JOB_CHANGERS: "الراغبين في تغيير المهنة",
           A.NEW_URBAN_RESIDENTS: "سكان المدن الجدد", A.UNEMPLOYED: "الباحثين عن عمل",
           A.DISABLED: "ذوي الإعاقة", A.RURAL_TALENT: "الكفاءات الريفية", A.OLDER_ADULTS: "كبار السن"},
    "th": {A.EMPLOYEES: "พนักงาน", A.VETERANS: "ทหารผ่านศึก", A.MILITARY: "ทหารประจำการ",
           A.MIGRANT_WORKERS: "แรงงานย้ายถิ่น", A.JOB_CHANGERS: "ผู้เปลี่ยนสายงาน",
           A.NEW_URBAN_RESIDENTS: "ผู้อยู่อาศัยใหม่ในเมือง", A.UNEMPLOYED: "ผู้หางาน",
           A.DISABLED: "คนพิการ", A.RURAL_TALENT: "ผู้มีทักษะในชนบท", A.OLDER_ADULTS: "ผู้สูงอายุ"},
}



@lru_cache(maxsize=4096)
def audience_list(audiences: tuple[A, ...], locale: str) -> str:
    """Audiences as the locale lists them ("A、B和C", "A وB"), not joined by Latin commas."""
    words = AUDIENCE_WORDS[locale]
    return format_list([words[a] for a in audiences], locale=babel_id(locale))


# Chinese + vocational skills: (major category, {locale: skill}, partner countries).
CHINESE_PLUS: list[tuple[int, dict[str, str], tuple[str, ...]]] = [
    (46, {"zh-Hans": "焊接", "en": "Welding", "th": "งานเชื่อม", "ru": "Сварка", "ar": "اللحام",
          "fr": "Soudage"}, ("TH", "KZ", "EG", "DJ")),
    (46, {"zh-Hans": "数控加工", "en": "CNC Machining", "ar": "التشغيل بالتحكم الرقمي", "fr": "Usinage à commande numérique", "th": "งานกลึงซีเอ็นซี", "ru": "Обработка на станках с ЧПУ"},
     ("TH", "KZ")),
    (50, {"zh-Hans": "铁路运营", "en": "Railway Operations", "th": "การเดินรถไฟ", "ru": "Эксплуатация железных дорог", "fr": "Exploitation ferroviaire",
          "ar": "تشغيل السكك الحديدية"}, ("DJ", "KE", "EG")),
    (50, {"zh-Hans": "汽车维修", "en": "Vehicle Maintenance", "ru": "Обслуживание автомобилей", "fr": "Maintenance automobile", "th": "ซ่อมบำรุงรถยนต์", "ar": "صيانة المركبات"},
     ("TH", "EG")),
    (43, {"zh-Hans": "新能源发电", "en": "Renewable Power Generation", "th": "การผลิตไฟฟ้าพลังงานหมุนเวียน", "fr": "Production d'énergie renouvelable", "ar": "توليد الطاقة المتجددة",
          "ru": "Возобновляемая энергетика"}, ("EG", "KZ", "KE")),
    (51, {"zh-Hans": "电子商务", "en": "E-commerce", "ar": "التجارة الإلكترونية", "fr": "Commerce électronique", "th": "พาณิชย์อิเล็กทรอนิกส์", "ru": "Электронная коммерция"},
     ("TH", "KZ", "KE")),
    (53, {"zh-Hans": "物流管理", "en": "Logistics", "th": "โลจิสติกส์", "ru": "Логистика", "fr": "Logistique", "ar": "الخدمات اللوجستية"},
     ("DJ", "EG", "KE")),
    (54, {"zh-Hans": "酒店服务", "en": "Hotel Services", "ru": "Гостиничный сервис", "ar": "الخدمات الفندقية", "th": "บริการโรงแรม", "fr": "Services hôteliers"},
     ("TH", "DJ")),
    (52, {"zh-Hans": "中医推拿", "en": "Chinese Therapeutic Massage (Tuina)", "ar": "التدليك الصيني العلاجي (توينا)", "fr": "Massage chinois tuina", "th": "การนวดทุยหนา",
          "ru": "Китайский массаж туйна"}, ("TH", "KZ")),
    (44, {"zh-Hans": "工程测量", "en": "Engineering Surveying", "th": "การสำรวจทางวิศวกรรม", "ru": "Инженерная геодезия", "fr": "Topographie",
          "ar": "المساحة الهندسية"}, ("KE", "DJ", "EG")),
]

CHINESE_PLUS_TITLE: dict[str, str] = {
    "zh-Hans": "中文+{skill}（HSK {hsk}级）",
    "en": "Chinese + {skill} (HSK {hsk})",
    "ru": "Китайский язык + {skill} (HSK {hsk})",
    "fr": "Chinois + {skill} (HSK {hsk})",
    "ar": "اللغة الصينية + {skill} (HSK {hsk})",
    "th": "ภาษาจีน + {skill} (HSK {hsk})",
}

CHINESE_PLUS_SUMMARY: dict[str, str] = {
    "zh-Hans": "把中文学习和{skill}技能培训结合在一起，适合在中资企业工作的{country}学员。",
    "en": "Chinese language study combined with {skill} training, for learners in {country} working with "
          "Chinese enterprises.",
    "ru": "Изучение китайского языка вместе с профессиональной подготовкой ({skill}) для слушателей из "
          "страны {country}, работающих на китайских предприятиях.",
    "fr": "L'apprentissage du chinois associé à une formation en {skill}, pour les apprenants de {country} "
          "qui travaillent avec des entreprises chinoises.",
    "ar": "تعلم اللغة الصينية مع التدريب على {skill} للمتعلمين في {country} العاملين مع الشركات الصينية.",
    "th": "เรียนภาษาจีนควบคู่กับการฝึกทักษะ{skill} สำหรับผู้เรียนใน{country}ที่ทำงานกับบริษัทจีน",
}

# Language of instruction (besides Chinese) and the partner's main locale, by country.
COUNTRY_LOCALE: dict[str, str] = {"TH": "th", "KZ": "ru", "EG": "ar", "KE": "en", "DJ": "fr"}

# (province, city, latitude, longitude) in China.
CHINA_PLACES: list[tuple[dict[str, str], dict[str, str], float, float]] = [
    ({"zh-Hans": "天津市", "en": "Tianjin"}, {"zh-Hans": "天津", "en": "Tianjin"}, 39.0842, 117.2009),
    ({"zh-Hans": "北京市", "en": "Beijing"}, {"zh-Hans": "北京", "en": "Beijing"}, 39.9042, 116.4074),
    ({"zh-Hans": "江苏省", "en": "Jiangsu"}, {"zh-Hans": "南京", "en": "Nanjing"}, 32.0603, 118.7969),
    ({"zh-Hans": "江苏省", "en": "Jiangsu"}, {"zh-Hans": "苏州", "en": "Suzhou"}, 31.2989, 120.5853),
    ({"zh-Hans": "浙江省", "en": "Zhejiang"}, {"zh-Hans": "杭州", "en": "Hangzhou"}, 30.2741, 120.1551),
    ({"zh-Hans": "广东省", "en": "Guangdong"}, {"zh-Hans": "广州", "en": "Guangzhou"}, 23.1291, 113.2644),
    ({"zh-Hans": "广东省", "en": "Guangdong"}, {"zh-Hans": "深圳", "en": "Shenzhen"}, 22.5431, 114.0579),
    ({"zh-Hans": "四川省", "en": "Sichuan"}, {"zh-Hans": "成都", "en": "Chengdu"}, 30.5728, 104.0668),
    ({"zh-Hans": "山东省", "en": "Shandong"}, {"zh-Hans": "济南", "en": "Jinan"}, 36.6512, 117.1201),
    ({"zh-Hans": "山东省", "en": "Shandong"}, {"zh-Hans": "青岛", "en": "Qingdao"}, 36.0671, 120.3826),
    ({"zh-Hans": "湖北省", "en": "Hubei"}, {"zh-Hans": "武汉", "en": "Wuhan"}, 30.5928, 114.3055),
    ({"zh-Hans": "陕西省", "en": "Shaanxi"}, {"zh-Hans": "西安", "en": "Xi'an"}, 34.3416, 108.9398),
    ({"zh-Hans": "重庆市", "en": "Chongqing"}, {"zh-Hans": "重庆", "en": "Chongqing"}, 29.5630, 106.5516),
    ({"zh-Hans": "云南省", "en": "Yunnan"}, {"zh-Hans": "昆明", "en": "Kunming"}, 25.0389, 102.7183),
    ({"zh-Hans": "广西壮族自治区", "en": "Guangxi"}, {"zh-Hans": "南宁", "en": "Nanning"}, 22.8170, 108.3665),
    ({"zh-Hans": "新疆维吾尔自治区", "en": "Xinjiang"}, {"zh-Hans": "乌鲁木齐", "en": "Urumqi"}, 43.8256, 87.6168),
    ({"zh-Hans": "河南省", "en": "Henan"}, {"zh-Hans": "郑州", "en": "Zhengzhou"}, 34.7466, 113.6253),
    ({"zh-Hans": "湖南省", "en": "Hunan"}, {"zh-Hans": "长沙", "en": "Changsha"}, 28.2282, 112.9388),
]

# Luban Workshops and overseas learning centres: (country, {locale: city}, latitude, longitude).
OVERSEAS_PLACES: list[tuple[str, dict[str, str], float, float]] = [
    ("TH", {"zh-Hans": "大城府", "en": "Ayutthaya", "th": "พระนครศรีอยุธยา"}, 14.3532, 100.5689),
    ("TH", {"zh-Hans": "曼谷", "en": "Bangkok", "th": "กรุงเทพมหานคร"}, 13.7563, 100.5018),
    ("KZ", {"zh-Hans": "阿斯塔纳", "en": "Astana", "ru": "Астана"}, 51.1605, 71.4704),
    ("KZ", {"zh-Hans": "阿拉木图", "en": "Almaty", "ru": "Алматы"}, 43.2220, 76.8512),
    ("EG", {"zh-Hans": "开罗", "en": "Cairo", "ar": "القاهرة"}, 30.0444, 31.2357),
    ("EG", {"zh-Hans": "艾因苏赫纳", "en": "Ain Sokhna", "ar": "العين السخنة"}, 29.6000, 32.3167),
    ("KE", {"zh-Hans": "内罗毕", "en": "Nairobi"}, -1.2921, 36.8219),
    ("KE", {"zh-Hans": "马查科斯", "en": "Machakos"}, -1.5177, 37.2634),
    ("DJ", {"zh-Hans": "吉布提市", "en": "Djibouti City", "fr": "Djibouti", "ar": "جيبوتي"}, 11.5886, 43.1456),
]

BASE_KIND_NAMES: dict[B, dict[str, str]] = {
    B.CONTINUING_EDUCATION: {"zh-Hans": "{city}职业教育继续教育示范基地",
                             "en": "{city} Model Continuing Education Base"},
    B.COMMUNITY_EDUCATION: {"zh-Hans": "{city}社区教育示范基地", "en": "{city} Community Education Base"},
    B.ELDER_UNIVERSITY: {"zh-Hans": "{city}老年大学", "en": "{city} University for the Elderly",
                         "ru": "Университет третьего возраста, {city}"},
    B.EMPLOYEE_TRAINING: {"zh-Hans": "{city}职工培训基地", "en": "{city} Employee Training Base"},
    B.VIRTUAL_SIMULATION: {"zh-Hans": "{city}虚拟仿真实训基地", "en": "{city} Virtual Simulation Training Base"},
    B.LUBAN_WORKSHOP: {"zh-Hans": "{city}鲁班工坊", "en": "Luban Workshop {city}",
                       "th": "ลู่ปันเวิร์กช็อป {city}", "ru": "Мастерская Лубань, {city}",
                       "ar": "ورشة لوبان في {city}", "fr": "Atelier Luban de {city}"},
    B.OVERSEAS_CENTRE: {"zh-Hans": "{city}海外学习中心", "en": "{city} Overseas Learning Centre",
                        "th": "ศูนย์การเรียนรู้ต่างประเทศ {city}", "ru": "Зарубежный учебный центр, {city}",
                        "ar": "مركز التعلم الخارجي في {city}", "fr": "Centre d'apprentissage de {city}"},
}

BASE_DOMAINS: dict[B, tuple[D, ...]] = {
    B.CONTINUING_EDUCATION: (D.MANUFACTURING, D.DIGITAL_SKILLS, D.HEALTH_CARE),
    B.COMMUNITY_EDUCATION: (D.PRESCHOOL, D.CULTURE_ARTS, D.DOMESTIC_SERVICE, D.ELDER),
    B.ELDER_UNIVERSITY: (D.ELDER, D.CULTURE_ARTS, D.HEALTH_CARE),
    B.EMPLOYEE_TRAINING: (D.MANUFACTURING, D.DIGITAL_SKILLS),
    B.VIRTUAL_SIMULATION: (D.MANUFACTURING, D.HEALTH_CARE, D.SPECIAL),
    B.LUBAN_WORKSHOP: (D.MANUFACTURING, D.DIGITAL_SKILLS),
    B.OVERSEAS_CENTRE: (D.DIGITAL_SKILLS, D.CULTURE_ARTS),
}

PROVIDER_PATTERNS: list[tuple[str, dict[str, str]]] = [
    ("higher_vocational_college", {"zh-Hans": "{city}职业技术学院", "en": "{city} Vocational and Technical College"}),
    ("vocational_school", {"zh-Hans": "{city}市第一中等职业学校", "en": "{city} No. 1 Secondary Vocational School"}),
    ("vocational_university", {"zh-Hans": "{city}职业技术大学", "en": "{city} Vocational University"}),
    ("technician_school", {"zh-Hans": "{city}高级技工学校", "en": "{city} Senior Technician School"}),
    ("open_university", {"zh-Hans": "{city}开放大学", "en": "{city} Open University"}),
    ("enterprise", {"zh-Hans": "{city}智能制造有限公司培训中心", "en": "{city} Smart Manufacturing Co. Training Centre"}),
]

PARTNERS: list[dict] = [
    {"slug": "luban-thailand", "country": "TH", "locales": "th,en,zh-Hans", "currency": "THB",
     "initials": "TH", "colour": "#1d4f91",
     "name": {"th": "ลู่ปันเวิร์กช็อปประเทศไทย", "en": "Luban Workshop Thailand", "zh-Hans": "泰国鲁班工坊"},
     "intro": {
         "th": "ลู่ปันเวิร์กช็อปประเทศไทยที่พระนครศรีอยุธยาเป็นศูนย์ฝึกอาชีวศึกษาไทย–จีนแห่งแรก "
               "เปิดสอนภาษาจีนควบคู่กับทักษะวิชาชีพ เช่น ระบบราง ยานยนต์พลังงานใหม่ และระบบอัตโนมัติ "
               "หลักสูตรด้านล่างเปิดสอนในประเทศไทยหรือเรียนออนไลน์ได้",
         "en": "Luban Workshop Thailand, in Ayutthaya, was the first Thai–Chinese vocational training centre. "
               "It teaches Chinese together with trades such as rail transit, new energy vehicles and "
               "automation. The courses below are held in Thailand or online.",
         "zh-Hans": "泰国鲁班工坊位于大城府，是首个中泰职业教育合作培训中心，把中文学习与轨道交通、新能源汽车、"
                    "自动化等技能培训结合起来。下面的课程在泰国开班或在线学习。"},
     "contact": {"email": "info@luban-thailand.example.org", "phone": "+66 35 123 456",
                 "address": "ถนนอู่ทอง ตำบลประตูชัย อำเภอพระนครศรีอยุธยา 13000",
                 "website": "https://luban-thailand.example.org"}},
    {"slug": "kz-partner-college", "country": "KZ", "locales": "ru,en,zh-Hans", "currency": "KZT",
     "initials": "KZ", "colour": "#00798c",
     "name": {"ru": "Колледж-партнёр в Казахстане", "en": "Kazakhstan Partner College",
              "zh-Hans": "哈萨克斯坦合作学院"},
     "intro": {
         "ru": "Колледж-партнёр в Казахстане готовит специалистов вместе с китайскими колледжами: китайский "
               "язык, сварка, обработка на станках с ЧПУ и электронная коммерция. Занятия проходят в Астане "
               "и Алматы или онлайн.",
         "en": "Our partner college in Kazakhstan trains specialists together with Chinese colleges: Chinese, "
               "welding, CNC machining and e-commerce. Classes are held in Astana and Almaty or online.",
         "zh-Hans": "哈萨克斯坦合作学院与中国职业院校联合培养技术人才，开设中文、焊接、数控加工和电子商务课程，"
                    "在阿斯塔纳、阿拉木图开班，也可在线学习。"},
     "contact": {"email": "admissions@kz-college.example.org", "phone": "+7 7172 55 01 23",
                 "address": "Астана, проспект Мангилик Ел, 12", "website": "https://kz-college.example.org"}},
    {"slug": "luban-egypt", "country": "EG", "locales": "ar,en,zh-Hans", "currency": "EGP",
     "initials": "EG", "colour": "#8c3b1f",
     "name": {"ar": "ورشة لوبان في مصر", "en": "Luban Workshop Egypt", "zh-Hans": "埃及鲁班工坊"},
     "intro": {
         "ar": "ورشة لوبان في مصر مركز للتدريب المهني بالتعاون مع الكليات الصينية، تقدم دورات في اللغة "
               "الصينية مع مهارات مثل الطاقة المتجددة وصيانة المركبات والخدمات اللوجستية، في القاهرة "
               "والعين السخنة أو عبر الإنترنت.",
         "en": "Luban Workshop Egypt is a vocational training centre run with Chinese colleges. It offers "
               "Chinese together with renewable energy, vehicle maintenance and logistics, in Cairo and "
               "Ain Sokhna or online.",
         "zh-Hans": "埃及鲁班工坊与中国职业院校共建，开设中文+新能源、汽车维修、物流等课程，在开罗、艾因苏赫纳开班，"
                    "也可在线学习。"},
     "contact": {"email": "info@luban-egypt.example.org", "phone": "+20 2 2345 6789",
                 "address": "القاهرة، شارع التحرير 15", "website": "https://luban-egypt.example.org"}},
    {"slug": "luban-kenya", "country": "KE", "locales": "en,zh-Hans", "currency": "KES",
     "initials": "KE", "colour": "#2e6b30",
     "name": {"en": "Luban Workshop Kenya", "zh-Hans": "肯尼亚鲁班工坊"},
     "intro": {
         "en": "Luban Workshop Kenya, in Machakos and Nairobi, trains technicians in railway operations, "
               "renewable power and surveying, with Chinese lessons for work with Chinese enterprises.",
         "zh-Hans": "肯尼亚鲁班工坊位于马查科斯和内罗毕，培养铁路运营、新能源发电和工程测量技术人才，并开设中文课程。"},
     "contact": {"email": "info@luban-kenya.example.org", "phone": "+254 20 123 4567",
                 "address": "Machakos University, Machakos", "website": "https://luban-kenya.example.org"}},
    {"slug": "luban-djibouti", "country": "DJ", "locales": "fr,ar,zh-Hans", "currency": "DJF",
     "initials": "DJ", "colour": "#5b3f8c",
     "name": {"fr": "Atelier Luban de Djibouti", "ar": "ورشة لوبان في جيبوتي", "zh-Hans": "吉布提鲁班工坊"},
     "intro": {
         "fr": "L'Atelier Luban de Djibouti forme aux métiers du rail, de la logistique portuaire et de "
               "l'hôtellerie, avec des cours de chinois pour travailler avec les entreprises chinoises.",
         "ar": "ورشة لوبان في جيبوتي تدرب على مهن السكك الحديدية والخدمات اللوجستية للموانئ والفندقة، "
               "مع دروس في اللغة الصينية للعمل مع الشركات الصينية.",
         "zh-Hans": "吉布提鲁班工坊开设铁路运营、港口物流和酒店服务培训，并开设中文课程，帮助学员在中资企业就业。"},
     "contact": {"email": "contact@luban-djibouti.example.org", "phone": "+253 21 35 00 00",
                 "address": "Boulevard de la République, Djibouti",
                 "website": "https://luban-djibouti.example.org"}},
]

# The partner languages besides Chinese and English, and the share of other courses written in each.
TRANSLATED = ("ru", "fr", "ar", "th")
TRANSLATED_SHARE = 0.35


def partner_logo(initials: str, colour: str) -> bytes:
    """A small SVG badge for a demo partner: "LW" (Luban Workshop) over the country code."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<rect width="64" height="64" rx="12" fill="{colour}"/>'
        '<path d="M14 46h36" stroke="#fff" stroke-width="3"/>'
        '<text x="32" y="30" font-family="sans-serif" font-size="18" font-weight="700" text-anchor="middle" '
        'fill="#fff">LW</text>'
        f'<text x="32" y="58" font-family="sans-serif" font-size="11" text-anchor="middle" fill="#fff">{initials}'
        "</text></svg>"
    ).encode()


COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "TH": {"zh-Hans": "泰国", "en": "Thailand", "th": "ประเทศไทย", "ru": "Таиланд", "fr": "Thaïlande",
           "ar": "تايلاند"},
    "KZ": {"zh-Hans": "哈萨克斯坦", "en": "Kazakhstan", "ru": "Казахстан", "th": "คาซัคสถาน",
           "fr": "Kazakhstan", "ar": "كازاخستان"},
    "EG": {"zh-Hans": "埃及", "en": "Egypt", "ar": "مصر", "ru": "Египет", "fr": "Égypte", "th": "อียิปต์"},
    "KE": {"zh-Hans": "肯尼亚", "en": "Kenya", "ru": "Кения", "fr": "Kenya", "ar": "كينيا", "th": "เคนยา"},
    "DJ": {"zh-Hans": "吉布提", "en": "Djibouti", "fr": "Djibouti", "ar": "جيبوتي", "ru": "Джибути",
           "th": "จิบูตี"},
}

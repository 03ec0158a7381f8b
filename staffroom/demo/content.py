"""Fixed content for the demo: the alliance, its schools and staff, and the bank of professional learning.

Everything here is plain data so that the demo is the same on every machine: names come from fixed lists rather
than a fake-data library, and the builder chooses among them with a seeded random generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from staffroom.accounts.roles import SchoolRole as R
from staffroom.learning.models import ActivityKind as K

SEED = 2026
DEMO_PASSWORD = "staffroom-demo"

NETWORK_NAME = "Fenland Learning Alliance"

SUBJECTS = [
    "English",
    "Mathematics",
    "Science",
    "History",
    "Geography",
    "Art and design",
    "Computing",
    "Design and technology",
    "Languages",
    "Music",
    "Physical education",
    "Religious education",
    "PSHE and RSE",
    "Phonics and early reading",
    "Early years",
    "SEND",
]

# Framework slugs as shipped in staffroom/frameworks/data, keyed by the prefix used in descriptor codes below.
FRAMEWORKS = {
    "ts": "teachers-standards-england",
    "ht": "headteachers-standards-2020",
    "pd": "dfe-pd-standard",
    "eef": "eef-pd-mechanisms",
    "gl": "guskey",
    "ta": "teaching-assistant-standards",
}
ENGLISH_SCHOOL_FRAMEWORKS = ["ts", "ht", "ta", "pd", "eef", "gl"]
# What teaching assistants' learning most often links to: pupils' needs, independence, interventions, feedback.
TA_STANDARD_CODES = ("ta:TA2.b", "ta:TA3.a", "ta:TA3.b", "ta:TA3.c", "ta:TA4.a", "ta:TA2.d")


# --- People -------------------------------------------------------------------------------------------------

FIRST_NAMES = [
    "Amelia", "Olivia", "Isla", "Emily", "Sophie", "Charlotte", "Hannah", "Rebecca", "Laura", "Sarah", "Claire",
    "Nicola", "Kirsty", "Gemma", "Lucy", "Katie", "Natalie", "Emma", "Jessica", "Megan", "Chloe", "Zoe",
    "Siobhan", "Niamh", "Aoife", "Rhiannon", "Catrin", "Anjali", "Aisha", "Fatima", "Amira", "Zainab", "Nadia",
    "Yasmin", "Grace", "Abigail", "Eleanor", "Harriet", "Alice", "Ruth", "Susan", "Karen", "Julie", "Alison",
    "Fiona", "Bethany", "Holly", "Ellie", "Imogen", "Agnieszka", "Marta", "Chiamaka", "Adaeze", "Folake", "Mei",
    "Leanne", "Donna", "Tracey", "Jade", "Kerry", "Georgia", "Freya", "Poppy", "Molly", "Oliver", "James",
    "Thomas", "Matthew", "Christopher", "Andrew", "David", "Michael", "Richard", "Stephen", "Mark", "Paul",
    "Simon", "Gareth", "Rhys", "Owen", "Callum", "Ryan", "Liam", "Connor", "Ciaran", "Sean", "Ben", "Sam",
    "Joe", "Jack", "Harry", "George", "Mohammed", "Imran", "Bilal", "Hamza", "Arjun", "Rajesh", "Sanjay",
    "Vikram", "Kwame", "Tunde", "Chinedu", "Piotr", "Lukasz", "Jamie", "Craig", "Darren", "Lee", "Stuart",
    "Graham", "Neil", "Ian", "Peter", "Adam", "Nathan", "Joshua", "Ethan", "Lewis", "Kieran", "Dominic",
    "Edward", "Hugo", "Rory", "Fraser", "Hamish", "Euan",
]  # fmt: skip

SURNAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel",
    "Khan", "Hussain", "Ahmed", "Begum", "Shah", "Ali", "Singh", "Kaur", "Adeyemi", "Mensah", "Osei",
    "Kowalski", "O'Brien", "O'Connor", "Murphy", "Kelly", "Byrne", "Doyle", "McCarthy", "MacDonald", "Campbell",
    "Stewart", "Reid", "Morgan", "Lewis", "Price", "Powell", "Griffiths", "Edwards", "Harris", "Cooper", "King",
    "Baker", "Turner", "Hill", "Moore", "Clark", "Scott", "Young", "Allen", "Mitchell", "Carter", "Phillips",
    "Bennett", "Parker", "Cook", "Ward", "Bailey", "Bell", "Cox", "Richardson", "Marshall", "Palmer", "Fletcher",
    "Holmes", "Barnes", "Pearson", "Dawson", "Fisher", "Lawson", "Thornton", "Chapman", "Sutcliffe", "Lambert",
    "Francis", "Grant", "Henderson", "Burton", "Nolan", "Chen", "Wong", "Nguyen", "Ferreira", "Santos", "Rossi",
    "Kaya", "Mahmood", "Iqbal", "Chaudhry", "Rahman", "Choudhury", "Barker-Jones", "Lloyd", "Jenkins", "Rowe",
    "Webb", "Gill", "Knight", "Hunt", "Spencer", "Gray", "Mills", "Sanderson", "Booth", "Dixon",
]  # fmt: skip


@dataclass(frozen=True)
class Slot:
    """One post in a school's staffing structure; the builder gives it a person."""

    key: str
    job_title: str
    roles: tuple[str, ...]
    department: str | None = None
    subjects: tuple[str, ...] = ()
    manager: str | None = None
    group: str = ""  # the pupils this person works with, for reflections
    # A fixed login and name; everyone else gets a name from the lists above.
    email: str | None = None
    name: tuple[str, str] | None = None
    # Kept when --staff-per-school trims the roster: the demo logins and the people they depend on.
    essential: bool = False
    # Records nothing this term, so that the head sees who is missing out.
    quiet: bool = False
    ect: bool = False
    mentor: bool = False
    npq: str | None = None
    # A demo login that must open on due follow-ups and a busy current year.
    showcase: bool = False


@dataclass(frozen=True)
class SchoolSpec:
    key: str
    name: str
    urn: str
    phase: str
    domain: str
    mis_prefix: str
    departments: tuple[str, ...]
    slots: tuple[Slot, ...] = field(default_factory=tuple)


PRIMARY_DEPARTMENTS = ("Early Years", "Key Stage 1", "Key Stage 2", "Inclusion", "Office and site")
SECONDARY_DEPARTMENTS = ("Mathematics", "English", "Science", "Humanities", "Arts", "Inclusion", "Support staff")

EY, KS1, KS2, INC, OFFICE = PRIMARY_DEPARTMENTS

OAKFIELD = SchoolSpec(
    key="oakfield",
    name="Oakfield Primary School",
    urn="100001",
    phase="primary",
    domain="oakfield.example",
    mis_prefix="OAK",
    departments=PRIMARY_DEPARTMENTS,
    slots=(
        Slot("head", "Headteacher", (R.HEADTEACHER, R.SCHOOL_ADMIN), email="head@oakfield.example",
             name=("Helen", "Ashworth"), essential=True, group="pupils across the school"),
        Slot("deputy", "Deputy headteacher", (R.SENIOR_LEADER, R.CPD_COORDINATOR), subjects=("mathematics",),
             manager="head", essential=True, npq="NPQ for Senior Leadership (NPQSL)", group="Year 6 class"),
        Slot("senco", "SENCo and assistant headteacher", (R.SENIOR_LEADER,), INC, ("send",), "head",
             essential=True, group="pupils I teach in small groups"),
        Slot("eyfs_lead", "Early Years lead and Reception teacher", (R.MIDDLE_LEADER,), EY,
             ("early-years", "phonics-and-early-reading"), "deputy", group="Reception class"),
        Slot("ks1_lead", "Key Stage 1 phase leader and Year 2 teacher", (R.MIDDLE_LEADER,), KS1,
             ("english", "phonics-and-early-reading"), "deputy", mentor=True, group="Year 2 class"),
        Slot("ks2_lead", "Key Stage 2 phase leader and Year 6 teacher", (R.MIDDLE_LEADER,), KS2, ("mathematics",),
             "deputy", essential=True, mentor=True, group="Year 6 class"),
        Slot("english_lead", "English lead and Year 5 teacher", (R.MIDDLE_LEADER,), KS2, ("english",), "deputy",
             npq="NPQ for Leading Literacy (NPQLL)", group="Year 5 class"),
        Slot("teacher", "Class teacher, Year 4", (R.TEACHER,), KS2, ("science", "history"), "ks2_lead",
             email="teacher@oakfield.example", name=("Daniel", "Okafor"), essential=True, showcase=True,
             group="Year 4 class"),
        Slot("y3", "Class teacher, Year 3", (R.TEACHER,), KS2, ("geography",), "ks2_lead", group="Year 3 class"),
        Slot("y5", "Class teacher, Year 5", (R.TEACHER,), KS2, ("computing",), "ks2_lead", group="Year 5 class"),
        Slot("y6", "Class teacher, Year 6", (R.TEACHER,), KS2, ("mathematics", "pshe-and-rse"), "ks2_lead",
             group="Year 6 class"),
        Slot("y1", "Class teacher, Year 1", (R.TEACHER,), KS1, ("phonics-and-early-reading",), "ks1_lead",
             group="Year 1 class"),
        Slot("y1_ect", "Early career teacher, Year 1", (R.TEACHER,), KS1, ("art-and-design",), "ks1_lead",
             ect=True, group="Year 1 class"),
        Slot("y2", "Class teacher, Year 2", (R.TEACHER,), KS1, ("religious-education",), "ks1_lead",
             group="Year 2 class"),
        Slot("reception", "Class teacher, Reception", (R.TEACHER,), EY, ("early-years",), "eyfs_lead",
             group="Reception class"),
        Slot("nursery", "Nursery teacher", (R.TEACHER,), EY, ("early-years",), "eyfs_lead", group="Nursery class"),
        Slot("music", "Music teacher (part-time)", (R.TEACHER,), KS2, ("music",), "deputy", quiet=True,
             group="Key Stage 2 classes"),
        Slot("ta", "Teaching assistant, Year 4", (R.TEACHING_ASSISTANT,), KS2, (), "senco",
             email="ta@oakfield.example", name=("Joanne", "Pickering"), essential=True, showcase=True,
             group="the Year 4 class"),
        Slot("hlta", "Higher level teaching assistant", (R.TEACHING_ASSISTANT,), KS2, (), "ks2_lead",
             group="Key Stage 2 intervention groups"),
        Slot("ta_ks1", "Teaching assistant, Key Stage 1", (R.TEACHING_ASSISTANT,), KS1, (), "ks1_lead",
             group="Year 1 and Year 2 readers"),
        Slot("eyp", "Early years practitioner", (R.TEACHING_ASSISTANT,), EY, (), "eyfs_lead",
             group="Nursery and Reception children"),
        Slot("ta_send", "Teaching assistant (SEND, one-to-one)", (R.TEACHING_ASSISTANT,), INC, (), "senco",
             group="pupils I support in Year 3"),
        Slot("ta_sal", "Teaching assistant (speech and language)", (R.TEACHING_ASSISTANT,), INC, (), "senco",
             quiet=True, group="small speech and language groups"),
        Slot("office", "Office manager", (R.SUPPORT_STAFF, R.SCHOOL_ADMIN), OFFICE, (), "head", essential=True,
             group="families and pupils at the office"),
        Slot("admin", "Administrative assistant", (R.SUPPORT_STAFF,), OFFICE, (), "office", quiet=True,
             group="families and pupils at the office"),
        Slot("site", "Site manager", (R.SUPPORT_STAFF,), OFFICE, (), "head", group="everyone on site"),
        Slot("midday1", "Midday supervisor", (R.MIDDAY_STAFF,), None, (), "deputy", quiet=True,
             group="Key Stage 1 pupils at lunchtime"),
        Slot("midday2", "Senior midday supervisor", (R.MIDDAY_STAFF,), None, (), "deputy",
             group="Key Stage 2 pupils at lunchtime"),
        Slot("governor", "Chair of governors", (R.GOVERNOR,), email="governor@oakfield.example",
             name=("Martin", "Hargreaves"), essential=True),
        Slot("governor2", "Parent governor", (R.GOVERNOR,)),
    ),
)  # fmt: skip

RIVERSIDE = SchoolSpec(
    key="riverside",
    name="Riverside Academy",
    urn="100002",
    phase="secondary",
    domain="riverside.example",
    mis_prefix="RVA",
    departments=SECONDARY_DEPARTMENTS,
    slots=(
        Slot("head", "Headteacher", (R.HEADTEACHER, R.SCHOOL_ADMIN), email="head@riverside.example",
             name=("Priya", "Sharma"), essential=True, npq="NPQ for Executive Leadership (NPQEL)",
             group="pupils across the school"),
        Slot("deputy", "Deputy headteacher (curriculum)", (R.SENIOR_LEADER,), None, ("history",), "head"),
        Slot("aht_tl", "Assistant headteacher (teaching and learning)", (R.SENIOR_LEADER, R.CPD_COORDINATOR),
             "English", ("english",), "head", npq="NPQ for Leading Teacher Development (NPQLTD)"),
        Slot("senco", "SENCo (assistant headteacher)", (R.SENIOR_LEADER,), "Inclusion", ("send",), "head",
             npq="NPQ for Special Educational Needs Co-ordinators", group="pupils I teach in small groups"),
        Slot("hom", "Head of mathematics", (R.MIDDLE_LEADER,), "Mathematics", ("mathematics",), "deputy",
             essential=True, mentor=True, npq="NPQ for Leading Teaching (NPQLT)"),
        Slot("hoe", "Head of English", (R.MIDDLE_LEADER,), "English", ("english",), "deputy"),
        Slot("hos", "Head of science", (R.MIDDLE_LEADER,), "Science", ("science",), "deputy", mentor=True),
        Slot("hoh", "Head of humanities", (R.MIDDLE_LEADER,), "Humanities", ("history", "geography"), "deputy"),
        Slot("hoa", "Head of creative arts", (R.MIDDLE_LEADER,), "Arts", ("art-and-design", "music"), "deputy"),
        Slot("teacher", "Teacher of mathematics", (R.TEACHER,), "Mathematics", ("mathematics",), "hom",
             email="teacher@riverside.example", name=("Tomasz", "Nowak"), essential=True),
        Slot("maths_ect", "Teacher of mathematics (early career teacher)", (R.TEACHER,), "Mathematics",
             ("mathematics",), "hom", ect=True),
        Slot("maths_comp", "Teacher of mathematics and computing", (R.TEACHER,), "Mathematics",
             ("mathematics", "computing"), "hom"),
        Slot("english1", "Teacher of English", (R.TEACHER,), "English", ("english",), "hoe"),
        Slot("english2", "Teacher of English and media", (R.TEACHER,), "English", ("english",), "hoe",
             quiet=True),
        Slot("biology", "Teacher of science (biology)", (R.TEACHER,), "Science", ("science",), "hos"),
        Slot("chemistry", "Teacher of science (chemistry)", (R.TEACHER,), "Science", ("science",), "hos"),
        Slot("geography", "Teacher of geography", (R.TEACHER,), "Humanities", ("geography",), "hoh"),
        Slot("re", "Teacher of religious education and PSHE", (R.TEACHER,), "Humanities",
             ("religious-education", "pshe-and-rse"), "hoh"),
        Slot("languages", "Teacher of French and Spanish", (R.TEACHER,), "Humanities", ("languages",), "hoh"),
        Slot("dt", "Teacher of design and technology", (R.TEACHER,), "Arts", ("design-and-technology",), "hoa"),
        Slot("pe", "Teacher of physical education", (R.TEACHER,), "Arts", ("physical-education",), "hoa"),
        Slot("ta_send", "Teaching assistant (SEND)", (R.TEACHING_ASSISTANT,), "Inclusion", (), "senco",
             group="Year 7 pupils with EHC plans"),
        Slot("lsa", "Learning support assistant", (R.TEACHING_ASSISTANT,), "Inclusion", (), "senco",
             group="Key Stage 3 pupils I support in lessons"),
        Slot("ta_literacy", "Teaching assistant (literacy intervention)", (R.TEACHING_ASSISTANT,), "Inclusion", (),
             "senco", group="the Year 7 reading intervention group"),
        Slot("ta_maths", "Teaching assistant (mathematics)", (R.TEACHING_ASSISTANT,), "Mathematics", (), "hom",
             group="Year 8 pupils in maths catch-up"),
        Slot("hlta", "Higher level teaching assistant", (R.TEACHING_ASSISTANT,), "Inclusion", (), "senco",
             quiet=True, group="pupils in cover lessons and small groups"),
        Slot("ta_eal", "Teaching assistant (EAL)", (R.TEACHING_ASSISTANT,), "Inclusion", (), "senco",
             group="pupils I support across Key Stage 3"),
        Slot("office", "Office manager", (R.SUPPORT_STAFF, R.SCHOOL_ADMIN), "Support staff", (), "head",
             essential=True, group="families and pupils at reception"),
        Slot("exams", "Exams officer", (R.SUPPORT_STAFF,), "Support staff", (), "office", quiet=True,
             group="Year 11 and Year 13 candidates"),
        Slot("site", "Site manager", (R.SUPPORT_STAFF,), "Support staff", (), "office", group="everyone on site"),
        Slot("midday1", "Midday supervisor", (R.MIDDAY_STAFF,), "Support staff", (), "office",
             group="Key Stage 3 pupils at lunchtime"),
        Slot("midday2", "Midday supervisor", (R.MIDDAY_STAFF,), "Support staff", (), "office", quiet=True,
             group="Key Stage 3 pupils at lunchtime"),
        Slot("governor", "Chair of governors", (R.GOVERNOR,)),
        Slot("governor2", "Co-opted governor", (R.GOVERNOR,)),
    ),
)  # fmt: skip

FENBRIDGE = SchoolSpec(
    key="fenbridge",
    name="Fenbridge Church of England Primary School",
    urn="100003",
    phase="primary",
    domain="fenbridge.example",
    mis_prefix="FEN",
    departments=PRIMARY_DEPARTMENTS,
    slots=(
        Slot("head", "Headteacher", (R.HEADTEACHER,), essential=True, group="pupils across the school"),
        Slot("deputy", "Deputy headteacher and alliance CPD lead", (R.SENIOR_LEADER, R.CPD_COORDINATOR),
             subjects=("english",), manager="head", email="cpdlead@alliance.example", name=("Rachel", "Whitmore"),
             essential=True, npq="NPQ for Leading Teacher Development (NPQLTD)", group="Year 5 class"),
        Slot("senco", "SENCo", (R.SENIOR_LEADER,), INC, ("send",), "head",
             npq="NPQ for Special Educational Needs Co-ordinators", group="pupils I teach in small groups"),
        Slot("eyfs_lead", "Early Years lead", (R.MIDDLE_LEADER,), EY, ("early-years",), "deputy",
             group="Reception class"),
        Slot("ks1_lead", "Key Stage 1 phase leader and Year 1 teacher", (R.MIDDLE_LEADER,), KS1,
             ("phonics-and-early-reading",), "deputy", mentor=True, group="Year 1 class"),
        Slot("ks2_lead", "Key Stage 2 phase leader and Year 6 teacher", (R.MIDDLE_LEADER,), KS2,
             ("mathematics",), "deputy", group="Year 6 class"),
        Slot("re_lead", "RE and collective worship lead, Year 4 teacher", (R.MIDDLE_LEADER,), KS2,
             ("religious-education",), "deputy", group="Year 4 class"),
        Slot("reception", "Class teacher, Reception", (R.TEACHER,), EY, ("early-years",), "eyfs_lead",
             group="Reception class"),
        Slot("y1", "Class teacher, Year 1", (R.TEACHER,), KS1, ("science",), "ks1_lead", group="Year 1 class"),
        Slot("y2", "Class teacher, Year 2", (R.TEACHER,), KS1, ("english", "phonics-and-early-reading"),
             "ks1_lead", group="Year 2 class"),
        Slot("y2_ect", "Early career teacher, Year 2", (R.TEACHER,), KS1, ("geography",), "ks1_lead", ect=True,
             group="Year 2 class"),
        Slot("y3", "Class teacher, Year 3", (R.TEACHER,), KS2, ("history",), "ks2_lead", group="Year 3 class"),
        Slot("y3b", "Class teacher, Year 3", (R.TEACHER,), KS2, ("computing",), "ks2_lead",
             group="Year 3 class"),
        Slot("y4", "Class teacher, Year 4", (R.TEACHER,), KS2, ("mathematics",), "ks2_lead",
             group="Year 4 class"),
        Slot("y5", "Class teacher, Year 5", (R.TEACHER,), KS2, ("art-and-design",), "ks2_lead",
             group="Year 5 class"),
        Slot("y6", "Class teacher, Year 6", (R.TEACHER,), KS2, ("english",), "ks2_lead", group="Year 6 class"),
        Slot("pe", "PE and sport lead (part-time)", (R.TEACHER,), KS2, ("physical-education",), "deputy",
             quiet=True, group="Key Stage 2 classes"),
        Slot("ta_r", "Teaching assistant, Reception", (R.TEACHING_ASSISTANT,), EY, (), "eyfs_lead",
             group="Reception children"),
        Slot("ta_ks1", "Teaching assistant, Year 1", (R.TEACHING_ASSISTANT,), KS1, (), "ks1_lead",
             group="Year 1 readers"),
        Slot("ta_ks2", "Teaching assistant, Key Stage 2", (R.TEACHING_ASSISTANT,), KS2, (), "ks2_lead",
             group="Key Stage 2 maths groups"),
        Slot("hlta", "Higher level teaching assistant", (R.TEACHING_ASSISTANT,), KS2, (), "senco",
             group="Key Stage 2 intervention groups"),
        Slot("ta_send", "Teaching assistant (SEND)", (R.TEACHING_ASSISTANT,), INC, (), "senco", quiet=True,
             group="pupils with EHC plans"),
        Slot("elsa", "Teaching assistant (emotional literacy support)", (R.TEACHING_ASSISTANT,), INC, (), "senco",
             group="pupils referred for emotional literacy support"),
        Slot("office", "Office manager", (R.SUPPORT_STAFF, R.SCHOOL_ADMIN), OFFICE, (), "head", essential=True,
             group="families and pupils at the office"),
        Slot("bursar", "School business manager", (R.SUPPORT_STAFF,), OFFICE, (), "head",
             group="the whole school community"),
        Slot("caretaker", "Caretaker", (R.SUPPORT_STAFF,), OFFICE, (), "bursar", quiet=True,
             group="everyone on site"),
        Slot("midday1", "Midday supervisor", (R.MIDDAY_STAFF,), None, (), "deputy",
             group="Key Stage 1 pupils at lunchtime"),
        Slot("midday2", "Midday supervisor", (R.MIDDAY_STAFF,), None, (), "deputy", quiet=True,
             group="Key Stage 2 pupils at lunchtime"),
        Slot("governor", "Chair of governors", (R.GOVERNOR,)),
        Slot("governor2", "Foundation governor", (R.GOVERNOR,)),
    ),
)  # fmt: skip

SCHOOLS = (OAKFIELD, RIVERSIDE, FENBRIDGE)

# The logins printed at the end, in this order, with how each is described.
DEMO_LOGINS = [
    ("head@oakfield.example", "Headteacher and school admin, Oakfield Primary School"),
    ("teacher@oakfield.example", "Class teacher (Year 4), Oakfield Primary School"),
    ("ta@oakfield.example", "Teaching assistant, Oakfield Primary School"),
    ("governor@oakfield.example", "Governor, Oakfield Primary School"),
    ("head@riverside.example", "Headteacher and school admin, Riverside Academy"),
    ("teacher@riverside.example", "Mathematics teacher, Riverside Academy"),
    ("cpdlead@alliance.example", "CPD coordinator at Fenbridge; alliance CPD lead"),
]
NETWORK_CPD_LEAD_EMAIL = "cpdlead@alliance.example"

SECONDARY_GROUPS = ["Year 7 class", "Year 8 set 3", "Year 9 group", "Year 10 set 2", "Year 11 foundation group"]


# --- Professional learning -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """Something a person learned about, with a plausible reflection and what later changed for pupils.

    audience: the kinds of people who would do it (teacher, leader, senior, head, mentor, ect, ta, support,
    office, site, exams, midday, governor). subject: None for general, "own" for the person's own subject, or
    a subject slug. codes: descriptors as "prefix:code" (prefixes in FRAMEWORKS).
    """

    title: str
    audience: frozenset[str]
    kinds: tuple[str, ...]
    subject: str | None
    codes: tuple[str, ...]
    learned: str
    will_try: str
    pupils: str
    success: str
    changed: tuple[str, ...]
    phases: tuple[str, ...] = ("primary", "secondary")


def _topic(title, audience, kinds, subject, codes, learned, will_try, pupils, success, changed, phases=None):
    return Topic(
        title=title,
        audience=frozenset(audience.split()),
        kinds=tuple(kinds),
        subject=subject,
        codes=tuple(codes.split()),
        learned=learned,
        will_try=will_try,
        pupils=pupils,
        success=success,
        changed=tuple(changed),
        phases=tuple(phases.split()) if phases else ("primary", "secondary"),
    )


TOPICS = [
    _topic(
        "Retrieval practice at the start of lessons",
        "teacher",
        [K.READING, K.COURSE, K.COACHING, K.LESSON_STUDY],
        None,
        "ts:TS2.d ts:TS4.a ts:TS6.b",
        "Low-stakes quizzing at the start of a lesson strengthens memory more than rereading notes. It works best "
        "when the questions mix last lesson, last week and last term, and when nobody's score is recorded.",
        "A five-question 'do now' quiz on the board as pupils come in, with one question from each of the last "
        "three units, self-marked in green pen.",
        "{group}",
        "Fewer blank answers on the end-of-unit assessment, and pupils recalling earlier topics without prompting.",
        [
            "The do-now quiz is routine now and settles the class quickly. Questions from last term went from about "
            "half right to most pupils getting four out of five.",
            "Pupils ask for 'the quiz' if I forget it. The end-of-unit test showed better recall of earlier units "
            "than last year's group, though the weakest readers still struggle with the wording.",
        ],
    ),
    _topic(
        "Using mini-whiteboards for hinge questions",
        "teacher",
        [K.COACHING, K.COURSE, K.OBSERVATION_RECEIVED, K.LESSON_STUDY],
        "own",
        "ts:TS6.b ts:TS4.d ts:TS2.b",
        "A hinge question is a quick multiple-choice check at the point where the lesson turns, with wrong answers "
        "built from common misconceptions. Seeing every answer at once tells me whether to move on or reteach.",
        "One planned hinge question per {subject} lesson, with distractors written in advance and a 'show me' on "
        "the count of three.",
        "{group}",
        "I can say how many pupils got the hinge question right, and I change course at least once a week "
        "because of it.",
        [
            "Caught two misconceptions early this half term that I would otherwise only have found in books. The "
            "show-me routine now takes under a minute.",
            "I reteach a small group at the hinge point while the rest move on. Books show fewer pupils repeating "
            "the same error through a whole piece of work.",
        ],
    ),
    _topic(
        "Modelling with worked examples and faded scaffolds",
        "teacher",
        [K.COURSE, K.COACHING, K.LESSON_STUDY, K.READING],
        "own",
        "ts:TS4.a ts:TS2.d ts:TS3.a",
        "Worked examples followed by partly completed ones reduce the load on novices. Narrating my thinking as I "
        "model matters as much as the example itself.",
        "'I do, we do, you do' in {subject}, with a completion problem between the worked example and "
        "independent practice.",
        "{group}",
        "More pupils starting independent work straight away, and fewer hands up asking what to do.",
        [
            "Independent practice starts more quickly and the middle-attaining group make fewer procedural slips.",
            "Pupils now use the worked example on the board as a reference without being told. I need to fade the "
            "scaffold faster for the highest attainers.",
        ],
    ),
    _topic(
        "Adaptive teaching without differentiated worksheets",
        "teacher",
        [K.COURSE, K.READING, K.COACHING],
        None,
        "ts:TS5.a ts:TS5.d ts:TS1.b",
        "Adaptive teaching keeps the same ambitious goal for everyone and changes the support, rather than "
        "planning three lessons. Pre-teaching vocabulary and checking understanding often do more than separate "
        "worksheets.",
        "One core task for the whole class, with a word bank and a worked example for those who need them and a "
        "stretch question for those who finish.",
        "{group}, particularly those with SEND",
        "Pupils with SEND complete the same core task as their peers, and my planning time goes down.",
        [
            "Pupils with SEND are working on the same task as everyone else and most complete it with the scaffold. "
            "Planning is quicker without three worksheets.",
            "The stretch questions get used more than I expected. Two pupils on the SEND register still need adult "
            "support to get started.",
        ],
    ),
    _topic(
        "Cold calling and no opt out",
        "teacher",
        [K.COACHING, K.OBSERVATION_RECEIVED, K.READING],
        None,
        "ts:TS7.c ts:TS4.a ts:TS1.b",
        "Asking pupils by name after posing the question keeps everyone thinking. 'No opt out' means coming back "
        "to a pupil who did not know, once they have heard a correct answer.",
        "Pose, pause, then name: no hands up during retrieval and explanation.",
        "{group}",
        "Every pupil answers at least once a lesson, and 'I don't know' becomes less common.",
        [
            "Participation is much wider; the quieter pupils answer more confidently now that they expect to be asked.",
            "'I don't know' answers have dropped. My coach noticed I still default to the same five pupils when I "
            "am rushed.",
        ],
    ),
    _topic(
        "Whole-class feedback instead of written marking",
        "teacher",
        [K.COURSE, K.ENQUIRY, K.READING, K.LESSON_STUDY],
        None,
        "ts:TS6.d ts:TS4.d ts:TS2.c",
        "Reading a set of books and noting common errors on one sheet gives faster, more useful feedback than "
        "individual written comments, which pupils often do not act on.",
        "A whole-class feedback sheet each fortnight, with ten minutes of 'fix it' time at the start of the next "
        "lesson.",
        "{group}",
        "Pupils correct their errors in purple pen, and the same mistakes do not come back in the next piece.",
        [
            "Marking time has halved and pupils actually act on the feedback during fix-it time.",
            "The common-errors sheet showed a gap in the unit plan, which I have now retaught.",
        ],
    ),
    _topic(
        "Explicit teaching of tier 2 vocabulary",
        "teacher ta",
        [K.COURSE, K.READING, K.COACHING],
        None,
        "ts:TS3.c ts:TS5.d",
        "Tier 2 words such as 'analyse', 'significant' and 'contrast' turn up in every subject but are rarely "
        "taught. Teaching a word with examples, non-examples and repeated use over weeks makes it stick.",
        "Three tier 2 words a week on the working wall, taught explicitly with a quick 'say it, use it' routine.",
        "{group}",
        "Pupils using the words correctly in their own writing without the word mat.",
        [
            "Several pupils are now using 'evaluate' and 'suggest' correctly in written answers, and the word wall "
            "is referred to far more than before.",
            "Pupils with EAL have benefited most. Writing is more precise, though spelling of the new words needs "
            "work.",
        ],
    ),
    _topic(
        "Disciplinary literacy in {subject}",
        "teacher",
        [K.COURSE, K.READING, K.ENQUIRY],
        "own",
        "ts:TS3.c ts:TS3.a",
        "Each subject has its own ways of reading and writing. Pupils need to be taught how a {subject} text "
        "works, not just given one to read.",
        "Read a {subject} text aloud under the visualiser, annotating how it is built, before pupils read "
        "independently.",
        "{group}",
        "Extended answers that follow the conventions of {subject}, and better marks on the longer questions.",
        [
            "Longer answers are better structured; pupils now plan using the model paragraph.",
            "Reading aloud and annotating together works well. I need to build in more independent practice.",
        ],
        phases="secondary",
    ),
    _topic(
        "Teaching fractions with the bar model",
        "teacher ta",
        [K.COURSE, K.LESSON_STUDY, K.COACHING],
        "mathematics",
        "ts:TS3.a ts:TS3.e ts:TS4.a",
        "The bar model makes the structure of a fractions problem visible, so pupils see what the whole is before "
        "they calculate. It works best when everyone uses it consistently from Year 2 upwards.",
        "Draw a bar for every fractions word problem this unit, and ask pupils to explain what each part stands for.",
        "{group}",
        "Pupils choosing to draw the bar themselves, and fewer errors on two-step problems.",
        [
            "Most of the class now draw a bar before calculating, and the reasoning questions on the assessment "
            "were much better answered.",
            "Lower-attaining pupils found the bar helpful straight away; a few higher attainers resist drawing it "
            "but make fewer errors when they do.",
        ],
    ),
    _topic(
        "Precision teaching for Year 2 readers",
        "teacher ta",
        [K.COURSE, K.COACHING],
        "phonics-and-early-reading",
        "ts:TS3.d ts:TS5.d ts:TS5.b",
        "Precision teaching uses a daily one-minute probe on a small set of words or sounds, charted so that "
        "progress is visible. Little and often matters more than long sessions.",
        "Daily five-minute precision teaching with three Year 2 pupils who are not yet secure on common exception "
        "words.",
        "Three Year 2 pupils working below the expected standard in reading",
        "Each pupil reads their target words accurately and fluently within two to three weeks.",
        [
            "All three pupils have moved on to a new word set, and one now reads the Year 2 common exception words "
            "fluently.",
            "The charts show steady gains. One pupil's attendance held her back, so we moved the sessions to the "
            "morning.",
        ],
        phases="primary",
    ),
    _topic(
        "Phonics keep-up sessions for the lowest 20%",
        "teacher ta",
        [K.COURSE, K.COACHING, K.OBSERVATION_RECEIVED],
        "phonics-and-early-reading",
        "ts:TS3.d ts:TS5.b",
        "Keep-up sessions should be same-day, short and matched exactly to the sound taught that morning, so "
        "that pupils do not fall further behind.",
        "A ten-minute keep-up session every afternoon for the pupils who did not secure the morning's sound.",
        "Reception and Year 1 pupils in the lowest 20% for phonics",
        "The keep-up group passes the half-termly phonics assessment at the expected point.",
        [
            "Five of the seven pupils in the keep-up group are now on track in the half-termly assessment.",
            "Pupils are blending more confidently. We have had to protect the afternoon slot from interruptions.",
        ],
        phases="primary",
    ),
    _topic(
        "Practical work in science that builds knowledge",
        "teacher",
        [K.COURSE, K.READING, K.LESSON_STUDY],
        "science",
        "ts:TS3.a ts:TS4.b ts:TS4.a",
        "Practical work is most useful when pupils know beforehand what it is meant to show. Hands-on without "
        "minds-on leaves little behind.",
        "Before each practical, pupils predict and explain using the key idea; afterwards a short write-up links "
        "the results back to it.",
        "{group}",
        "Pupils can explain what the practical showed in scientific terms, not just what they did.",
        [
            "Explanations after practicals are much stronger and use the key vocabulary.",
            "The prediction step slowed things down at first, but behaviour during practicals has improved too.",
        ],
    ),
    _topic(
        "Sequencing history: substantive and disciplinary knowledge",
        "teacher",
        [K.COURSE, K.READING, K.ENQUIRY],
        "history",
        "ts:TS3.a ts:TS4.e ts:TS3.b",
        "Pupils need both knowledge of the past and an understanding of how historians know it. Concepts such "
        "as 'empire' and 'parliament' should be met again and again across units.",
        "Map where the key concepts recur across our history units, and add a short source task to each.",
        "{group}",
        "Pupils link new units to earlier ones without prompting and can say how we know about the past.",
        [
            "Pupils are making links back to earlier units, especially on empire. Source work is still a weakness.",
            "The revised sequence is in place and colleagues have started using the concept map.",
        ],
    ),
    _topic(
        "Fieldwork that builds geographical knowledge",
        "teacher",
        [K.COURSE, K.READING],
        "geography",
        "ts:TS4.b ts:TS3.a",
        "Fieldwork works when it answers a geographical question pupils have been taught to ask, and when the "
        "data comes back into lessons.",
        "A short local enquiry on traffic and land use around the school, with the data analysed back in class.",
        "{group}",
        "Pupils use their own data to answer the enquiry question in writing.",
        [
            "The fieldwork data made pupils' written conclusions far more specific.",
            "Pupils were enthusiastic; analysing the data took longer than planned, so I have adjusted the unit.",
        ],
    ),
    _topic(
        "Dual coding in explanations",
        "teacher",
        [K.READING, K.COURSE, K.ONLINE],
        None,
        "ts:TS2.d ts:TS4.a",
        "Combining words with simple visuals such as timelines and flow diagrams helps pupils follow an "
        "explanation, provided the diagram is built up as I talk rather than shown all at once.",
        "Draw diagrams live under the visualiser during explanations instead of showing finished slides.",
        "{group}",
        "Pupils can redraw the diagram from memory and explain it to a partner.",
        [
            "Pupils reproduce the diagrams in their retrieval quizzes and their explanations are clearer.",
            "My slides are simpler now, and pupils with weaker reading seem to follow explanations better.",
        ],
    ),
    _topic(
        "Behaviour routines for a calm start to lessons",
        "teacher ect",
        [K.COURSE, K.COACHING, K.OBSERVATION_RECEIVED],
        None,
        "ts:TS7.a ts:TS7.b ts:TS7.c",
        "Consistent routines free up attention for learning. A routine has to be taught, practised and narrated "
        "positively until it is automatic.",
        "Meet pupils at the door, a silent task on the desk and a script for the first two minutes, practised "
        "daily for the first fortnight.",
        "{group}",
        "All pupils working within two minutes of the start of the lesson.",
        [
            "Lessons start promptly and the first five minutes are calm. Fewer behaviour points logged this half term.",
            "The routine is embedded with most groups; one class still needs it re-taught after each holiday.",
        ],
    ),
    _topic(
        "Structured talk with sentence stems",
        "teacher ta",
        [K.COURSE, K.READING, K.LESSON_STUDY],
        None,
        "ts:TS3.c ts:TS5.d ts:TS4.b",
        "Talk in lessons needs structure: clear roles, sentence stems and time to rehearse before speaking to the "
        "whole class.",
        "Talk partners with 'I agree with … because …' and 'Building on what … said …' stems on display, before "
        "whole-class discussion.",
        "{group}",
        "More pupils speak in full sentences and build on each other's answers.",
        [
            "Discussion is richer and pupils use the stems without reminders.",
            "Quieter pupils contribute more after rehearsing with a partner first.",
        ],
    ),
    _topic(
        "Supporting pupils with EAL in the mainstream classroom",
        "teacher ta",
        [K.COURSE, K.ONLINE, K.READING],
        None,
        "ts:TS5.d ts:TS5.b",
        "Pupils new to English benefit from visuals, pre-taught key vocabulary and being allowed to think in "
        "their first language. A silent period early on is normal, not a sign that nothing is being learned.",
        "Key vocabulary with pictures sent home before each topic, and a buddy who shares a home language where "
        "possible.",
        "{group}, especially those new to English",
        "The pupils join in with paired talk and use the topic words in their writing.",
        [
            "Two pupils new to English now contribute in paired work and use the topic vocabulary.",
            "Parents said the vocabulary sheets helped at home. One pupil needs more targeted support with reading.",
        ],
    ),
    _topic(
        "Metacognition: planning, monitoring and evaluating",
        "teacher",
        [K.COURSE, K.READING, K.ENQUIRY],
        None,
        "ts:TS2.c ts:TS2.e ts:TS2.d",
        "Pupils get better at learning when they are taught explicitly to plan, monitor and evaluate, and when I "
        "model that thinking aloud on a real task.",
        "A planning checklist before extended tasks and a 'what would I do differently?' prompt at the end.",
        "{group}",
        "Pupils use the checklist without reminders and their self-evaluations become more specific.",
        [
            "Self-evaluations have moved from 'I did well' to specific comments about strategy.",
            "The checklist works for extended writing; I have not yet made it stick in problem solving.",
        ],
    ),
    _topic(
        "Teaching programming with PRIMM",
        "teacher",
        [K.COURSE, K.ONLINE],
        "computing",
        "ts:TS3.a ts:TS4.a",
        "PRIMM (predict, run, investigate, modify, make) has pupils read and predict working code before they "
        "write their own, which reduces frustration for beginners.",
        "Start each programming lesson with a short 'predict' task on working code.",
        "{group}",
        "Fewer pupils stuck at a blank screen, and better explanations of what a program does.",
        [
            "Pupils explain what a loop does far more clearly, and their 'make' projects are more ambitious.",
            "Predict tasks have become a favourite starter. Independent debugging is still weak.",
        ],
    ),
    _topic(
        "Sustained shared thinking in continuous provision",
        "teacher ta",
        [K.COURSE, K.OBSERVATION_RECEIVED, K.COACHING],
        "early-years",
        "ts:TS5.c ts:TS4.b ts:TS1.a",
        "Extended back-and-forth conversations with an adult during play develop children's language and "
        "thinking. Commenting and wondering aloud works better than asking lots of questions.",
        "Spend at least ten minutes a session in the construction and role-play areas modelling talk, with fewer "
        "closed questions.",
        "Nursery and Reception children",
        "Children using new vocabulary in play and keeping a conversation going for several turns.",
        [
            "Children in the role-play area hold longer conversations and use the new vocabulary.",
            "Staff model talk more consistently; we changed the rota so that an adult is always in the construction "
            "area.",
        ],
        phases="primary",
    ),
    _topic(
        "Sketchbooks that show thinking",
        "teacher",
        [K.COURSE, K.READING],
        "art-and-design",
        "ts:TS3.a ts:TS4.b",
        "Sketchbooks work best as a place to explore and try out techniques, with annotations showing choices, "
        "rather than a collection of finished pieces.",
        "Technique practice pages with short annotations in each unit, before the final piece.",
        "{group}",
        "Sketchbooks that show ideas and technique developing across a unit.",
        [
            "Sketchbooks now show much clearer development, and final pieces are more ambitious.",
            "Pupils annotate more confidently; moderating sketchbooks with colleagues was useful.",
        ],
    ),
    _topic(
        "Whole-class instrumental teaching",
        "teacher",
        [K.COURSE],
        "music",
        "ts:TS3.a ts:TS4.b",
        "Whole-class instrumental lessons need short, frequent playing time and clear routines for handing out "
        "and putting away instruments.",
        "Practise the instrument routines in the first lesson, and introduce notation only once pupils can play "
        "the phrase by ear.",
        "{group}",
        "Every pupil plays the piece in the end-of-term performance.",
        [
            "The whole class performed at the winter concert; the routines save about ten minutes a lesson.",
            "Pupils' confidence has grown. Reading notation is still at an early stage.",
        ],
    ),
    _topic(
        "Teaching sound–spelling links in French and Spanish",
        "teacher",
        [K.COURSE, K.READING],
        "languages",
        "ts:TS3.a ts:TS4.a",
        "Explicit teaching of sound–spelling correspondences helps pupils read unfamiliar words aloud accurately "
        "in the new language.",
        "Five minutes of phonics at the start of each Year 7 and Year 8 lesson, with a new sound each week.",
        "{group}",
        "Pupils read unseen words aloud accurately and with more confidence.",
        [
            "Reading aloud is more accurate and pupils are less anxious about speaking.",
            "The routine is embedded in Year 7; Year 8 need it revisited.",
        ],
        phases="secondary",
    ),
    _topic(
        "A worldviews approach to religious education",
        "teacher",
        [K.COURSE, K.READING],
        "religious-education",
        "ts:TS3.a ts:TS3.b ts:TS4.e",
        "A worldviews approach looks at how religion and belief shape people's lives, including the diversity "
        "within each tradition, rather than a list of facts about each religion.",
        "Add a 'lived experience' case study to each RE unit, showing how different believers practise.",
        "{group}",
        "Pupils can describe diversity within a religion, not only differences between religions.",
        [
            "Pupils' written answers now show an understanding of diversity within traditions.",
            "The case studies sparked excellent discussion; I need more resources for some traditions.",
        ],
    ),
    _topic(
        "Making every PE lesson count: practice time and feedback",
        "teacher",
        [K.COURSE],
        "physical-education",
        "ts:TS4.a ts:TS6.d",
        "Pupils improve physical skills through lots of deliberate practice with specific feedback, so long "
        "explanations and waiting in lines waste the most valuable time.",
        "Small-sided games and skill stations with no more than three pupils waiting at any time.",
        "{group}",
        "Pupils active for most of the lesson, and visible improvement in the skill assessed at the end of the unit.",
        [
            "Activity time has gone up noticeably and the end-of-unit skill assessments improved.",
            "Pupils give each other better feedback using the coaching points.",
        ],
    ),
    _topic(
        "Designing and making with iterative prototypes",
        "teacher",
        [K.COURSE, K.READING],
        "design-and-technology",
        "ts:TS3.a ts:TS4.b",
        "Quick, cheap prototypes early in a project let pupils test ideas before committing to materials.",
        "A card-modelling lesson before every making project, with a peer review of the prototypes.",
        "{group}",
        "Final products that show changes made because of testing.",
        [
            "Pupils' design folders now show real iteration, and fewer projects stall half-way.",
            "Prototyping used more lesson time than planned but the final products were much better.",
        ],
        phases="secondary",
    ),
    _topic(
        "Mentoring an early career teacher",
        "mentor",
        [K.MENTORING, K.COURSE],
        None,
        "ts:TS8.b ts:TS8.d eef:EEF-M9",
        "Good mentoring focuses on one high-leverage step at a time, with a model and deliberate practice, "
        "rather than a long list of feedback.",
        "A weekly mentor meeting with one action step, rehearsed in the meeting and observed the following week.",
        "Pupils in my mentee's class",
        "My mentee's action steps are visible in their teaching within a week.",
        [
            "My mentee's behaviour routines are secure now, and we have moved on to questioning.",
            "Rehearsing in the meeting felt awkward at first but has made the biggest difference.",
        ],
    ),
    _topic(
        "Early career framework: how pupils learn",
        "ect",
        [K.COURSE, K.MENTORING, K.ONLINE],
        None,
        "ts:TS2.d ts:TS2.b ts:TS8.d",
        "Working memory is limited, so new material needs breaking into small steps and linking to what pupils "
        "already know.",
        "Shorter explanations with a check for understanding after each step.",
        "{group}",
        "Fewer pupils lost part-way through a task.",
        [
            "Breaking explanations into steps means fewer pupils are lost, and my mentor saw the difference.",
            "Checks for understanding are now part of my planning; I still over-talk when I am nervous.",
        ],
    ),
    _topic(
        "Subject leadership: curriculum deep dives",
        "leader",
        [K.COURSE, K.READING],
        None,
        "ts:TS4.e ts:TS3.b ht:HT3",
        "A deep dive looks at the curriculum's intent, how it is taught and what pupils remember, by talking to "
        "pupils and looking at books together with the teachers.",
        "Run a supportive deep dive in my area this half term, with pupil voice and a book look alongside the "
        "teachers.",
        "Pupils across my area of responsibility",
        "Teachers can describe the sequence and why it is in that order, and pupils remember the key knowledge.",
        [
            "The deep dive showed the sequence is well understood but recall of earlier units is patchy, so we "
            "have added retrieval to the plans.",
            "Colleagues found the pupil voice conversations useful; we agreed two changes to the long-term plan.",
        ],
    ),
    _topic(
        "Leading professional development using the EEF mechanisms",
        "senior",
        [K.COURSE, K.READING, K.CONFERENCE],
        None,
        "ts:TS8.d ht:HT6 eef:EEF-M12 pd:PD4",
        "Professional development works when it builds knowledge, motivates, develops techniques and embeds "
        "practice; our INSET days were strong on the first and weak on the last.",
        "Add a prompt for action planning and a follow-up coaching slot after every INSET session.",
        "All pupils, through the teaching staff",
        "Staff can point to one change they made after each INSET, and follow-ups are answered.",
        [
            "Follow-up coaching slots are now timetabled after INSET, and most staff have recorded what changed.",
            "Staff say INSET feels more useful; we need to protect time for the follow-up.",
        ],
    ),
    _topic(
        "Coaching conversations for line managers",
        "leader",
        [K.COURSE, K.COACHING],
        None,
        "ts:TS8.b ht:HT1 ht:HT6 eef:EEF-M9",
        "A coaching conversation starts from the colleague's own goal and evidence from their classroom, and "
        "ends with one concrete next step.",
        "Use the goal–evidence–step structure in every line management meeting this term.",
        "Pupils taught by the colleagues I line manage",
        "Colleagues leave each meeting with one step they chose and act on it.",
        [
            "Line management meetings are shorter and more focused; colleagues report them as useful.",
            "Two colleagues have made visible changes to their questioning as a result.",
        ],
    ),
    _topic(
        "Safer recruitment",
        "head office",
        [K.COURSE, K.ONLINE],
        None,
        "ht:HT7 ts:PC.1",
        "Safer recruitment starts with the advert and the job description, and relies on probing gaps in "
        "employment history and references, not just on checks at the end.",
        "Review our recruitment pack and add a safeguarding question to every interview.",
        "All pupils",
        "Every recruitment file meets the checklist when audited.",
        [
            "Our recruitment pack has been rewritten and the last two appointments followed the new checklist.",
            "The single central record audit found no gaps this term.",
        ],
    ),
    _topic(
        "Working with the alliance on school improvement",
        "head",
        [K.NETWORK_SESSION, K.CONFERENCE],
        None,
        "ht:HT8 ht:HT9 pd:PD5",
        "Peer review between alliance schools works when the focus is agreed in advance and the visiting heads "
        "look at evidence together rather than grade each other.",
        "Host a peer review focused on reading in Key Stage 2, and visit a partner school to look at their "
        "approach to attendance.",
        "All pupils",
        "Two actions in our improvement plan that come directly from peer review.",
        [
            "The peer review gave us a sharper view of reading, and we adopted the partner school's fluency routine.",
            "We now share attendance approaches across the alliance and persistent absence has fallen.",
        ],
    ),
    _topic(
        "Scaffolding without over-helping",
        "ta",
        [K.COURSE, K.COACHING, K.READING, K.ONLINE],
        None,
        "ts:TS5.a eef:EEF-M8",
        "The guidance on teaching assistants warns against doing the work for pupils. Prompting, then clueing, "
        "then modelling, and only then correcting, keeps the pupil doing the thinking.",
        "Use the prompt–clue–model sequence and give more wait time before stepping in.",
        "{group}",
        "Pupils attempt tasks on their own for longer before asking for help.",
        [
            "The pupils I support try questions on their own much more; the class teacher noticed too.",
            "Wait time was hard to get used to, but one pupil now finishes tasks without me sitting beside him.",
        ],
    ),
    _topic(
        "Delivering a structured maths intervention",
        "ta",
        [K.COURSE, K.COACHING, K.OBSERVATION_RECEIVED],
        "mathematics",
        "ts:TS5.b eef:EEF-M10",
        "Structured interventions work when they are delivered as designed, three times a week, with the session "
        "linked back to what the class is learning.",
        "Run the number sense intervention three times a week and tell the class teacher after each session "
        "which facts are secure.",
        "{group}",
        "Pupils' scores on the intervention's own assessment rise, and they use the facts in class.",
        [
            "All six pupils improved on the end-of-programme check, and four no longer need the intervention.",
            "Pupils are more confident with number bonds; two still rely on counting on their fingers.",
        ],
    ),
    _topic(
        "Visual timetables and now-and-next boards",
        "ta teacher",
        [K.COURSE, K.ONLINE],
        "send",
        "ts:TS5.d ts:TS5.b eef:EEF-M11",
        "Many autistic pupils find transitions easier when the day is visible and predictable. A now-and-next "
        "board breaks it into a manageable step.",
        "A personal visual timetable and a now-and-next board for the pupil I support, used at every transition.",
        "{group}",
        "Fewer incidents at transitions, and the pupil moving between activities with less adult prompting.",
        [
            "Transitions are much smoother, and incidents after lunch have almost stopped.",
            "The pupil now turns the board over himself when a task is finished.",
        ],
    ),
    _topic(
        "Small-group language sessions in the early years",
        "ta",
        [K.COURSE, K.COACHING],
        "early-years",
        "ts:TS5.c eef:EEF-M10",
        "Short, frequent small-group sessions with a clear structure build children's vocabulary and listening, "
        "especially for children who started school with delayed language.",
        "Three fifteen-minute language sessions a week for a group of four children, following the programme's script.",
        "{group}",
        "Children using the taught vocabulary in play and in their answers at carpet time.",
        [
            "The children use the new words in the role-play area, and two are now speaking in longer sentences.",
            "Attendance at the sessions has been good and the children's teacher has noticed they listen better.",
        ],
        phases="primary",
    ),
    _topic(
        "Emotional literacy support",
        "ta",
        [K.COURSE, K.COACHING],
        "pshe-and-rse",
        "ts:TS5.b eef:EEF-M7",
        "Children who struggle to manage feelings benefit from a trusted adult, a regular time and a shared "
        "language for emotions.",
        "Weekly sessions with two pupils using feelings cards, and a calm-down plan agreed with their class teachers.",
        "{group}",
        "Fewer times the pupils leave the classroom, and both can name how they feel.",
        [
            "One pupil now uses his calm-down plan on his own; the other leaves the classroom far less often.",
            "Both pupils talk about their feelings more readily, and their teachers report calmer afternoons.",
        ],
    ),
    _topic(
        "Zones of regulation at lunchtime",
        "midday ta",
        [K.COURSE, K.OTHER],
        "pshe-and-rse",
        "eef:EEF-M11",
        "The zones give children a simple shared language for how they are feeling. Adults naming their own zone "
        "calmly helps children do the same.",
        "Use the zones language on the playground when children fall out, and point to the zones poster by the "
        "hall door.",
        "{group}",
        "Fewer fallings-out being passed on to teachers after lunch.",
        [
            "Fewer incidents are passed on to teachers after lunch, and children use the colours themselves.",
            "Some older pupils find it babyish, but younger ones use it well to say when they need help.",
        ],
    ),
    _topic(
        "Organising lunchtime games",
        "midday",
        [K.COURSE, K.OTHER],
        "physical-education",
        "eef:EEF-M8",
        "Structured games with clear rules give children something to do and reduce arguments, especially on the "
        "busy field side of the playground.",
        "Run a games zone with skipping, four square and parachute games three days a week.",
        "{group}",
        "More children playing together and fewer arguments at the end of lunch.",
        [
            "The games zone is busy every day and arguments at the end of lunch have dropped.",
            "Year 6 play leaders now help run the games, which frees me to supervise.",
        ],
    ),
    _topic(
        "Paediatric first aid",
        "midday ta support",
        [K.COURSE],
        None,
        "ts:PC.3",
        "Refreshed CPR, choking, allergic reactions and head injuries, and when to call for help.",
        "Check the allergy list at the start of each term and know where the nearest auto-injector is kept.",
        "All pupils",
        "Confident, correct first aid and clear records in the accident book.",
        [
            "I dealt with a head bump confidently this term and the record was completed properly.",
            "We moved a first aid kit nearer the field after I raised it.",
        ],
    ),
    _topic(
        "Safeguarding update for support staff",
        "support midday office site exams",
        [K.ONLINE, K.COURSE],
        None,
        "ts:PC.1",
        "Refreshed the signs of abuse and neglect, what to do when a child discloses, and how to record a concern "
        "the same day.",
        "Log any concern on the system before going home, and know who the deputy safeguarding leads are.",
        "All pupils",
        "Concerns recorded promptly and passed to the safeguarding lead.",
        [
            "I logged a concern the same day this term and the safeguarding lead followed it up quickly.",
            "I feel more confident knowing exactly who to go to and how to record it.",
        ],
    ),
    _topic(
        "Data protection in school",
        "office exams support",
        [K.ONLINE],
        None,
        "ts:PC.3",
        "Personal data should be shared only when needed, sent securely, and kept only as long as the retention "
        "schedule says.",
        "Use the secure email option for anything with pupil details, and clear the shared drive of old lists.",
        "All pupils and families",
        "No data breaches, and the shared drive tidied by the end of term.",
        [
            "Old class lists have been deleted from the shared drive, and we now use secure email by default.",
            "We caught a misaddressed email before it was sent because of the new checks.",
        ],
    ),
    _topic(
        "Improving attendance: first-day calling and early help",
        "office",
        [K.COURSE, K.NETWORK_SESSION],
        None,
        "ht:HT4",
        "First-day calling and a quick, warm conversation with families spot problems early; persistent absence "
        "usually starts with a pattern of odd days.",
        "Call every family by 9:30 on the first day of absence, and flag patterns to the attendance lead weekly.",
        "Pupils with attendance below 90%",
        "Persistent absence falls over the term.",
        [
            "Persistent absence has fallen this term, and families say the calls feel supportive.",
            "Weekly flags helped the attendance lead step in early with three families.",
        ],
    ),
    _topic(
        "Access arrangements for exams",
        "exams",
        [K.COURSE, K.ONLINE],
        None,
        "ts:PC.3",
        "Access arrangements must reflect the candidate's normal way of working, with the evidence in place "
        "before the deadline.",
        "Build a tracker with the SENCo so every candidate's evidence is checked by February.",
        "Year 11 candidates with access arrangements",
        "Every approved arrangement in place on exam day.",
        [
            "All access arrangements were approved on time and in place on the day.",
            "The tracker has made the process calmer for the SENCo and me.",
        ],
        phases="secondary",
    ),
    _topic(
        "Fire safety and evacuation",
        "site",
        [K.COURSE],
        None,
        "ts:PC.3",
        "Refreshed fire risk assessment duties, fire door checks and how to run an evacuation drill that tests "
        "the plan rather than just the alarm.",
        "Weekly fire door checks logged, and an unannounced drill each term with a blocked exit.",
        "Everyone on site",
        "The whole site evacuated in under four minutes, and all checks logged.",
        [
            "The last drill took three and a half minutes, including the blocked exit.",
            "All fire doors now close properly after the checks found two that stuck.",
        ],
    ),
]

GOVERNOR_TOPICS = [
    _topic(
        "Governor induction: understanding school data",
        "governor",
        [K.COURSE, K.ONLINE],
        None,
        "ht:HT10",
        "Governors should ask about trends and groups of pupils, not single numbers, and compare with similar schools.",
        "Ask one question about disadvantaged pupils' progress at each full governing board meeting.",
        "All pupils",
        "Minutes that show governors asking informed questions.",
        ["The board's questions on the data report were sharper this term, and the minutes show it."],
    ),
    _topic(
        "Safeguarding for governors",
        "governor",
        [K.ONLINE],
        None,
        "ts:PC.1",
        "The board is responsible for making sure the school's safeguarding arrangements are effective, not for "
        "handling individual cases.",
        "Meet the designated safeguarding lead each term and check the annual safeguarding report.",
        "All pupils",
        "A termly safeguarding meeting recorded and the annual report reviewed.",
        ["I met the safeguarding lead this term and reported back to the full board."],
    ),
    _topic(
        "Link governor visit: SEND provision",
        "governor",
        [K.OTHER],
        "send",
        "ht:HT5 ht:HT10",
        "The SENCo talked us through the graduated approach and how provision maps are reviewed.",
        "Follow up on the waiting time for speech and language assessments at the next visit.",
        "Pupils on the SEND register",
        "A clear report to the board on SEND provision.",
        ["My report prompted the board to approve extra speech and language hours."],
    ),
]

# Whole-school training days. Each school uses the safeguarding day every September, then a different theme
# on every other INSET day.
INSET_SAFEGUARDING = _topic(
    "INSET: Safeguarding and Keeping Children Safe in Education update",
    "teacher ta support",
    [K.INSET],
    None,
    "ts:PC.1 ts:PC.3",
    "This year's changes to Keeping Children Safe in Education, online safety and the signs of child-on-child "
    "abuse, and our own procedures for recording concerns.",
    "Record concerns on the same day, and talk to the designated safeguarding lead before assuming someone else has.",
    "All pupils",
    "Concerns logged promptly and correctly.",
    [
        "Concerns this term were logged on the day they came up, and the safeguarding lead said the records were "
        "clearer.",
        "I challenged an unsupervised visitor in the corridor, which I would not have done before.",
    ],
)

INSET_THEMES = [
    _topic(
        "INSET: Adaptive teaching and the SEND graduated approach",
        "teacher ta",
        [K.INSET],
        None,
        "ts:TS5.d ts:TS5.b ts:TS8.c eef:EEF-M6",
        "The graduated approach (assess, plan, do, review) and how adaptive teaching in class comes before "
        "additional interventions.",
        "Review the pupil passports for my class and plan one adaptation for each pupil on the SEND register.",
        "{group}, particularly those with SEND",
        "Every pupil on the SEND register has an adaptation that is visible in lessons.",
        [
            "Pupil passports are now used in planning, and the SENCo saw the adaptations in a learning walk.",
            "Two pupils on the SEND register are completing more work independently.",
        ],
    ),
    _topic(
        "INSET: Behaviour, routines and relationships",
        "teacher ta",
        [K.INSET],
        None,
        "ts:TS7.a ts:TS7.b ts:TS7.d",
        "Our behaviour principles, the routines every adult uses, and how relationships are built through "
        "consistency rather than warmth alone.",
        "Use the same routine for lining up and entering the classroom as everyone else on the corridor.",
        "{group}",
        "Calm corridors and consistent routines across classes.",
        [
            "Transitions are calmer, and staff on duty say the corridors are much quieter.",
            "Pupils know what to expect from every adult; low-level disruption has reduced.",
        ],
    ),
    _topic(
        "INSET: Reading fluency across the curriculum",
        "teacher ta",
        [K.INSET],
        None,
        "ts:TS3.c ts:TS3.d",
        "Fluency is the bridge between decoding and comprehension. Echo reading, choral reading and repeated "
        "reading build it quickly.",
        "Echo reading of the key text at the start of each unit.",
        "{group}",
        "Pupils reading subject texts aloud with accuracy and expression.",
        [
            "Choral reading has become routine and weaker readers join in confidently.",
            "Pupils' comprehension answers improved once they had read the text aloud together.",
        ],
    ),
    _topic(
        "INSET: Feedback that moves learning on",
        "teacher ta",
        [K.INSET],
        None,
        "ts:TS6.d ts:TS6.b",
        "Feedback should be more work for the recipient than the donor. Verbal and whole-class feedback can be as "
        "effective as written marking, and far quicker.",
        "Replace written comments with live marking and a feedback code for the next unit.",
        "{group}",
        "Pupils improving their work in response to feedback within the lesson.",
        [
            "Pupils respond to feedback in lessons, and marking workload is down.",
            "Live marking has helped me spot errors before they become habits.",
        ],
    ),
    _topic(
        "INSET: Curriculum sequencing and retrieval",
        "teacher",
        [K.INSET],
        None,
        "ts:TS4.e ts:TS3.a ts:TS2.d",
        "How our curriculum is sequenced so that key concepts recur, and how retrieval builds in revisiting.",
        "Add retrieval of the previous unit's key knowledge to the first lesson of each new unit.",
        "{group}",
        "Pupils recall earlier units without prompting.",
        [
            "Pupils recall more from earlier units and make links between topics.",
            "The retrieval starters are now written into the shared plans.",
        ],
    ),
    _topic(
        "INSET: Oracy across the curriculum",
        "teacher ta",
        [K.INSET],
        None,
        "ts:TS3.c ts:TS4.b",
        "The four strands of oracy (physical, linguistic, cognitive and social and emotional) and how to teach "
        "talk rather than simply expect it.",
        "Agree talk guidelines with the class and use talk roles in group tasks.",
        "{group}",
        "Pupils following the talk guidelines and building on each other's ideas.",
        [
            "Group discussions are more focused and pupils use the talk roles well.",
            "Quieter pupils contribute more since we introduced talk partners.",
        ],
    ),
    _topic(
        "INSET: Pupil mental health and wellbeing",
        "teacher ta",
        [K.INSET],
        "pshe-and-rse",
        "ts:TS1.a ts:TS5.b",
        "Signs that a pupil may be struggling, how to respond in the moment, and the school's referral routes.",
        "A weekly check-in with the pupils I am most concerned about, and referrals made promptly.",
        "{group}",
        "Concerns about wellbeing picked up early and referred.",
        [
            "Two pupils were referred early and are now getting support.",
            "The check-ins have helped me notice changes sooner.",
        ],
    ),
    _topic(
        "INSET: Maths mastery: small steps and representations",
        "teacher ta",
        [K.INSET],
        "mathematics",
        "ts:TS3.e ts:TS3.a ts:TS4.a",
        "Teaching in small, connected steps with concrete and pictorial representations, so that the whole class "
        "moves through the curriculum together.",
        "Use the same representations as the year below for the first lessons of each unit.",
        "{group}",
        "Fewer pupils needing same-day intervention in maths.",
        [
            "Representations are consistent across year groups now, and fewer pupils need same-day catch-up.",
            "Pupils explain their reasoning with the bar model and part–whole diagrams.",
        ],
        phases="primary",
    ),
    _topic(
        "INSET: Phonics programme refresher for all staff",
        "teacher ta",
        [K.INSET],
        "phonics-and-early-reading",
        "ts:TS3.d",
        "Consistent phonics routines and terminology, and how to hear children read from decodable books matched "
        "to their phonics stage.",
        "Use the programme's exact wording and actions in every reading session.",
        "{group}",
        "Consistent phonics teaching seen in every classroom.",
        [
            "Phonics sessions look and sound the same across classes now, and pupils transfer between groups easily.",
            "More pupils read their decodable books with fluency at home.",
        ],
        phases="primary",
    ),
    _topic(
        "INSET: Assessment that informs teaching",
        "teacher",
        [K.INSET],
        None,
        "ts:TS6.b ts:TS6.c ts:TS6.a",
        "Using short, frequent assessment to find gaps, and our new approach to tracking with fewer data drops.",
        "Use the end-of-unit question-level analysis to plan reteaching.",
        "{group}",
        "Reteaching planned from the analysis, and gaps closed on the next check.",
        [
            "The question-level analysis showed a gap in place value that I retaught; the next check improved.",
            "Fewer data drops has freed time for acting on what the assessments show.",
        ],
    ),
]

# Alliance twilight sessions: on each network date, people join the one that fits their subject or role.
NETWORK_SESSIONS = [
    ("maths", "mathematics", "teacher ta", ["reasoning from Key Stage 2 to Key Stage 3", "fluency with times tables",
                                              "mathematical talk"]),
    ("English and reading", "english", "teacher", ["reading for pleasure", "teaching writing through models",
                                                  "fluency in Key Stage 2"]),
    ("science", "science", "teacher", ["working scientifically", "practical work that builds knowledge",
                                      "common misconceptions in forces"]),
    ("SEND", "send", "ta senco", ["the graduated approach", "adaptive teaching for autistic pupils",
                                  "writing effective pupil passports"]),
    ("early years", "early-years", "teacher ta", ["communication and language", "the reception baseline",
                                                  "outdoor learning"]),
    ("foundation subjects", None, "teacher", ["curriculum sequencing", "subject leadership in small schools",
                                              "assessment in the foundation subjects"]),
    ("CPD leads'", None, "cpd", ["evaluating impact with Guskey's levels", "sharing an alliance CPD offer",
                                 "instructional coaching across schools"]),
]  # fmt: skip

NETWORK_REFLECTION = {
    "learned": "Colleagues from across the alliance shared what they had tried on {focus}. Seeing another "
    "school's examples made the approach feel practical rather than theoretical.",
    "will_try": "Try one idea from the session with {group} and report back at the next network meeting.",
    "pupils": "{group}",
    "success": "Something to show at the next network meeting.",
    "changed": (
        "I tried the idea from the network and shared pupils' work at the next meeting; two other schools are "
        "now trying it too.",
        "The approach from the network worked well with my pupils, and our department has adopted it.",
    ),
}

NPQ_REFLECTION = {
    "learned": "The programme combined research reading, online modules and face-to-face sessions with "
    "colleagues from other schools, and ended with a case study assessment based on our own school.",
    "will_try": "Apply the implementation model from the programme to our next whole-school priority, with "
    "clear success criteria and a review point.",
    "pupils": "All pupils",
    "success": "An implementation plan agreed with the senior team and reviewed after two terms.",
    "changed": (
        "The implementation plan from my NPQ is now part of the school improvement plan and is on track.",
        "Colleagues say the way we introduce changes is clearer; the first review showed the change is embedded.",
    ),
}

GUSKEY_WEIGHTS = {1: 5, 2: 25, 3: 20, 4: 38, 5: 12}

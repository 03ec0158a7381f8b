"""Fixed content for the demo appraisals: school priorities, a bank of objectives, and what people write.

Objectives are written as a school would write them: one clear aim, why it matters, how everyone will know it
worked, and the support that would help. `{group}` and `{subject}` are filled in for the person, as in
content.TOPICS.
"""

from __future__ import annotations

from dataclasses import dataclass

from staffroom.appraisal.models import SupportTheme as T

# An external adviser for each school, who sits on the headteacher's appraisal panel with two governors.
ADVISERS = {
    "oakfield": ("Margaret", "Ellison"),
    "riverside": ("Colin", "Pemberton"),
    "fenbridge": ("Anita", "Desai-Holt"),
}
ADVISER_JOB_TITLE = "External adviser (headteacher appraisal)"

# Only Riverside records an outcome at the end of the year, in its own words.
OUTCOME_STATEMENTS = {
    "riverside": (
        "Objectives met; ready for new challenges",
        "Good progress; continue the same focus",
        "More support agreed for next year",
    ),
}
OUTCOME_WEIGHTS = (70, 25, 5)

# Each school's improvement priorities, keyed so that one objective serves the same priority anywhere.
PRIORITIES = {
    "oakfield": {
        "reading": "Reading fluency in KS2",
        "feedback": "Feedback that moves learning on",
        "attendance": "Attendance of disadvantaged pupils",
        "inclusion": "Adaptive teaching so that pupils with SEND keep up",
        "behaviour": "Calm, consistent routines at every transition",
        "curriculum": "A well-sequenced foundation curriculum",
        "maths": "Number fluency from Reception to Year 6",
        "wellbeing": "Staff well-being and manageable workload",
    },
    "riverside": {
        "reading": "Disciplinary literacy in every subject",
        "feedback": "Feedback that moves learning on",
        "attendance": "Attendance of disadvantaged pupils",
        "inclusion": "Adaptive teaching for pupils with SEND and EAL",
        "behaviour": "Behaviour and belonging in Key Stage 3",
        "curriculum": "Sequencing knowledge in the Key Stage 3 curriculum",
        "maths": "Numeracy across the curriculum",
        "wellbeing": "Staff workload and well-being",
    },
    "fenbridge": {
        "reading": "Early reading and phonics: every child a reader",
        "feedback": "Feedback that moves learning on",
        "attendance": "Attendance of disadvantaged pupils",
        "inclusion": "Meeting every pupil's needs in the classroom",
        "behaviour": "Pupils' mental health and emotional well-being",
        "curriculum": "Vocabulary and oracy across the curriculum",
        "maths": "Mastery in mathematics",
        "wellbeing": "Staff well-being and manageable workload",
    },
}


@dataclass(frozen=True)
class Idea:
    """An objective someone might set. audience: the person tags it suits (see builder._tags)."""

    title: str
    audience: frozenset[str]
    priority: str
    codes: tuple[str, ...]
    theme: str
    rationale: str
    success: str
    support: str
    progress: tuple[str, ...]
    subject: str | None = None
    measures: str = ""
    phases: tuple[str, ...] = ("primary", "secondary")


def _idea(title, audience, priority, codes, theme, rationale, success, support, progress, **extra):
    phases = extra.pop("phases", None)
    return Idea(
        title=title,
        audience=frozenset(audience.split()),
        priority=priority,
        codes=tuple(codes.split()),
        theme=theme,
        rationale=rationale,
        success=success,
        support=support,
        progress=tuple(progress),
        phases=tuple(phases.split()) if phases else ("primary", "secondary"),
        **extra,
    )


IDEAS = [
    # --- Classroom teachers --------------------------------------------------------------------------------
    _idea(
        "Start lessons with retrieval practice so that {group} remember more of what they learn",
        "teacher",
        "feedback",
        "ts:TS2.d ts:TS4.a ts:TS6.b",
        T.ASSESSMENT,
        "End-of-unit checks showed pupils had forgotten a lot of last term's content, even where it had gone well "
        "at the time.",
        "A short retrieval quiz starts most lessons; pupils recall earlier units without prompting, and fewer "
        "questions are left blank on the end-of-unit checks.",
        "Time to look at a colleague's quiz routine, and a bank of questions shared across the year group.",
        (
            "Quizzes are running three times a week. Pupils like seeing their own scores go up; I'm not recording "
            "them anywhere, which keeps it low-stakes.",
            "Switched to mixing questions from last term as well as last week. Harder at first but the difference "
            "in the spring check was clear.",
            "End-of-unit check: far fewer blanks than last year on the questions about earlier units.",
        ),
    ),
    _idea(
        "Replace most written marking with whole-class feedback for {group}",
        "teacher",
        "feedback",
        "ts:TS6.d ts:TS6.b ts:TS2.c",
        T.ASSESSMENT,
        "Written comments were taking hours each week and pupils rarely acted on them.",
        "Pupils act on feedback in the next lesson (visible in books), and marking time is down to about an hour "
        "a week.",
        "See how the English lead runs whole-class feedback, and agree with my line manager what book looks "
        "should show.",
        (
            "First fortnight: a feedback sheet after each piece of extended writing, and the first ten minutes of "
            "the next lesson on the common errors.",
            "Pupils are editing in purple pen after feedback lessons; the improvements are small but real.",
            "Marking time roughly halved. Book look in the summer term picked out the editing as a strength.",
        ),
    ),
    _idea(
        "Run daily fluency practice so that {group} read with pace and expression",
        "teacher",
        "reading",
        "ts:TS3.c ts:TS2.b ts:TS5.a",
        T.READING,
        "Reading assessments showed a group of pupils who decode accurately but read too slowly to follow the "
        "meaning of a text.",
        "The target group's words-correct-per-minute rises by at least 20, and they say reading aloud feels less "
        "worrying.",
        "A short training session on echo and choral reading, and a set of fluency texts matched to the class.",
        (
            "Ten minutes of echo and choral reading after lunch every day. The target group were shy at first "
            "but they now volunteer.",
            "Mid-point fluency check: most of the target group have gained 10 to 15 words per minute.",
            "Two pupils from the group read aloud in assembly, which would not have happened in September.",
        ),
        subject="english",
        phases="primary",
    ),
    _idea(
        "Deepen my subject knowledge in {subject} for the new units this year",
        "teacher",
        "curriculum",
        "ts:TS3.a ts:TS3.b",
        T.SUBJECT_KNOWLEDGE,
        "Two units in {subject} are new to me this year, and I want to teach them with the same confidence as "
        "the rest of the curriculum.",
        "Unit plans annotated with the common misconceptions, and pupils' end-of-unit work as strong as in "
        "units I know well.",
        "Time with the subject lead before each unit, and the subject association's online course.",
        (
            "Met the subject lead to go through the first new unit; the misconceptions list was the most useful part.",
            "The first new unit went better than expected. Pupils' explanations at the end were clearer than my "
            "own would have been last year.",
            "Both units taught. I've written up my notes for whoever teaches them next.",
        ),
        subject="own",
    ),
    _idea(
        "Adapt lessons so that pupils with SEND in {group} work on the same content as everyone else",
        "teacher",
        "inclusion",
        "ts:TS5.a ts:TS5.b ts:TS5.d",
        T.SEND,
        "Some pupils on the SEND register were doing separate work too often, which widened the gap.",
        "Every pupil on the SEND register has adaptations visible in lessons, and their work is on the same "
        "content as the class.",
        "Half a day with the SENCo to go through pupil passports, and time to plan with my teaching assistant.",
        (
            "Pupil passports reviewed with the SENCo. Each pupil now has one or two adaptations I use every lesson.",
            "Pre-teaching vocabulary with my TA before new units is making the biggest difference.",
            "SENCo's learning walk found the adaptations in place; two pupils are working more independently.",
        ),
    ),
    _idea(
        "Establish calm routines for the start and end of lessons with {group}",
        "teacher",
        "behaviour",
        "ts:TS7.a ts:TS7.b ts:TS1.a",
        T.BEHAVIOUR,
        "Lesson starts were losing five minutes or more, and transitions were where most low-level disruption "
        "happened.",
        "Pupils are settled and working within two minutes of arriving, and fewer behaviour logs come from my lessons.",
        "Coaching on routines: one observed lesson and a follow-up conversation.",
        (
            "Routine introduced: meet at the door, task on the board, same every lesson. Took a fortnight to stick.",
            "Coach observed a lesson start. Good feedback on consistency; I need to be tighter on the end of the "
            "lesson.",
            "Behaviour logs from my lessons are down by about half compared with the autumn.",
        ),
    ),
    _idea(
        "Use structured talk so that every pupil in {group} answers, not just the volunteers",
        "teacher",
        "curriculum",
        "ts:TS4.b ts:TS2.e ts:TS3.c",
        T.READING,
        "The same few pupils answer most questions; quieter pupils can go a whole lesson without speaking.",
        "Cold calling and think-pair-share are routine, and pupil voice shows more pupils feel confident to answer.",
        "Watch a colleague who uses cold calling well, and a short reading on oracy.",
        (
            "Started using think-pair-share before every big question. The answers are better as well as more varied.",
            "Cold calling is now routine; nobody seems upset by it because everyone has had time to think first.",
            "Pupil voice: 78% said they feel confident answering in class, up from about half.",
        ),
    ),
    _idea(
        "Work with families of persistently absent pupils in {group}",
        "teacher",
        "attendance",
        "ts:TS8.e ts:TS1.b",
        T.OTHER,
        "Four pupils in my class are persistently absent, and three of them are disadvantaged.",
        "A positive phone call home for each pupil every half-term, and attendance for the group improves.",
        "Advice from the attendance officer on having the first conversation with families.",
        (
            "Called all four families with good news before anything else; two came to the next parents' evening.",
            "Attendance for the group up from 86% to 91% so far this year.",
            "One pupil still struggling; now on an early help plan, which I'm part of.",
        ),
    ),
    _idea(
        "Teach the vocabulary of {subject} explicitly so that pupils can read and write like specialists",
        "teacher",
        "reading",
        "ts:TS3.c ts:TS3.a",
        T.READING,
        "Pupils' written answers in {subject} lose marks because they avoid the precise vocabulary of the subject.",
        "Key vocabulary is taught at the start of each unit, and extended answers use it correctly.",
        "The department's disciplinary literacy training and time to build vocabulary lists for each unit.",
        (
            "Vocabulary lists written for the first two units, with etymology where it helps.",
            "Pupils are using the terms in discussion; writing is catching up more slowly.",
            "Mock answers this term used the subject vocabulary far more accurately.",
        ),
        subject="own",
        phases="secondary",
    ),
    _idea(
        "Run daily number fluency sessions so that {group} recall facts without counting on",
        "teacher",
        "maths",
        "ts:TS3.a ts:TS2.d ts:TS3.e",
        T.SUBJECT_KNOWLEDGE,
        "The multiplication check and class assessments showed many pupils still count on for facts they should know.",
        "Most pupils recall the facts for their year group within three seconds, and fewer errors in written "
        "methods come from fact recall.",
        "The maths hub's fluency materials and a session with the maths lead.",
        (
            "Ten-minute fluency sessions every morning, using the maths hub sequence.",
            "Half-termly check: recall is quicker for most; a small group needs more concrete practice.",
            "Errors in written methods from fact recall have almost disappeared.",
        ),
        subject="mathematics",
        phases="primary",
    ),
    _idea(
        "Use the visualiser and quick digital quizzes to check understanding during lessons",
        "teacher",
        "feedback",
        "ts:TS6.a ts:TS4.a ts:TS4.d",
        T.TECHNOLOGY,
        "I often find out that pupils have misunderstood only when I mark their books, which is too late.",
        "A check for understanding in every lesson, and misconceptions picked up and addressed the same day.",
        "A short training session on the quiz tool and a visualiser for my classroom.",
        (
            "Visualiser set up; showing pupils' work live is already changing how they present it.",
            "Using a hinge question halfway through most lessons. It has caught two big misconceptions this half-term.",
            "I now plan the hinge question first. Pupils know to expect it.",
        ),
    ),
    _idea(
        "Use the shared unit plans to cut my planning time and protect my evenings",
        "teacher",
        "wellbeing",
        "ts:TS8.a ts:TS4.e",
        T.WELLBEING,
        "I was spending most evenings planning from scratch, which was not sustainable.",
        "Planning time down to a manageable level, with lessons still adapted well for my class.",
        "A planning session with my phase leader on adapting rather than rewriting.",
        (
            "Using the shared plans for two subjects now, adapting rather than rewriting.",
            "Evenings are mine again most of the week. Lessons are no worse for it.",
        ),
    ),
    _idea(
        "Use worked examples and faded guidance in {subject}",
        "teacher",
        "curriculum",
        "ts:TS4.a ts:TS2.b ts:TS2.d",
        T.SUBJECT_KNOWLEDGE,
        "Pupils struggle when they move from guided practice to working on their own.",
        "Pupils attempt independent work with fewer errors, and ask for help less often in the first five minutes.",
        "Observe a colleague's modelling and co-plan a sequence of lessons with them.",
        (
            "Co-planned a sequence with worked example pairs. Pupils are noticeably more confident starting work.",
            "Fading the steps too quickly at first; slowed down and it is working better.",
        ),
        subject="own",
    ),
    _idea(
        "Complete the second year of the early career framework with my mentor",
        "ect",
        "curriculum",
        "ts:TS8.d ts:TS4.d",
        T.COACHING,
        "The induction programme is where most of my development this year will come from.",
        "All second-year modules complete, mentor meetings held every fortnight, and induction passed.",
        "Protected time for mentor meetings and the ECF modules.",
        (
            "Mentor meetings every fortnight; the focus this half-term is on adaptive teaching.",
            "Progress review went well. My mentor says my questioning has come on a long way.",
        ),
    ),
    # --- Middle and senior leaders ------------------------------------------------------------------------
    _idea(
        "Lead {subject} across the school: know how it is taught and help colleagues improve it",
        "leader",
        "curriculum",
        "ts:TS8.a ts:TS3.b ts:TS4.e",
        T.CURRICULUM,
        "The subject's curriculum is in place but I don't yet know how consistently it is taught.",
        "A subject review each term (book looks, pupil voice, drop-ins), with one improvement agreed each time.",
        "Release time for monitoring and the subject leadership network.",
        (
            "Book look done for the first unit; sequencing is consistent but vocabulary teaching varies.",
            "Pupil voice this term: pupils can say what they learned last year, which is new.",
            "Shared a short guide on teaching the key vocabulary; second book look shows it in use.",
        ),
        subject="own",
    ),
    _idea(
        "Coach two colleagues using instructional coaching",
        "leader mentor",
        "feedback",
        "ts:TS8.d ts:TS8.b",
        T.COACHING,
        "Coaching is the most effective CPD we offer, and we need more trained coaches.",
        "Two colleagues coached every fortnight, each with an action step they say changed their practice.",
        "The alliance coaching training and half an hour a fortnight for each coaching session.",
        (
            "Coaching started with both colleagues; action steps are small and specific.",
            "One colleague's action step on cold calling is already routine.",
            "Both coachees say it was the most useful CPD of the year.",
        ),
    ),
    _idea(
        "Make moderation of writing consistent across my team",
        "leader",
        "feedback",
        "ts:TS6.c ts:TS6.a",
        T.ASSESSMENT,
        "Teacher assessments of writing varied between classes more than they should.",
        "Termly moderation meetings, and agreement within one band for every piece moderated.",
        "Attend local authority moderation training.",
        (
            "First moderation meeting held. Useful disagreements about the 'greater depth' standard.",
            "Agreement much closer at the second meeting.",
        ),
    ),
    _idea(
        "Lead my team's work on attendance of disadvantaged pupils",
        "leader",
        "attendance",
        "ts:TS8.a ts:TS1.b ts:TS8.e",
        T.LEADERSHIP,
        "Disadvantaged pupils' attendance is below their peers' in my team's year groups.",
        "Each class teacher knows their persistently absent pupils and has a plan for each, and the gap narrows.",
        "Time with the attendance officer to set up a simple termly review.",
        (
            "Every teacher in the team has their list and has made first contact.",
            "Gap narrowed from 4.1 to 2.8 percentage points by February.",
        ),
    ),
    _idea(
        "Reduce the workload of assessment data drops for my team",
        "leader",
        "wellbeing",
        "ts:TS8.a ts:TS6.c",
        T.WELLBEING,
        "Staff survey said data drops take too long for what they tell us.",
        "Fewer data points collected, each one used, and staff say the workload is reasonable.",
        "A conversation with the senior team about what data is actually used.",
        (
            "Cut the data drop from six columns to three after checking what we actually used.",
            "Team survey: everyone said the data drop now takes under an hour.",
        ),
    ),
    _idea(
        "Mentor our early career teacher through their induction",
        "mentor",
        "curriculum",
        "ts:TS8.d ts:TS8.b",
        T.COACHING,
        "I am mentoring an early career teacher for the first time this year.",
        "Weekly mentor meetings held, and my ECT passes each progress review.",
        "The mentor training modules and a half-termly mentor network meeting.",
        (
            "Weekly meetings in place; we use the ECF materials but focus on what comes up in class.",
            "First progress review passed. My mentee is now leading a phase assembly.",
        ),
    ),
    _idea(
        "Lead the school's CPD so that it meets the DfE standard for professional development",
        "cpd",
        "wellbeing",
        "ts:TS8.a ts:TS8.d",
        T.LEADERSHIP,
        "Our CPD is well received but we rarely check whether it changes what happens in classrooms.",
        "Every CPD strand has a follow-up point, and we can show impact on practice for at least two strands.",
        "The NPQ in leading teacher development and time at alliance CPD leads' meetings.",
        (
            "CPD calendar rebuilt around three strands, each with a follow-up point.",
            "Using Guskey's levels to evaluate the coaching strand: strong evidence at level 4.",
        ),
    ),
    _idea(
        "Raise the quality of SEN support plans across the school",
        "senco",
        "inclusion",
        "ts:TS5.d ts:TS5.b ts:TS8.b",
        T.SEND,
        "SEN support plans vary a lot in quality, and some targets cannot be measured.",
        "Every plan has specific targets reviewed termly with families, and teachers say the plans help them.",
        "Time with the educational psychologist and cover for review meetings.",
        (
            "Plan template rewritten with teachers; targets now say what the pupil will do.",
            "Autumn reviews held with families for every pupil on SEN support.",
        ),
    ),
    # --- Teaching assistants ------------------------------------------------------------------------------
    _idea(
        "Deliver the reading intervention faithfully and track each pupil's progress",
        "ta",
        "reading",
        "ta:TA3.c ta:TA2.d ta:TA4.a",
        T.READING,
        "The intervention works when it is delivered as designed, and I want to show its impact for my group.",
        "Sessions delivered as planned, each pupil's progress recorded, and most of the group gaining at least "
        "six months in reading age.",
        "Refresher training on the intervention and 10 minutes a week to share notes with the class teacher.",
        (
            "Sessions running four times a week. Keeping a simple tracker of each pupil's reading.",
            "Midpoint check: five of the six pupils have moved on at least one book band.",
            "Final assessment: the group gained seven months on average.",
        ),
    ),
    _idea(
        "Help {group} become more independent, using a prompting ladder",
        "ta",
        "inclusion",
        "ta:TA3.a ta:TA2.b",
        T.SEND,
        "I sometimes step in too soon, and pupils wait for me rather than having a go.",
        "Pupils attempt tasks before asking for help, and I use the least prompt that works.",
        "The SENCo's training on the prompting ladder, and feedback from an observation.",
        (
            "Using the prompting ladder: wait, then a question, then a hint, before any modelling.",
            "Class teacher noticed two pupils starting work on their own without waiting for me.",
        ),
    ),
    _idea(
        "Give the class teacher quick feedback after every intervention session",
        "ta",
        "feedback",
        "ta:TA4.a ta:TA3.c ta:TA4.b",
        T.ASSESSMENT,
        "Teachers did not always know what happened in intervention sessions, so it was not built on in class.",
        "A two-line note after every session, and teachers say they use it in planning.",
        "An agreed format with the teachers I work with.",
        (
            "Using a simple slip after each session: what we did, who found it hard.",
            "Teachers say they are using the slips to plan the next day's starter.",
        ),
    ),
    _idea(
        "Learn more about speech, language and communication needs",
        "ta",
        "inclusion",
        "ta:TA2.b ta:TA2.c ta:TA4.d",
        T.SEND,
        "More pupils I support have speech and language needs, and I want to know how to help them well.",
        "Training completed, and I can adapt my language for the pupils I support (checked in an observation).",
        "The speech and language therapist's training course and a visit to observe a specialist session.",
        (
            "Completed the first training module; using simpler instructions and visual supports already.",
            "The therapist observed and gave me two strategies to try.",
        ),
    ),
    _idea(
        "Support calm transitions for pupils who find change hard",
        "ta",
        "behaviour",
        "ta:TA1.a ta:TA3.d",
        T.BEHAVIOUR,
        "Most incidents for the pupils I support happen at transitions: lining up, lunchtime, changing rooms.",
        "Visual timetables and countdowns in use, and fewer incidents at transition times.",
        "Advice from the SENCo and a session on emotion coaching.",
        (
            "Visual timetables in place for three pupils; countdowns before every transition.",
            "Incidents at lining-up time down from most days to once or twice a fortnight.",
        ),
    ),
    _idea(
        "Build my maths subject knowledge to support {group}",
        "ta",
        "maths",
        "ta:TA2.a ta:TA2.d",
        T.SUBJECT_KNOWLEDGE,
        "I want to explain methods the same way the teachers do, especially with fractions.",
        "Confident with the school's calculation policy, and I can spot common misconceptions.",
        "The maths hub's online course for teaching assistants.",
        (
            "Working through the online course; the fractions module was very useful.",
            "I can now use the bar model confidently with my group.",
        ),
    ),
    # --- Support and midday staff -------------------------------------------------------------------------
    _idea(
        "Make first-day absence calls so that every family is contacted by 9.30",
        "office",
        "attendance",
        "ta:TA4.c ta:TA1.d",
        T.OTHER,
        "First-day calls were often not made until late morning, which makes it harder to spot a concern.",
        "Every unexplained absence followed up by 9.30, with calls logged on the MIS.",
        "A session on the new MIS attendance module.",
        (
            "New routine in place: register check at 9.05, calls by 9.30.",
            "Calls now logged on the MIS; the attendance officer says it saves her a lot of time.",
        ),
    ),
    _idea(
        "Learn the new MIS modules for attendance and communication",
        "office exams",
        "attendance",
        "ta:TA2.c ta:TA1.b",
        T.TECHNOLOGY,
        "We are moving to a new MIS, and I want to be the person colleagues can ask.",
        "Training completed, and the office uses the new modules without paper workarounds.",
        "The supplier's online training and a visit to a school that already uses it.",
        (
            "Completed the supplier's training for attendance.",
            "Paper registers for trips have gone; everything is on the MIS now.",
        ),
    ),
    _idea(
        "Move trip consents and payments online to reduce paper at the office",
        "office",
        "wellbeing",
        "ta:TA4.c ta:TA1.b",
        T.TECHNOLOGY,
        "Chasing paper consent forms takes hours every week.",
        "All trips use online consent, and chasing time is halved.",
        "Time to set up the forms and help for families who are not online.",
        (
            "Online consent used for the Year 4 trip: 90% returned in two days.",
            "Families without internet access can now complete forms at the office on the tablet.",
        ),
    ),
    _idea(
        "Update site risk assessments and complete the health and safety refresher",
        "site",
        "wellbeing",
        "ta:TA1.b ta:TA4.d",
        T.OTHER,
        "Several risk assessments are due for review, and my certificate runs out this year.",
        "Refresher completed and every site risk assessment reviewed and shared with staff.",
        "A day's course and cover for the site during it.",
        (
            "Refresher course booked for the half-term holiday.",
            "All outdoor area risk assessments reviewed with the deputy head.",
        ),
    ),
    _idea(
        "Train invigilators in access arrangements",
        "exams",
        "inclusion",
        "ta:TA2.b ta:TA4.a",
        T.SEND,
        "More candidates have access arrangements, and invigilators need to know how to apply them.",
        "Every invigilator trained before the summer series, with no access arrangement issues reported.",
        "Time with the SENCo to plan the session.",
        (
            "Training session planned with the SENCo for March.",
            "Summer series ran without a single access arrangements issue.",
        ),
    ),
    _idea(
        "Complete safeguarding training and know what to do with a concern",
        "support midday",
        "wellbeing",
        "ta:TA1.b ta:TA1.d",
        T.OTHER,
        "I see pupils in different settings from their teachers and need to be confident about reporting.",
        "Training completed, and I can explain how to record a concern on the school's system.",
        "The online training and a short meeting with the designated safeguarding lead.",
        (
            "Online training done.",
            "Met the safeguarding lead and logged my first concern correctly on the system.",
        ),
    ),
    _idea(
        "Lead structured games at lunchtime so that fewer incidents come back to class",
        "midday",
        "behaviour",
        "ta:TA1.c ta:TA3.d",
        T.BEHAVIOUR,
        "Lunchtime incidents often carry on into the afternoon's lessons.",
        "Structured games on offer every day, and fewer lunchtime incidents reported by class teachers.",
        "The playground games training from the PE lead.",
        (
            "Games zone running three days a week; popular with Year 3 and 4.",
            "Class teachers say afternoons start more calmly on games days.",
        ),
    ),
    _idea(
        "Help pupils with lunchtime routines so the hall is calm and quick",
        "midday",
        "behaviour",
        "ta:TA1.a ta:TA3.d",
        T.BEHAVIOUR,
        "Lunch is noisy and some younger pupils do not finish eating.",
        "Pupils know the routine, lunch runs to time, and the youngest pupils are helped to finish.",
        "A short session with the senior midday supervisor on the routine.",
        (
            "New table routine working; noise levels down.",
            "Reception children are finishing lunch in time for play.",
        ),
    ),
    # --- Headteachers -------------------------------------------------------------------------------------
    _idea(
        "Build a reading culture across the school",
        "head",
        "reading",
        "ht:HT3 ht:HT1",
        T.READING,
        "Attainment in reading is sound, but too few pupils read for pleasure.",
        "Every class has a daily story or reading-for-pleasure time, and the library is used every week.",
        "Governor support for library investment; the English lead's time to coordinate.",
        (
            "Library restocked with the pupils' choices; reading ambassadors chosen in each year group.",
            "Pupil voice in the spring term: enjoyment up, especially among boys.",
        ),
        measures="Pupil voice survey: 80% of pupils say they enjoy reading (from 64%).\n"
        "Library loans up by a third on last year.",
    ),
    _idea(
        "Improve staff well-being and reduce unnecessary workload",
        "head",
        "wellbeing",
        "ht:HT7 ht:HT6",
        T.WELLBEING,
        "The staff survey showed workload is the main reason people are thinking of leaving.",
        "Workload charter agreed with staff, and every new initiative checked for workload before it starts.",
        "The DfE workload toolkit and a staff well-being group.",
        (
            "Workload charter agreed with staff: no emails after 6pm, one data drop a term.",
            "Well-being group meets half-termly; marking policy rewritten with them.",
        ),
        measures="Staff well-being survey up from 62% to 75% positive.\nStaff absence below 3%.",
    ),
    _idea(
        "Close the attendance gap for disadvantaged pupils",
        "head",
        "attendance",
        "ht:HT4 ht:HT9",
        T.LEADERSHIP,
        "Disadvantaged pupils' attendance is four points below their peers'.",
        "Clear roles for attendance, a weekly review of persistent absence, and early help for families who need it.",
        "Shared attendance officer time with the alliance.",
        (
            "Weekly attendance meeting set up with the office and pastoral team.",
            "Gap now 2.6 points; persistent absence falling.",
        ),
        measures="Attendance of disadvantaged pupils up from 91.2% to 94%.\n"
        "Persistent absence below 15% for every group.",
    ),
    _idea(
        "Embed instructional coaching for every teacher",
        "head",
        "feedback",
        "ht:HT6 ht:HT2",
        T.COACHING,
        "Coaching has worked well for early career teachers and should reach everyone.",
        "Every teacher has a coach and a coaching conversation every half-term.",
        "Coaching training for middle leaders through the alliance.",
        (
            "All teachers matched with a coach; first cycle complete.",
            "Teachers report action steps they have kept using.",
        ),
        measures="Every teacher has a coaching conversation each half-term.\n"
        "70% of teachers say coaching changed their practice (staff survey).",
    ),
    _idea(
        "Strengthen behaviour and belonging in Key Stage 3",
        "head",
        "behaviour",
        "ht:HT4 ht:HT1",
        T.BEHAVIOUR,
        "Suspensions in Key Stage 3 rose last year, and pupil voice showed many pupils do not feel they belong.",
        "Consistent routines in every lesson, a mentoring offer for pupils at risk of suspension, and more pupils "
        "in clubs.",
        "Behaviour hub support and time for heads of year to run mentoring.",
        (
            "Routines launched in September; learning walks show them in most lessons.",
            "Suspensions down a third compared with the autumn last year.",
        ),
        measures="Suspensions in Key Stage 3 down by a third.\n"
        "'I feel I belong at this school' up from 58% to 75% in pupil voice.",
        phases="secondary",
    ),
]

# Comments an appraiser or panel member leaves on an objective between meetings.
REVIEWER_COMMENTS = (
    "Saw this in action when I dropped in on Tuesday. The routine is clearly embedded.",
    "Thanks for the update. Let's look at a few examples together before the review.",
    "Good progress. It might be worth sharing this at a staff meeting next term.",
    "Is there anything you need from me to keep this going? Happy to arrange cover for a visit.",
    "Really pleasing to read. Please link the evidence when you have a moment, so it's ready for the review.",
    "Agree with this. Let's keep the success criteria as they are and look again at mid-year.",
)

SUPPORT_NONE = "No extra support needed beyond the usual INSET and network sessions."

# Before any objective is drafted, the notes are about choosing a focus.
NO_OBJECTIVES_TEXT = {
    "appraisee": (
        "I haven't drafted objectives yet. I'd like to talk about which of the school's priorities I can "
        "contribute to most this year.",
        "Still thinking about my objectives. Something on feedback feels right, but I'd value your view.",
    ),
    "reviewer": (
        "Let's use the meeting to agree two or three objectives linked to the school's priorities, and what "
        "support would help.",
        "{name} has settled well this term. I'd like us to agree objectives that build on what is already working.",
    ),
}

# What a governor or the external adviser writes before a headteacher's review.
PANEL_NOTES = {
    "planning": (
        "The panel has read the school improvement plan and last year's review. We propose objectives that "
        "follow the plan's priorities, with broader measures as well as results.",
        "The external adviser's visit in September confirmed the priorities. The panel supports the aim to {first_lc}.",
    ),
    "mid_year": (
        "Governors have seen the termly report. Progress on the aim to {first_lc} is clear; we would like to hear "
        "more about how staff workload is being protected.",
        "The adviser's spring visit found the priorities well understood by staff. The panel is content that "
        "the objectives are on track.",
    ),
    "end_of_year": (
        "The panel is pleased with the year. {name} met {met}, and the broader measures moved in the right direction.",
        "A strong year for the school. The panel would like next year's objectives to keep the focus on "
        "disadvantaged pupils.",
    ),
}

# What a governor or the adviser writes on one of the headteacher's objectives between meetings.
PANEL_COMMENTS = (
    "Thank you for the update; the full governing board discussed this at its last meeting.",
    "Good to see the measures moving. Could the next report to governors include the pupil voice results?",
    "The adviser's visit found the same. The panel is content with progress.",
)

CARRIED_CHECK_IN = "Carried over from last year. Picking this up again with this year's pupils."

# Texts under "several" are used only when there is more than one objective to talk about. Objective titles
# start with a verb ("Establish calm routines..."), so "{first_lc}" reads well after "to".
STAGE_TEXT = {
    "planning": {
        "appraisee": (
            "I'd like this year's main focus to be: {first}. It follows on from what I noticed in the summer "
            "term, and I think it will make the biggest difference for the pupils I work with.",
            "Last year went well overall. This year I'd like to {first_lc}. I'd find it useful to see a colleague "
            "do this well early in the autumn term.",
        ),
        "appraisee_several": (
            "Ideas for objectives:\n{list}\nI'm not sure all of these are realistic alongside everything else, so "
            "I'd like to talk them through.",
        ),
        "reviewer": (
            "{name} has made a strong start to the year. I'd support the aim to {first_lc}; it fits the school's "
            "priorities and builds on last year's work.",
            "Suggest we keep to two or three objectives and make the success criteria something we can see in "
            "lessons and in pupils' work, not just in data.",
            "Happy with the proposed focus. Let's agree what support is needed and when we'll check in; I'd "
            "suggest before the February half-term.",
        ),
        "agreed": (
            "Objectives agreed:\n{list}\n\nSupport: {support}\n\nWe will check in informally before the mid-year "
            "review. {name} will link relevant learning records as evidence during the year.",
            "We talked about last year and agreed the focus for this year:\n{list}\n\nSupport: {support}\n\nNext "
            "check-in after the autumn half-term.",
        ),
    },
    "mid_year": {
        "appraisee": (
            "Good progress on my aim to {first_lc}. {progress} I'd like to keep the same focus for the rest of the "
            "year.",
        ),
        "appraisee_several": (
            "A mixed term. {progress} The other objectives have had less time than I hoped; I'd like to agree what "
            "is realistic by the summer.",
        ),
        "reviewer": (
            "Clear progress since the autumn, and it shows when I drop in. Let's make sure evidence is linked "
            "before the summer so the end-of-year review is straightforward.",
            "On track. One thing to think about: how will we know the change has lasted? I'd suggest a short "
            "pupil voice check in May.",
        ),
        "agreed": (
            "We reviewed progress on each objective:\n{list}\n\nAll on track; no changes to the objectives. "
            "Support agreed in the autumn is in place. Next check-in after Easter.",
        ),
        "agreed_several": (
            "Progress reviewed:\n{list}\n\nWe agreed to narrow the second objective so that it is achievable by "
            "July. Support: {support}",
        ),
    },
    "end_of_year": {
        "appraisee": (
            "Looking back, working to {first_lc} is where I've grown most. {progress} Next year I want to keep it "
            "going without it becoming extra work.",
            "I'm pleased with most of this year. {progress} I'd like to talk about what comes next.",
        ),
        "reviewer": (
            "A good year. {name} met {met}, and the work to {first_lc} has been noticed by colleagues too.",
            "{name} has worked hard on every objective this year and the impact is visible. Let's think about "
            "sharing the work more widely next year.",
        ),
        "agreed": (
            "Objectives reviewed:\n{status_list}\n\nStrength to share: the work to {first_lc}. We will use this "
            "year's review to start next year's planning conversation in September.",
            "End-of-year review:\n{status_list}\n\n{name} will lead a short staff meeting slot on this work next "
            "year. Support for next year to be agreed at planning.",
        ),
    },
}


SELF_REVIEW_SUMMARIES = (
    "A year of steady progress. I'm most confident in the classroom routines and want to develop my "
    "subject knowledge further.",
    "Looking across the standards, my strengths are relationships and routines. The area I most want to develop "
    "is assessment: knowing sooner when pupils have not understood.",
    "I've grown in confidence this year, especially working with colleagues. I'd like more opportunities to see "
    "others teach.",
    "Most standards feel secure. The one I keep coming back to is adapting my teaching for pupils who find "
    "learning hard.",
)

RATING_COMMENTS = {
    "emerging": (
        "This is where I want to grow this year; it links to one of my objectives.",
        "Working towards it: I know what good looks like but I'm not doing it consistently yet.",
        "Newer to me since my role changed. I'd like to see colleagues who do this well.",
    ),
    "secure": (
        "Secure day to day; I can point to examples in my planning and in pupils' work.",
        "Confident here. Feedback from drop-ins last term backed this up.",
        "Secure, though it takes more effort with some groups than others.",
    ),
    "strength": (
        "A strength: colleagues have visited to see how I do it.",
        "I'd be happy to share this at a staff meeting or network session.",
        "Consistently strong; it came up in both observations last year.",
    ),
}
RATING_WEIGHTS = {"emerging": 20, "secure": 55, "strength": 25}

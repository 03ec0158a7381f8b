import io
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from staffroom.demo import content
from staffroom.demo.builder import DemoBuilder


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Create the demo alliance: three schools, their staff, two years of professional learning and two "
        "years of appraisals and peer learning. "
        "Safe to run again: nothing is duplicated. Never available in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff-per-school",
            type=_positive,
            default=None,
            metavar="N",
            help="Create at most N staff per school (the demo logins and their managers are always created).",
        )

    def handle(self, *args, staff_per_school=None, **options):
        # Demo accounts share a published password, so they must never exist on a live system.
        if settings.PRODUCTION:
            raise CommandError("load_demo creates accounts with a published password and never runs in production.")
        started = time.monotonic()
        call_command("load_frameworks", stdout=io.StringIO())
        summary = DemoBuilder(staff_per_school=staff_per_school).build()
        elapsed = time.monotonic() - started

        self.stdout.write(
            f"{content.NETWORK_NAME}: {summary.schools} schools, {summary.memberships} memberships "
            f"({summary.users_created} people and {summary.memberships_created} memberships new this run)."
        )
        self.stdout.write(
            f"Professional learning: {summary.activities} activities "
            f"({summary.activities_created} new this run, for {summary.people_with_new_history} people); "
            f"follow-ups {summary.follow_ups_answered} answered, {summary.follow_ups_due} due, "
            f"{summary.follow_ups_scheduled} scheduled; {summary.evidence} evidence files."
        )
        self.stdout.write(
            f"Appraisal: {summary.appraisal_cycles} cycles, {summary.appraisals} appraisals "
            f"({summary.appraisals_created} new this run), {summary.objectives} objectives, "
            f"{summary.check_ins} check-ins, {summary.self_reviews} self-reviews; reviews {summary.reviews_signed} "
            f"signed off ({summary.reviews_approved} approved), {summary.reviews_in_progress} in progress."
        )
        self.stdout.write(
            f"Peer learning: {summary.observations} observations, {summary.coaching_sessions} coaching visits, "
            f"{summary.open_slots} open-classroom slots, {summary.peer_profiles} Find-a-peer profiles "
            f"({summary.observation_schools_created} schools new this run)."
        )
        self.stdout.write(
            f"School improvement: {summary.improvement_metrics} metrics with {summary.improvement_data_points} "
            f"data points, {summary.improvement_actions} plan actions, {summary.improvement_proposals} proposals."
        )
        self.stdout.write(
            "Two-factor sign-in is required of nobody in the demo schools, so every login works with the password "
            "alone; a head turns it on for chosen roles under Admin, School settings."
        )
        self.stdout.write(f"Done in {elapsed:.1f} s.\n")
        width = max(len(email) for email, _label in summary.logins)
        label_width = max(len(label) for _email, label in summary.logins)
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        self.stdout.write(f"{'Email':<{width}}  {'Role':<{label_width}}  Password")
        for email, label in summary.logins:
            self.stdout.write(f"{email:<{width}}  {label:<{label_width}}  {content.DEMO_PASSWORD}")
        self.stdout.write("Every other demo account uses the same password.")

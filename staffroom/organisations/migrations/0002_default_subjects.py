from django.db import migrations
from django.utils.text import slugify

# The subjects of England's national curriculum and the areas schools commonly plan CPD around. Subjects are
# shared across schools so that a network can match people who teach the same thing.
DEFAULT_SUBJECTS = [
    "Art and design", "Citizenship", "Computing", "Design and technology", "Drama", "Early years",
    "Economics and business", "English", "Geography", "History", "Languages", "Mathematics", "Media studies",
    "Music", "Phonics and early reading", "Physical education", "Psychology", "PSHE and RSE",
    "Religious education", "Science", "Sociology", "SEND", "Vocational and technical",
]


def add_subjects(apps, schema_editor):
    Subject = apps.get_model("organisations", "Subject")
    for name in DEFAULT_SUBJECTS:
        Subject.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(add_subjects, migrations.RunPython.noop)]

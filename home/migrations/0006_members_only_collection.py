"""A "Members only" collection: documents uploaded into it are for logged-in users only.

Wagtail's own collection privacy (Settings > Collections > Privacy) does the checking;
this only creates the collection, so that editors find it ready. Historical models have
no tree methods, so the child node is written as treebeard would write it.
"""

from django.db import migrations

NAME = "Members only"
STEP = 4  # treebeard's steplen for Collection
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def encode(number):
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(STEP, "0")


def create_members_only(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None or Collection.objects.filter(depth=2, name=NAME).exists():
        return
    last = (
        Collection.objects.filter(depth=2, path__startswith=root.path)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = int(last[-STEP:], len(ALPHABET)) + 1 if last else 1
    collection = Collection.objects.create(
        name=NAME, path=root.path + encode(step), depth=2, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_public_submission"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_members_only, migrations.RunPython.noop)]

"""The suite's replay of load_demo (tests/support/demo_snapshot.py) gives exactly what the
real command made: every row of every table, every media file, the same output; and it
never replays onto a database or settings other than those of the recorded run."""

import io

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction

from wagtail.models import Site

import pytest

from home.models import HomePage, StandardPage
from tests.support import demo_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder(monkeypatch):
    """A recorder of this test's own, replaying (this module is about load_demo, where the
    suite never replays)."""
    fresh = demo_snapshot.Recorder()
    monkeypatch.setattr(demo_snapshot, "recorder", fresh)
    monkeypatch.setattr(demo_snapshot, "replay_allowed", True)
    return fresh


def load_demo():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def whole_database():
    with connection.cursor() as cursor:
        return demo_snapshot.table_checksums(cursor)


def test_a_replay_is_row_for_row_and_file_for_file_the_real_run(recorder):
    before = transaction.savepoint()
    made_output = load_demo()
    made = whole_database()
    assert recorder.runs == 1
    recording = next(iter(recorder.recordings.values()))
    share_card = next(name for _storage, name, _data in recording.media if "share" in name)
    share_card_bytes = default_storage.open(share_card).read()
    transaction.savepoint_rollback(before)
    assert not HomePage.objects.exists()
    # A file the demo's rows name may be deleted by a later test: the replay writes it back.
    default_storage.delete(share_card)

    replayed_output = load_demo()

    assert (recorder.runs, recorder.replays) == (1, 1)
    assert whole_database() == made
    assert replayed_output == made_output
    assert "Created: home page" in replayed_output
    assert default_storage.open(share_card).read() == share_card_bytes
    # The sequences are past the replayed rows: new pages get new ids.
    home = Site.objects.get(is_default_site=True).root_page
    home.add_child(instance=StandardPage(title="After the demo", slug="after-the-demo"))


def test_no_replay_onto_another_state_other_settings_or_options(recorder, settings):
    site = Site.objects.get()
    with connection.cursor() as cursor:
        pristine, _tables = demo_snapshot.state_key(cursor, {})
        Site.objects.update(site_name="Changed by the test")
        changed_rows, _tables = demo_snapshot.state_key(cursor, {})
        Site.objects.update(site_name=site.site_name)
        assert demo_snapshot.state_key(cursor, {})[0] == pristine
        with_admin, _tables = demo_snapshot.state_key(cursor, {"with_admin": True})
        settings.WAGTAIL_SITE_NAME = "Another portal"
        other_settings, _tables = demo_snapshot.state_key(cursor, {})
    assert len({pristine, changed_rows, with_admin, other_settings}) == 4

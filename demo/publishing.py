"""What every app's demo content (`load_demo`) does to add a page."""

from .pictures import attach_picture


def publish_child(parent, page, created, label):
    """Add `page` under `parent` and publish it with a revision, as an editor would, then
    note it in `created` so that load_demo can say what it made. A demo page that shows a
    picture gets it first (demo/pictures.py), so that it is published (and its share card
    made) once."""
    attach_picture(page)
    parent.add_child(instance=page)
    page.save_revision().publish()
    created.append(label)
    return page

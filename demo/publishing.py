"""What every app's demo content (`load_demo`) does to add a page."""


def publish_child(parent, page, created, label):
    """Add `page` under `parent` and publish it with a revision, as an editor would, then
    note it in `created` so that load_demo can say what it made."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    created.append(label)
    return page

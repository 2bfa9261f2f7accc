"""Moving a WordPress site in: its export (WXR) read into plain records (wxr), post HTML
turned into StreamField blocks (content), everything written as pages, media and redirects
(importer) and what happened told to the person running it (report)."""

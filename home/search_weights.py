"""How much each kind of field counts in the site search's ranking.

A word in a page's title counts most (Wagtail's Page gives the title a boost of 2), then
in its summary or introduction (SUMMARY_BOOST, PostgreSQL weight B), then in its body (no
boost, weight D). Every page type marks its short summary fields with SUMMARY_BOOST.
"""

SUMMARY_BOOST = 1.5

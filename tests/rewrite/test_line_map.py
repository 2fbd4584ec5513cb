"""Lines of the migrated code named in the lines of the file as the user has it."""

from migrator.rewrite.line_map import to_old

OLD = ("import os\nfrom zeep import Client\n\ncli = Client(WSDL)\n"
       "cli.service.login({'username': U,\n                   'password': P})\nprint(cli.service['Op']({}))\n")
NEW = "from zeep import Client\n\ncli = Client(WSDL)\nprint(cli.service['Op']({}))\n"


def test_a_kept_line_after_removed_ones_maps_to_itself():
    # a needs-hands reason about the print named the login's line (5) instead of the print's (7)
    mapped = to_old(OLD, NEW)
    assert [mapped(n) for n in (1, 2, 3, 4)] == [2, 3, 4, 7]


def test_a_line_past_the_end_maps_to_where_lines_were_removed():
    mapped = to_old("a\nb\nc\n", "a\n")
    assert mapped(2) == 2

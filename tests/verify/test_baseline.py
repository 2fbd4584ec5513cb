"""The baseline comparison behind --baseline: which differences count and how the first is named."""

from __future__ import annotations

from migrator.verify.trace import Call, first_difference


def calls(*specs, auth="token"):
    return [Call(op, auth, params, fault) for op, params, fault in
            [(s[0], s[1], s[2] if len(s) > 2 else None) for s in specs]]


LEGACY = [Call("login", "none", {})] + calls(
    ("Account_createDatabase", {"name": "Leads"}),
    ("Database_createProfile", {"id": 1, "fields": {"n": "1"}}),
    ("Database_createProfile", {"id": 1, "fields": {"n": "2"}}),
    ("Database_profiles", {"id": 1}), auth="cookie")


def test_same_business_calls_match_whatever_the_auth_and_login():
    assert first_difference(LEGACY, calls(*[(c.operation, c.params) for c in LEGACY[1:]])) is None


def test_a_thread_pool_may_reorder_consecutive_calls_to_one_operation():
    run = calls(("Account_createDatabase", {"name": "Leads"}),
                ("Database_createProfile", {"id": 1, "fields": {"n": "2"}}),
                ("Database_createProfile", {"id": 1, "fields": {"n": "1"}}),
                ("Database_profiles", {"id": 1}))
    assert first_difference(LEGACY, run) is None


def test_a_retried_call_refused_for_its_session_is_not_business():
    retried = LEGACY[:2] + calls(("Database_createProfile", {"id": 1, "fields": {"n": "1"}}, "Not logged on"),
                                 auth="none") + [Call("login", "none", {})] + LEGACY[2:]
    assert first_difference(retried, calls(*[(c.operation, c.params) for c in LEGACY[1:]])) is None


def test_a_changed_parameter_is_named():
    run = calls(("Account_createDatabase", {"name": "Leads"}),
                ("Database_createProfile", {"id": 1, "fields": {"n": "1"}}),
                ("Database_createProfile", {"id": 1, "fields": {"n": "3"}}),
                ("Database_profiles", {"id": 1}))
    assert first_difference(LEGACY, run) == (
        'business calls 2-3: the baseline has Database_createProfile {"fields": {"n": "2"}, "id": 1}, '
        'this run does not (it has Database_createProfile {"fields": {"n": "3"}, "id": 1})')


def test_missing_and_extra_calls_at_the_end():
    shorter = calls(*[(c.operation, c.params) for c in LEGACY[1:-1]])
    assert first_difference(LEGACY, shorter) == (
        'business call 4: the baseline has Database_profiles {"id": 1}, this run made no more calls')
    longer = calls(*[(c.operation, c.params) for c in LEGACY[1:]], ("Database_remove", {"id": 1}))
    assert first_difference(LEGACY, longer) == (
        'business call 5: this run has Database_remove {"id": 1}, the baseline ended before it')


def test_ignored_parameters_are_left_out():
    run = calls(("Account_createDatabase", {"name": "Leads"}),
                ("Database_createProfile", {"id": 7, "fields": {"n": "1"}}),
                ("Database_createProfile", {"id": 7, "fields": {"n": "2"}}),
                ("Database_profiles", {"id": 7}))
    assert first_difference(LEGACY, run) is not None
    assert first_difference(LEGACY, run, frozenset({"id"})) is None

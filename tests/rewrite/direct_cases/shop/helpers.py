"""Helpers."""


def noop():
    return None

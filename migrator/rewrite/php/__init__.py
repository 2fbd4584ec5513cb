"""PHP migration: byte-range edits on the tree-sitter tree of each file (see edit.py, registry.py).

Each fix is one small module here that registers itself (registry.fix); the runner knows none of them.
"""

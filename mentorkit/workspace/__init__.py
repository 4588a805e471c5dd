"""The portable workspace: a mentee's records as one versioned archive, and back.

`export.export_workspace(user)` writes the archive, `imports.import_workspace(file)` recreates
it on another instance; `kinds.py` says what the archive holds, one home for both.
"""

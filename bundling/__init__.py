"""Build-time helpers for the one-folder bundle (``pyinstaller.spec``); never imported by the app.

- :mod:`bundling.notices`: the bundle's ``LICENSES/`` folder, from what the bundle really contains.
- :mod:`bundling.contents`: what a built bundle holds, part by part (owners, sizes, archived modules).
"""

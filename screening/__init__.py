"""Vroegsignalering complexe scheiding: early screening for complex divorce.

The pure domain lives in :mod:`screening.instrument`; the Flask application is
built by :func:`screening.app.create_app`. Importing this package has no side
effects and imports no web framework.
"""

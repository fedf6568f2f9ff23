"""MédiMarché lead-intake service: the forms of the static site post here.

A lead is validated, checked for spam, committed to the database and only
then acknowledged. The package never imports Pelican: the site is built
separately and, at most, served as a folder of files (see `app.py`).
"""

#!/usr/bin/env python3
"""The Flask-JWT-Extended app run as a CGI program behind Apache 2.
Apache's default (CGIPassAuth Off) does not hand the Authorization header to
CGI programs, so the app answers "Missing Authorization Header" although the
browser sent one."""
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsgiref.handlers import CGIHandler
from flask_app import app

CGIHandler().run(app)

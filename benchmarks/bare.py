"""The ceiling for any Flask page: a bare 'hello' app, served the same way as ours."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"

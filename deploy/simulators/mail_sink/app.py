"""The mail sink's operator page "E-post" and its JSON list (docs/ARCHITECTURE.md "Mail (QA-7)").

  GET /           "E-post": every message, newest first (received, to, subject, body)
  GET /messages   -> 200 {"count", "messages": [{received_at, from, to, subject, body, message_id}]}
                  newest first, for tests and the system tier"""
from __future__ import annotations

from flask import Flask, jsonify, render_template

from simulator_index.frame import FrameSettings, init_frame
from webcert_common.clock import swedish_minute

from .config import MailSinkConfig
from .store import MessageStore

PAGE_LIMIT = 500             # the page shows the newest; GET /messages has them all


def create_app(config: MailSinkConfig | None = None, *, store: MessageStore | None = None) -> Flask:
    """``store``: the one the SMTP listener writes (embedded: the same object; distributed: the
    same file through ``config``)."""
    config = config or MailSinkConfig.from_env()
    config.check()
    store = store or MessageStore(config.database_path)
    app = Flask(__name__, static_folder=None)
    init_frame(app, FrameSettings(secret_key=config.secret_key, cookie_name="mail_sink",
                                  assets_base_url=config.assets_base_url, index_url=config.index_url))
    app.add_template_filter(swedish_minute, "swedish_minute")
    app.extensions["mail_store"] = store

    @app.get("/")
    def index():
        messages = store.messages(limit=PAGE_LIMIT)
        return render_template("mail_index.html", messages=messages, total=store.count(), shown=len(messages))

    @app.get("/messages")
    def messages_json():
        messages = store.messages()
        return jsonify({"count": len(messages), "messages": [m.to_json() for m in messages]})

    return app

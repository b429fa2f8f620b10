"""The composition root: the one place that sees the core, the channels, the web routes and the migrations.

`knotty/` is the core, `channels/` and `web/` adapt it to Twilio and browsers, `migrations/` shapes its
database. Something has to build one core from the settings and hand it to every adapter, run the
migrations and offer the `knotty` command; that is this package, and nothing imports it back.
"""

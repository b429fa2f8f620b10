"""The HTTP face of Knotty: the app factory, the chat widget, the admin page and API."""

"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from eventsys import create_app

app = create_app()

import pytest
from django.db import OperationalError

from portal import views
from portal.models import User


@pytest.fixture
def client_meeting_database_error(client, db, monkeypatch):
    """A signed-in client whose dashboard meets a lost database connection."""

    def broken(user):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.selectors, "dashboard_for", broken)
    client.force_login(User.objects.create_user(email="reader@example.org", password="x-long-password-1"))
    client.raise_request_exception = False
    return client

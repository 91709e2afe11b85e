"""Issue 12, "Secrets and personal data at rest": TOTP keys encrypted, email kept out of the task queue."""

import datetime
import importlib
import json

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal import crypto
from portal.demo import DEMO_TOTP_SECRET, current_totp_code, ensure_recovery_codes, ensure_totp
from portal.emails import send_templated_email
from portal.models import OutboxMessage
from portal.tasks import send_email

encryption_migration = importlib.import_module("portal.migrations.0006_secrets_at_rest")

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def invitation_to(email, link="http://127.0.0.1:8000/accounts/password/reset/key/9-secret-token/"):
    send_templated_email(
        to=[email],
        template="portal/email/invitation",
        context={"member": {"full_name": "Morgan Hale"}, "link": link, "days": 7},
    )


# --- TOTP secrets ---------------------------------------------------------------------


def test_it_stores_totp_secrets_encrypted(make_user):
    user = make_user("new.mo@example.org", totp=False)
    authenticator = ensure_totp(user)
    stored = Authenticator.objects.get(pk=authenticator.pk).data["secret"]
    assert DEMO_TOTP_SECRET not in json.dumps(Authenticator.objects.get(pk=authenticator.pk).data)
    assert crypto.decrypt(stored) == DEMO_TOTP_SECRET
    assert len(current_totp_code(user)) == 6


def test_it_stores_recovery_code_seeds_encrypted(make_user):
    user = make_user(totp=False)
    seed = ensure_recovery_codes(user).data["seed"]
    assert crypto.is_encrypted(seed)


def test_it_encrypts_the_secrets_stored_in_clear_before_and_is_safe_to_run_twice(make_user):
    user = make_user(totp=False)
    authenticator = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": DEMO_TOTP_SECRET}
    )
    encryption_migration.encrypt_authenticator_secrets(django_apps, None)
    once = Authenticator.objects.get(pk=authenticator.pk).data["secret"]
    encryption_migration.encrypt_authenticator_secrets(django_apps, None)
    twice = Authenticator.objects.get(pk=authenticator.pk).data["secret"]
    assert once == twice != DEMO_TOTP_SECRET
    assert crypto.decrypt(twice) == DEMO_TOTP_SECRET
    assert len(current_totp_code(user)) == 6


def test_it_rotates_to_a_new_key_and_then_works_without_the_old(settings, make_user):
    settings.PORTAL_ENCRYPTION_KEYS = [OLD_KEY]
    user = make_user(totp=False)
    ensure_totp(user)
    code = current_totp_code(user)
    settings.PORTAL_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    call_command("rotate_encryption_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.PORTAL_ENCRYPTION_KEYS = [NEW_KEY]
    assert current_totp_code(user) == code


def test_it_refuses_text_encrypted_with_an_unknown_key(settings):
    settings.PORTAL_ENCRYPTION_KEYS = [OLD_KEY]
    token = crypto.encrypt("secret")
    settings.PORTAL_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(token)


# --- Email in the task queue ---------------------------------------------------------------


def test_it_keeps_no_link_address_or_name_in_the_task_queue(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_to("cllr.ward@example.org")
    task = DBTaskResult.objects.get(task_path="portal.tasks.send_email")
    outbox = OutboxMessage.objects.get()
    assert task.args_kwargs == {"args": [], "kwargs": {"message_id": outbox.pk}}
    for secret in ("secret-token", "cllr.ward@example.org", "Morgan Hale"):
        assert secret not in json.dumps(task.args_kwargs)
        assert secret not in outbox.payload


def test_it_sends_the_email_once_and_then_wipes_it(
    db, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_to("cllr.ward@example.org")
    run_tasks()
    assert [m.to for m in mailoutbox] == [["cllr.ward@example.org"]]
    assert "secret-token" in mailoutbox[0].body
    outbox = OutboxMessage.objects.get()
    assert outbox.payload == ""
    assert outbox.sent_at is not None
    assert send_email.call(message_id=outbox.pk) == 0
    assert len(mailoutbox) == 1


def test_it_queues_nothing_when_the_transaction_rolls_back(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                invitation_to("cllr.ward@example.org")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_it_prunes_finished_tasks_and_sent_emails_and_is_safe_to_run_twice(
    db, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_to("sent@example.org")
    run_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_to("waiting@example.org")
    DBTaskResult.objects.filter(finished_at__isnull=False).update(
        finished_at=timezone.now() - datetime.timedelta(days=2)
    )
    OutboxMessage.objects.filter(sent_at__isnull=False).update(
        sent_at=timezone.now() - datetime.timedelta(days=2)
    )
    call_command("prune_tasks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("prune_tasks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert DBTaskResult.objects.count() == 1  # the one still waiting
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1
    assert not OutboxMessage.objects.filter(sent_at__isnull=False).exists()


def test_it_shows_no_task_payloads_in_the_back_office(
    client_for, superuser, member_support, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_to("cllr.ward@example.org")
    task = DBTaskResult.objects.get()
    client = client_for(superuser)
    page = client.get(f"/back-office/django_tasks_database/dbtaskresult/{task.pk}/change/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "message_id" not in content and "args_kwargs" not in content.lower()
    assert "portal.tasks.send_email" in content or "send_email" in content
    assert (
        client_for(member_support).get("/back-office/django_tasks_database/dbtaskresult/").status_code == 403
    )

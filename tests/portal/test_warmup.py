"""portal.warmup: what a web process does at start so that its first request is not slow."""

import logging

import pytest
from django.urls import clear_url_caches

from portal import warmup
from portal.templatetags import portal_urls


@pytest.mark.django_db
def test_it_fills_the_layout_links_without_touching_the_database(django_assert_num_queries):
    clear_url_caches()
    portal_urls._memo.update(resolver=None, urls={})
    with django_assert_num_queries(0):
        warmup.warm()
    kept = {name for (_prefix, name), url in portal_urls._memo["urls"].items() if url}
    assert {"home", "guidance:library", "advice:queue", "complaints:public_form", "account_logout"} <= kept


def test_a_failure_is_logged_and_not_raised(monkeypatch, caplog):
    def broken():
        raise RuntimeError("no URLconf today")

    monkeypatch.setattr("django.urls.get_resolver", broken)
    with caplog.at_level(logging.WARNING, logger="portal.warmup"):
        warmup.warm()
    assert "warm-up failed" in caplog.text


def test_what_the_process_made_at_start_is_kept_out_of_the_collectors_sight():
    import gc

    try:
        warmup.warm()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

"""Length limits on every text field, in the models and the forms (issue 13)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models

from portal.form_limits import LengthLimits, takes_free_text, text_fields_without_limit

PORTAL_APPS = ("portal", "guidance", "training", "advice", "complaints")


def portal_form_classes():
    found = {}
    for app in PORTAL_APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def test_it_limits_every_text_field_of_every_model():
    missing = [
        f"{model._meta.label}.{field.name}"
        for app in PORTAL_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and field.max_length is None
    ]
    assert missing == []


def test_it_limits_every_text_field_of_every_form():
    missing = {
        name: fields
        for name, cls in portal_form_classes().items()
        if (fields := text_fields_without_limit(cls))
    }
    assert missing == {}


def test_it_names_the_field_in_every_form_length_message():
    without_messages = [
        name
        for name, cls in portal_form_classes().items()
        if any(takes_free_text(field) for field in cls.base_fields.values())
        and not issubclass(cls, LengthLimits)
    ]
    assert without_messages == []


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Address", "Keep the address under 500 characters (it has 200001)."),
        ("Your postal address", "Keep your postal address under 500 characters (it has 200001)."),
    ],
)
def test_it_words_the_message_for_the_field(label, expected):
    class AddressForm(LengthLimits, forms.Form):
        address = forms.CharField(label=label, max_length=500)

    form = AddressForm(data={"address": "x" * 200_001})
    assert form.errors["address"] == [expected]
    assert form["address"].value() == "x" * 200_001

"""Training's part of the roles matrix (see portal/roles.py)."""

from portal import roles

_USE = ["training.view_training"]

_MANAGE = [
    *_USE,
    "training.manage_training",
    *(
        f"training.{verb}_{model}"
        for model in ("course", "committeerequirement", "session", "inductionpack", "inductionitem")
        for verb in ("view", "add", "change", "delete")
    ),
    "training.view_booking",
    "training.view_completion",
    "training.add_completion",
    "training.change_completion",
    "training.view_courseassignment",
    "training.add_courseassignment",
    "training.view_inductionassignment",
    "training.add_inductionassignment",
    "training.view_event",
]

ROLE_PERMISSIONS = {
    roles.COUNCILLOR: _USE,
    roles.CO_OPTED_MEMBER: _USE,
    roles.MONITORING_OFFICER: _USE,
    roles.DEPUTY_MONITORING_OFFICER: _USE,
    roles.MEMBER_SUPPORT_OFFICER: _MANAGE,
}

CUSTOM_PERMISSIONS = {
    "training.view_training": ("course", "Can use training"),
    "training.manage_training": (
        "course",
        "Can manage training: registers, bookings, verification, induction",
    ),
}

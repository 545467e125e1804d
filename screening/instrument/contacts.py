"""Name the kinds of local contact a route may refer to; the one list the app and files share.

An instrument's route says which kinds it needs (`contacts = ["wijkteam"]`); the app fills in
the real names and numbers of the professional's own municipality.
"""

from __future__ import annotations

from typing import Literal, get_args

ContactKind = Literal[
    "emergency",  # 112
    "veilig_thuis",  # Veilig Thuis, advice and reporting point for domestic violence and abuse
    "wijkteam",  # the neighbourhood team or CJG
    "jgz",  # youth health care
    "school_social_work",  # school social work
    "family_guardian",  # certified institution / child protection (gecertificeerde instelling)
    "parenting_plan_support",  # help with a parenting plan or mediation
    "children_groups",  # groups for children of divorced parents
    "kindertelefoon",  # De Kindertelefoon
]
CONTACT_KINDS: tuple[str, ...] = get_args(ContactKind)

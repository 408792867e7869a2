"""Helpers for the policy journeys: the change form's POST data for a policy, and page text."""

import html
import re
from datetime import time
from typing import Any

from django.urls import reverse

from cepathway.core.policy import PartnershipPolicy
from cepathway.policy.forms import initial_for

CURRENT = reverse("policy:current")
EDIT = reverse("policy:edit")
HISTORY = reverse("policy:history")


def policy_post(policy: PartnershipPolicy, reason: str = "Fictional reason for a test", **changes: Any) -> dict:
    """What the change form sends when it shows `policy` and the person changes `changes`."""
    data: dict[str, Any] = {}
    for name, value in initial_for(policy).items():
        if isinstance(value, list):
            data[name] = value
        elif isinstance(value, time):
            data[name] = value.strftime("%H:%M")
        else:
            data[name] = str(value)
    return data | {"reason": reason} | changes


def text_of(page: str) -> str:
    """The words of the page's <main>, as a person reads them: no tags, entities decoded, spaces collapsed."""
    main = re.search(r"(?s)<main.*?</main>", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main.group(0) if main else page)).split())

"""What the audit log calls a version of the partnership's policy (registered with
cepathway.core.audit_words in PolicyConfig)."""

from cepathway.core import audit_words


def register() -> None:
    audit_words.register_nouns({"policy.PolicyVersion": "version of the partnership's policy"})

"""manage.py verify_audit: walk every chain of the audit log and report the first broken link.

Exits 1 when a chain is broken, so a scheduler or monitor can alert on it. Prints each chain's length
and head hash: keep those lines outside the database (docs/audit.md) to tell later whether the whole
log was rewritten.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cepathway.core import audit_chain
from cepathway.core.models import AuditChain, AuditEvent


class Command(BaseCommand):
    help = "Check the audit log's hash chains; report the first broken link of each."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--chain", action="append", help="Only this chain (repeat for more); default all")

    def handle(self, *args: Any, **options: Any) -> None:
        broken = 0
        heads = {head.key: head.head for head in AuditChain.objects.all()}
        for report in audit_chain.verify(options["chain"]):
            if report.intact:
                self.stdout.write(f"{report.sentence()}; head {heads.get(report.key, audit_chain.GENESIS)}")
            else:
                broken += 1
                self.stdout.write(self.style.ERROR(report.sentence()))
        before = AuditEvent.objects.filter(chain="").count()
        if before:
            self.stdout.write(f"{before} entries were written before the log was chained and are not checked.")
        if broken:
            raise CommandError(f"{broken} chain(s) of the audit log are broken.")
        self.stdout.write(self.style.SUCCESS("Every chain of the audit log holds."))

"""Administrators may read payments and receipts in the admin; nobody edits them there (receipts are
legal records: they change only through the services)."""

import rules

from motcua.org.predicates import is_administrator

rules.add_perm("payments", is_administrator)
for model in ("payment", "receipt", "feeexemption"):
    rules.add_perm(f"payments.view_{model}", is_administrator)

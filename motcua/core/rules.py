import rules

from motcua.org.predicates import is_administrator

rules.add_perm("core", is_administrator)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"core.{action}_calendaroverride", is_administrator)

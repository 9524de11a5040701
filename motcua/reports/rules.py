"""Who reads reports: centre directors (receptions of their centre family) and unit leaders (dossiers their units
handle). Administrators administer and read no dossier figures; a superuser is an administrator here too, so views
test this rule with `rules.has_perm` (Django's `user.has_perm` lets any superuser through)."""

import rules

from motcua.org.predicates import is_centre_director, is_unit_leader

rules.add_perm("reports.view", is_centre_director | is_unit_leader)


def may_read_reports(user) -> bool:
    return rules.has_perm("reports.view", user)

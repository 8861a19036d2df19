"""Pure rules of the administration pages: who may change what, and where a refusal is shown."""
from app.admin.rules import AdminScope, field_of


def test_an_operator_sees_and_holds_everything():
    scope = AdminScope(operator=True, communities=frozenset())
    assert scope.sees(frozenset({7})) and scope.holds(frozenset({7, 8})) and scope.edits_settings


def test_a_supervisor_holds_only_what_lies_wholly_in_their_communities():
    scope = AdminScope(operator=False, communities=frozenset({1}))
    assert scope.sees(frozenset({1, 2})) and not scope.holds(frozenset({1, 2}))
    assert scope.holds(frozenset({1})) and not scope.holds(frozenset()) and not scope.edits_settings
    assert AdminScope(operator=False, communities=frozenset()).is_empty


def test_a_refused_path_names_the_form_field_it_came_from():
    assert field_of(["people", 0, "phone"], 2) == "phone"
    assert field_of(["people", 0, "roles", 1, "firm"], 2) == "roles-1-scope"
    assert field_of(["people", 0, "roles", 1, "grid"], 2) == "roles-1-scope"
    assert field_of(["people", 0, "roles", 1, "skills", 0], 2) == "roles-1-skills"
    assert field_of(["people", 0, "roles", 1, "buildings", 2], 2) == "roles-1-buildings"
    assert field_of(["people", 0, "roles", 1], 2) == "roles-1-role"
    assert field_of(["faq", 3, "estates"], 2) == "estates"

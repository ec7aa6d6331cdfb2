"""Composite foreign keys: the database guarantees that a link stays inside its plan, source,
action or authority (ADR 0017).

Django has no composite foreign key, so a migration adds one with this operation, on
PostgreSQL (production's database): for example `plans_action (theme_id, plan_id) REFERENCES
plans_theme (id, plan_id)`, so an action's theme is always one of its own plan's themes, however
the row was written. The referenced pair is made unique by a `UniqueConstraint` on the target
model, which Django knows about. Like Django's own foreign keys the constraint is checked at
commit (deferred), and a NULL in the link (no theme) is not checked (MATCH SIMPLE).

SQLite (development and the default test run) cannot add a constraint to an existing table,
and Django rebuilds SQLite tables from its own model state, which would drop one added by hand;
there the services' validation is the guard.
"""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations.base import Operation


class AddCompositeForeignKey(Operation):
    reduces_to_sql = True
    reversible = True

    def __init__(
        self,
        model_name: str,
        name: str,
        columns: list[str],
        to: str,
        to_columns: list[str],
    ) -> None:
        self.model_name, self.name, self.columns = model_name, name, columns
        self.to, self.to_columns = to, to_columns

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {
            "model_name": self.model_name,
            "name": self.name,
            "columns": self.columns,
            "to": self.to,
            "to_columns": self.to_columns,
        }
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label: str, state: Any) -> None:
        """Nothing in Django's model state: the constraint lives only in the database."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        target = to_state.apps.get_model(self.to)
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {quote(model._meta.db_table)} ADD CONSTRAINT {quote(self.name)} "
            f"FOREIGN KEY ({', '.join(quote(c) for c in self.columns)}) "
            f"REFERENCES {quote(target._meta.db_table)} "
            f"({', '.join(quote(c) for c in self.to_columns)}) DEFERRABLE INITIALLY DEFERRED"
        )

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {quote(model._meta.db_table)} DROP CONSTRAINT {quote(self.name)}"
        )

    def describe(self) -> str:
        return (
            f"Add composite foreign key {self.name} on {self.model_name} "
            f"({', '.join(self.columns)}) to {self.to} ({', '.join(self.to_columns)})"
        )

    @property
    def migration_name_fragment(self) -> str:
        return self.name

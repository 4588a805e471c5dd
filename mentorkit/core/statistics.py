"""The query planner's statistics, refreshed after a bulk load.

PostgreSQL plans queries from statistics that autovacuum's ANALYZE refreshes only some time
after rows arrive; until then a freshly loaded table looks empty to the planner, which picks
sequential scans and nested loops. SQLite plans without them, so there this does nothing.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_statistics(*models, using: str = DEFAULT_DB_ALIAS) -> None:
    """ANALYZE the tables of `models` (every table if none) on PostgreSQL; elsewhere nothing."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if tables else "ANALYZE")

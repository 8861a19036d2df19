"""One line of history: concurrent branches of the schema are merged before they land."""
from alembic.config import Config
from alembic.script import ScriptDirectory

from app import _migrations_dir


def test_the_migrations_have_a_single_head():
    config = Config()
    config.set_main_option("script_location", str(_migrations_dir()))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several heads {heads}: run `flask db merge heads`"

"""The AUKUS timeline's tasks (`invoke --list`): all of them come from the engine."""

from pelican.plugins.timeline.commands.catalogs import catalog_tasks
from pelican.plugins.timeline.commands.tasks import site_tasks

# its tests drive Chromium and run the Nu Html Checker: `invoke test` installs both first
ns = site_tasks(__file__, test_tools=("chromium", "vnu"))
for engine_task in catalog_tasks():  # the engine's message catalogs (this repository only)
    ns.add_task(engine_task)

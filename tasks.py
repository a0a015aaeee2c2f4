"""The AUKUS timeline's tasks (`invoke --list`): all of them come from the engine."""

from pelican.plugins.timeline.commands.tasks import site_tasks

ns = site_tasks(__file__)

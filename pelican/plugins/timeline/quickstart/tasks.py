from pelican.plugins.timeline.commands.tasks import site_tasks

ns = site_tasks(__file__)

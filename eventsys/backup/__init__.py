"""The backup area: `flask backup` and `flask restore` of the database and the instance files."""


def init_app(app) -> None:
    from eventsys.backup.cli import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

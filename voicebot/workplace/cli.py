"""`voicebot office ...` and `voicebot user ...`: offices, their services, and accounts."""

from __future__ import annotations

import sys

import typer

from voicebot.settings import Settings

office_app = typer.Typer(help="Offices (동 주민센터, district divisions) and the services they link to.",
                         no_args_is_help=True)
user_app = typer.Typer(help="Officers', supervisors' and administrators' accounts.", no_args_is_help=True)


def _database():  # noqa: ANN202  (a voicebot.db.Database)
    # Imported here: the database layer costs every other `voicebot` command a second.
    from voicebot.db import Database

    return Database.upgraded(Settings().database_url)


@office_app.command("add")
def office_add(code: str, name: str) -> None:
    """An office: whose households its officers see."""
    from sqlalchemy import select

    from voicebot.db import Office

    with _database().session() as session:
        if session.scalar(select(Office.id).where(Office.code == code)) is not None:
            typer.echo(f"error: office {code} exists", err=True)
            raise typer.Exit(2)
        session.add(Office(code=code, name=name))
    typer.echo(f"office {code}: {name}")


@office_app.command("service")
def office_service(code: str, name: str) -> None:
    """A service this office links households to (shown when an officer records an outcome)."""
    from sqlalchemy import select

    from voicebot.db import Office, Service

    with _database().session() as session:
        office_id = session.scalar(select(Office.id).where(Office.code == code))
        if office_id is None:
            typer.echo(f"error: no office {code}", err=True)
            raise typer.Exit(2)
        session.add(Service(office_id=office_id, name=name))
    typer.echo(f"office {code}: service {name}")


@user_app.command("add")
def user_add(username: str, name: str = typer.Option(..., help="Shown to colleagues."),
             role: str = typer.Option("officer", help="officer, supervisor or admin"),
             office: str = typer.Option(None, help="Office code (every role but admin)."),
             password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin.")
             ) -> None:
    """An account. The password is asked for (or read from stdin); it is stored as an argon2 hash."""
    from voicebot.workplace.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        uid = add_user(_database(), username, name, password, role, office)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"user {username} ({role}) #{uid}")


@user_app.command("disable")
def user_disable(username: str) -> None:
    """Signs the user out everywhere and refuses further sign-ins."""
    from datetime import UTC, datetime

    from sqlalchemy import select, update

    from voicebot.db import User, UserSession

    with _database().session() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            typer.echo(f"error: no user {username}", err=True)
            raise typer.Exit(2)
        user.active = False
        session.execute(update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
                        .values(revoked_at=datetime.now(UTC)))
    typer.echo(f"user {username} disabled")

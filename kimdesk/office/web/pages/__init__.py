"""The workspace's pages, one module each; :func:`register` adds their routes."""

from fastapi import APIRouter, FastAPI


def routers() -> list[APIRouter]:
    from kimdesk.office.web.pages import (
        accounts,
        audit_log,
        decisions,
        devices,
        directory,
        district_settings,
        figures,
        login,
        overview,
        reconstructions,
        reports,
        themes,
    )

    return [m.router for m in (login, overview, figures, reports, accounts, audit_log, devices,
                               reconstructions, themes, decisions, directory,
                               district_settings)]


def register(app: FastAPI) -> None:
    for router in routers():
        app.include_router(router, include_in_schema=False)  # the API docs are for laptops

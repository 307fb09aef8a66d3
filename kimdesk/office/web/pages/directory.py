"""Versorgungssystem: edit the district's service directory and publish it."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kimdesk import catalogues
from kimdesk.office.web import device_overview
from kimdesk.office.web.directory import Directory, DirectoryError
from kimdesk.office.web.district import label, load, options
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.workspace import (
    COORD,
    form_lists,
    form_with_csrf,
    require,
    workspace,
)

router = APIRouter()
Coord = Annotated[CurrentUser, Depends(require(COORD))]


def _page(request: Request, edit_id: str = "", errors: dict[str, str] | None = None,
          values: dict | None = None, status: int = 200) -> Response:
    ws = workspace(request)
    directory = Directory(ws.engine)
    district = load(ws.engine)
    if values is None and edit_id:
        e = directory.get(edit_id)
        values = {} if e is None else {
            "id": e.id, "name": e.name, "art": e.type, "kommune": e.municipality,
            "lebensbereiche": e.life_areas, "sprachen": e.languages, "telefon": e.phone,
            "email": e.email, "adresse": e.address}
    municipalities = {m: n for m, n in district.municipalities()}
    return ws.render(request, "directory.html", {
        "title": "Versorgungssystem", "entries": directory.entries(),
        "versions": directory.versions(), "changed": directory.changed_since_publication(),
        "devices": [d for d in device_overview.devices(ws.engine) if not d.revoked],
        "errors": errors or {}, "values": values or {}, "label": label,
        "municipalities": municipalities,
        "type_options": [("", "bitte wählen")] + options("institution_types"),
        "municipality_options": [("", "kreisweit")] + district.municipalities(),
        "life_area_options": options("life_areas"),
        "language_options": options("languages"),
        "can_import": bool(district.district_id) and not directory.entries()}, status)


@router.get("/versorgungssystem")
async def directory_page(request: Request, user: Coord, bearbeiten: str = "") -> Response:
    return _page(request, bearbeiten[:80])


@router.post("/versorgungssystem")
async def save_entry(request: Request, user: Coord) -> Response:
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    lists = await form_lists(request)
    values = {**fields, "lebensbereiche": lists.get("lebensbereiche", []),
              "sprachen": lists.get("sprachen", [])}
    try:
        entry_id = Directory(ws.engine).save(
            fields.get("id") or None, fields.get("name", ""), fields.get("art", ""),
            fields.get("kommune", ""), list(values["lebensbereiche"]), list(values["sprachen"]),
            fields.get("telefon", ""), fields.get("email", ""), fields.get("adresse", ""))
    except DirectoryError as exc:
        return _page(request, fields.get("id", ""), {exc.field: str(exc)}, values, 400)
    ws.audit(user, "directory_change", entry_id)
    return ws.done(request, "/versorgungssystem", "Eintrag gespeichert. Er erreicht die "
                   "Laptops mit der nächsten Veröffentlichung.")


@router.post("/versorgungssystem/veroeffentlichen")
async def publish(request: Request, user: Coord) -> Response:
    ws = workspace(request)
    await form_with_csrf(request, user)
    try:
        version = Directory(ws.engine).publish()
    except DirectoryError as exc:
        return _page(request, errors={exc.field: str(exc)}, status=400)
    ws.audit(user, "directory_publish", f"Version {version.version}, {version.entries} Einträge")
    return ws.done(request, "/versorgungssystem", f"Version {version.version} veröffentlicht. "
                   "Die Laptops erhalten sie beim nächsten Abgleich.")


@router.post("/versorgungssystem/uebernehmen")
async def take_over(request: Request, user: Coord) -> Response:
    ws = workspace(request)
    await form_with_csrf(request, user)
    district = load(ws.engine)
    if not district.district_id:
        return _page(request, errors={"eintraege": "Bitte zuerst den Kreis unter „Kreis und "
                                                   "Stellen“ wählen."}, status=400)
    n = Directory(ws.engine).import_entries(catalogues.service_directory(district.district_id))
    ws.audit(user, "directory_change", f"{n} Einträge aus dem Katalog übernommen")
    return ws.done(request, "/versorgungssystem", f"{n} Einträge übernommen.")

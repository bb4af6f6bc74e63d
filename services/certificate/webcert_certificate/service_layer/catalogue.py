"""The types a user may create (CERT-2, Tabell 2), their definitions and content schemas, the
favourite stars, and the diagnosis suggestions (DS-1)."""
from __future__ import annotations


from ..adapters.code_lists import UnknownCodeSystem
from ..domain import commands, errors
from ..domain.content_schema import content_schema
from . import views
from .steps import (
    CertificateServices, MAX_SUGGESTIONS, requester_of,
)


# --- types and favourites ---------------------------------------------------------------------

def list_types(cmd: commands.ListTypes, deps: CertificateServices) -> dict:
    """CERT-2: the types this user may create (Tabell 2), the starred ones pinned on top."""
    requester = requester_of(deps, cmd.session_id)
    with deps.uow() as uow:
        favourites = uow.favourites.of(requester.user_id)
    creatable = [t for code, t in deps.types.items() if t.creatable and requester.may_use_type(code)]
    creatable.sort(key=lambda t: (t.code not in favourites, t.name))
    return {"types": [{"code": t.code, "name": t.name, "description": t.description,
                       "favourite": t.code in favourites} for t in creatable]}


def get_definition(cmd: commands.GetDefinition, deps: CertificateServices) -> dict:
    requester_of(deps, cmd.session_id)
    return views.definition(deps.type_of(cmd.code))


def get_content_schema(cmd: commands.GetContentSchema, deps: CertificateServices) -> dict:
    requester_of(deps, cmd.session_id)
    return content_schema(deps.type_of(cmd.code))


def set_favourite(cmd: commands.SetFavourite, deps: CertificateServices) -> None:
    requester = requester_of(deps, cmd.session_id)
    deps.type_of(cmd.code)
    with deps.uow() as uow:
        uow.favourites.set(requester.user_id, cmd.code, cmd.favourite, deps.clock.now())
        uow.commit()


# --- diagnoses --------------------------------------------------------------------------------

def search_diagnoses(cmd: commands.SearchDiagnoses, deps: CertificateServices) -> dict:
    """DS-1: by code from three positions, by description from the first letter."""
    requester_of(deps, cmd.session_id)
    try:
        if cmd.code is not None:
            found = deps.code_lists.search_by_code(cmd.code_system, cmd.code, MAX_SUGGESTIONS)
        else:
            found = deps.code_lists.search_by_description(cmd.code_system, cmd.description or "", MAX_SUGGESTIONS)
    except UnknownCodeSystem:
        raise errors.CertificateRefusal("UNKNOWN_CODE_SYSTEM", "Kodverket ska vara ICD-10-SE eller KSH97-P.",
                                        400) from None
    return {"suggestions": [{"code_system": cmd.code_system, "code": s.code, "description": s.description}
                            for s in found]}


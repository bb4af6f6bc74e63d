"""One plain function per command, looked up in HANDLERS (STYLE.md habit 3). Every state
change writes its event in the same unit of work (docs/ARCHITECTURE.md "Events")."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from webcert_common.bus import contracts
from webcert_common.clock import Clock

from ..adapters.identity import IdentityProvider, VerifiedIdentity
from ..domain import commands
from ..domain.errors import InvalidRequest, LoginRefused, NotAuthenticated, NotFound, NotPermitted, refusal
from ..domain.privileges import SITHS
from ..domain.roles import resolve_eleg_role, resolve_role
from ..domain.session import Session, SessionUser
from .views import session_view


@dataclass
class AuthServices:
    uow: Callable[[], object]                 # a fresh SqlUnitOfWork (or a fake) per call
    identity_provider: IdentityProvider
    clock: Clock
    idle_limit: timedelta = timedelta(minutes=30)
    absolute_limit: timedelta = timedelta(hours=12)


# Longer than an assertion's validity (120 s) plus the tolerated clock skew.
ASSERTION_KEEP = timedelta(minutes=10)


def token_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


# -- login ---------------------------------------------------------------------------

def _siths_user(uow, identity: VerifiedIdentity) -> tuple[SessionUser, list]:
    user = uow.directory.user(identity.subject)
    if user is None:
        raise refusal(LoginRefused, "UNKNOWN_IDENTITY")
    role = resolve_role(user.licensed_professions, user.position_codes, user.group_prescriber_code,
                        [a.purpose for a in user.assignments])
    units = uow.directory.care_units(user.care_unit_ids)
    if role is None or not units:
        raise refusal(LoginRefused, "NO_CARE_ASSIGNMENT")
    return SessionUser(user.hsa_id, user.name, role, identity.method, user.protected_identity), units


def _eleg_user(uow, identity: VerifiedIdentity) -> tuple[SessionUser, list]:
    account = uow.accounts.by_personal_identity_number(identity.subject)
    if account is None:
        raise refusal(LoginRefused, "NO_ACCOUNT")
    profession = uow.accounts.licensed_profession(identity.subject)
    if profession is None:
        raise refusal(LoginRefused, "LICENCE_PENDING")   # Appendix A: HoSp may take ten days
    role = resolve_eleg_role(profession)
    if role is None:
        raise refusal(LoginRefused, "NOT_A_DOCTOR")       # §2.1.1, §2.3
    units = uow.directory.care_units([account.unit_id])
    return SessionUser(account.id, account.name, role, identity.method, False), units


def login(cmd: commands.Login, deps: AuthServices) -> tuple[str, dict]:
    now = deps.clock.now()
    identity = deps.identity_provider.verify(cmd.assertion, now)
    if cmd.nonce is not None and cmd.nonce != identity.nonce:
        raise refusal(InvalidRequest, "INVALID_ASSERTION")
    with deps.uow() as uow:
        # An intercepted assertion must not log anyone in a second time.
        if not uow.assertions.claim(token_hash(cmd.assertion), now, ASSERTION_KEEP):
            raise refusal(InvalidRequest, "INVALID_ASSERTION")
        try:
            user, units = (_siths_user if identity.method == SITHS else _eleg_user)(uow, identity)
        except LoginRefused as refused:
            # No personnummer in events: e-legitimation refusals name nobody.
            uow.add_event(contracts.USER_LOGIN_REFUSED, {
                "reason": refused.reason, "login_method": identity.method,
                "user_id": identity.subject if identity.method == SITHS else None})
            uow.commit()
            raise
        session_id = secrets.token_urlsafe(32)
        session = Session.start(token_hash(session_id), user, units, now, deps.idle_limit, deps.absolute_limit)
        uow.sessions.add(session)
        unit = session.current_unit
        uow.add_event(contracts.USER_LOGGED_IN, {
            "user_id": user.id, "role": user.role.value, "login_method": user.login_method,
            "care_provider_id": unit.care_provider.id if unit else None, "unit_id": session.unit_id})
        uow.commit()
        return session_id, session_view(session)


# -- the running session ------------------------------------------------------------------

def _live_session(uow, session_id: str | None, deps: AuthServices) -> Session:
    """The caller's session, touched; an expired one is ended (with its event) and refused."""
    now = deps.clock.now()
    session = uow.sessions.get(token_hash(session_id)) if session_id else None
    if session is None:
        raise refusal(NotAuthenticated, "SESSION_UNKNOWN")
    reason = None if session.end_reason else session.expiry_reason(now)
    if reason is not None:
        session.end(now, reason)
        uow.sessions.save(session)
        uow.add_event(contracts.USER_SESSION_EXPIRED, {"user_id": session.user.id, "reason": reason})
        uow.commit()
    session.ensure_alive(now)
    session.touch(now)
    return session


def check_session(cmd: commands.CheckSession, deps: AuthServices) -> dict:
    with deps.uow() as uow:
        session = _live_session(uow, cmd.session_id, deps)
        uow.sessions.save(session)
        uow.commit()
        return session_view(session)


def choose_unit(cmd: commands.ChooseUnit, deps: AuthServices) -> dict:
    with deps.uow() as uow:
        session = _live_session(uow, cmd.session_id, deps)
        changed = session.choose_unit(cmd.unit_id)
        uow.sessions.save(session)
        if changed:
            uow.add_event(contracts.USER_UNIT_CHANGED, {"user_id": session.user.id, "unit_id": session.unit_id})
        uow.commit()
        return session_view(session)


def acknowledge(cmd: commands.Acknowledge, deps: AuthServices) -> dict:
    with deps.uow() as uow:
        session = _live_session(uow, cmd.session_id, deps)
        session.acknowledge(cmd.kind)
        uow.sessions.save(session)
        uow.commit()
        return session_view(session)


def logout(cmd: commands.Logout, deps: AuthServices) -> None:
    with deps.uow() as uow:
        session = _live_session(uow, cmd.session_id, deps)
        session.end(deps.clock.now(), "logged_out")
        uow.sessions.save(session)
        uow.add_event(contracts.USER_LOGGED_OUT, {"user_id": session.user.id})
        uow.commit()


def decide(cmd: commands.Decide, deps: AuthServices) -> dict:
    with deps.uow() as uow:
        session = _live_session(uow, cmd.session_id, deps)
        uow.sessions.save(session)
        uow.commit()
        return session.decide(cmd.privilege, cmd.certificate_type).as_dict()


# -- Min sida (Appendix A "Ändra dina uppgifter") ------------------------------------------

def _own_account(uow, session: Session):
    account = uow.accounts.by_id(session.user.id) if session.user.login_method != SITHS else None
    if account is None:
        raise refusal(NotPermitted, "NOT_AN_ELEG_ACCOUNT")
    return account


def view_account(cmd: commands.ViewAccount, deps: AuthServices) -> dict:
    with deps.uow() as uow:
        session = _live_session(uow, cmd.session_id, deps)
        account = _own_account(uow, session)
        uow.sessions.save(session)
        uow.commit()
        return account.as_view()


def edit_account(cmd: commands.EditAccount, deps: AuthServices) -> dict:
    """Stored now; the running session keeps its snapshot, so new details appear on new
    certificates after the next login (Appendix A)."""
    with deps.uow() as uow:
        session = _live_session(uow, cmd.session_id, deps)
        account = _own_account(uow, session)
        uow.accounts.update(account, cmd.changes)
        uow.sessions.save(session)
        updated = uow.accounts.by_id(account.id)
        uow.commit()
        return updated.as_view()


# -- the directory, for other services -------------------------------------------------------

def view_unit(cmd: commands.ViewUnit, deps: AuthServices) -> dict:
    """No session: a unit's name and mailbox are directory data, not personal data, and the
    caller is a worker acting for no user (QA-7's e-mail to the issuing unit)."""
    with deps.uow() as uow:
        address = uow.directory.unit_address(cmd.unit_id)
    if address is None:
        raise refusal(NotFound, "UNIT_NOT_FOUND")
    return {"unit_id": address.unit_id, "name": address.name, "email": address.email,
            "care_unit_id": address.care_unit_id, "care_provider_id": address.care_provider_id}


HANDLERS = {
    commands.Login: login,
    commands.CheckSession: check_session,
    commands.ChooseUnit: choose_unit,
    commands.Acknowledge: acknowledge,
    commands.Logout: logout,
    commands.Decide: decide,
    commands.ViewAccount: view_account,
    commands.EditAccount: edit_account,
    commands.ViewUnit: view_unit,
}


def handle(cmd, deps: AuthServices):
    return HANDLERS[type(cmd)](cmd, deps)

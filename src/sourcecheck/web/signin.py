"""Signing in to the web app: the ``/signin`` token form and ``/signout``.

Mounted only when the server has a token (:func:`signin_router`). A right token sets
the sign-in cookie and goes on to the page asked for (only same-site targets, see
:func:`sourcecheck.web.auth.safe_next`); a wrong one shows the form again with a 401.
Both posts are checked for their origin and form token.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from sourcecheck.web.auth import Guard, safe_next
from sourcecheck.web.context import Page

__all__ = ["signin_router"]


def signin_router(guard: Guard, page: Page) -> APIRouter:
    """``/signin`` (the token form) and ``/signout``; only when the server has a token."""
    router = APIRouter()

    @router.get("/signin", include_in_schema=False)
    def sign_in_form(request: Request, next: str = "/") -> Response:
        if guard.session_id(request) is not None:
            return RedirectResponse(safe_next(next), status_code=303)
        return page(request, "signin.html", next=safe_next(next))

    @router.post("/signin", include_in_schema=False)
    def sign_in(
        request: Request,
        token: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/",
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        guard.check_form(request, csrf_token)
        if not guard.token_matches(token):
            message = (
                "that is not this server's token; enter the token the server was started "
                "with (SOURCECHECK_API_TOKEN)"
                if token
                else "enter the server's token"
            )
            return page(
                request,
                "signin.html",
                401,
                error={"code": "unauthorized", "message": message},
                next=safe_next(next),
            )
        response = RedirectResponse(safe_next(next), status_code=303)
        guard.set_session_cookie(response, guard.new_session())
        return response

    @router.post("/signout", include_in_schema=False)
    def sign_out(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
        guard.check_form(request, csrf_token)
        response = RedirectResponse("/signin", status_code=303)
        guard.set_session_cookie(response, "")
        return response

    return router

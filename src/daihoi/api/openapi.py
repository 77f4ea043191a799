"""The OpenAPI 3.1 description of the REST API (kept beside the views it describes)."""

from __future__ import annotations

from typing import Any

from daihoi import __version__
from daihoi.campaigns.api import OPENAPI_PATHS as CAMPAIGN_PATHS


def _list(ref: str) -> dict[str, Any]:
    return {"type": "object", "properties": {
        "count": {"type": "integer"}, "page": {"type": "integer"}, "pages": {"type": "integer"},
        "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}}}}


def _ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"200": {"description": description,
                    "content": {"application/json": {"schema": schema}}},
            "401": {"$ref": "#/components/responses/Unauthorized"},
            "403": {"$ref": "#/components/responses/Forbidden"},
            # Any other refusal (400, 404, 405, 413, 415, 429, 500): the same JSON shape.
            "default": {"$ref": "#/components/responses/Error"}}


PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                               "maximum": 1000000}},
    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                    "maximum": 1000}},
]
# Text in a query: no control characters (refused with 400), at most 200 characters.
TEXT = {"type": "string", "maxLength": 200, "pattern": "^[^\\x00-\\x1f\\x7f]*$"}
ID = [{"name": "pk", "in": "path", "required": True, "schema": {"type": "integer"}}]


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "daihoi REST API", "version": __version__,
                 "description": "Scoped by the organisation tree like the web pages. "
                                "Authenticate with 'Authorization: Token <key>' "
                                "(keys from `daihoi token create`, optionally --read-only "
                                "and --expires-in-days N) or the browser session. A read-only "
                                "token is refused every method but GET (403); an expired one "
                                "is refused (401). Every error, on every path under /api/, "
                                "is JSON: {\"errors\": [...]}."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"token": []}, {"session": []}],
        "paths": {
            "/me": {"get": {"summary": "The signed-in account",
                            "responses": _ok({"$ref": "#/components/schemas/Me"})}},
            "/organizations": {"get": {
                "summary": "Organisations in scope, in tree order",
                "parameters": [*PAGING, {"name": "kind", "in": "query", "schema": TEXT}],
                "responses": _ok(_list("Organization"))}},
            "/organizations/{pk}": {"get": {
                "summary": "One organisation, its children and member count",
                "parameters": ID, "responses": {
                    **_ok({"$ref": "#/components/schemas/Organization"}),
                    "404": {"$ref": "#/components/responses/NotFound"}}}},
            "/members": {"get": {
                "summary": "Members in scope, in Vietnamese name order",
                "parameters": [*PAGING,
                               {"name": "organization", "in": "query",
                                "schema": {"type": "integer", "minimum": 1}},
                               {"name": "q", "in": "query", "schema": TEXT}],
                "responses": _ok(_list("Member"))}},
            "/members/{pk}": {"get": {"summary": "One member", "parameters": ID,
                                      "responses": {
                                          **_ok({"$ref": "#/components/schemas/Member"}),
                                          "404": {"$ref": "#/components/responses/NotFound"}}}},
            "/tally": {"post": {
                "summary": "Count an election document (daihoi-election/1)",
                "parameters": [{"name": "explain", "in": "query",
                                "schema": {"type": "boolean"}}],
                "description": "The body is limited: at most 20 MB (413), nested at most 64 "
                               "levels, numbers of at most 30 digits (400).",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"type": "object"}}}},
                "responses": {**_ok({"type": "object"}, "The result document (daihoi-result/1)"),
                              "400": {"$ref": "#/components/responses/BadRequest"}}}},
            **CAMPAIGN_PATHS,
            "/packages": {"post": {
                "summary": "Deliver a congress's signed result package (daihoi-package/1); the "
                           "server verifies it, recounts every election and files it",
                "requestBody": {"required": True, "content": {"application/octet-stream": {
                    "schema": {"type": "string", "format": "binary"}}}},
                "responses": {
                    **_ok({"type": "object"}, "Already filed: nothing changed"),
                    "201": {"description": "Filed", "content": {"application/json": {
                        "schema": {"type": "object"}}}},
                    "401": {"$ref": "#/components/responses/Unauthorized"},
                    "413": {"$ref": "#/components/responses/BadRequest"},
                    "415": {"$ref": "#/components/responses/BadRequest"},
                    "422": {"$ref": "#/components/responses/BadRequest"}}}},
        },
        "components": {
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "Authorization"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}},
            "responses": {
                name: {"description": text, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Errors"}}}}
                for name, text in [("Unauthorized", "Not signed in or bad token"),
                                   ("Forbidden", "Not allowed for this account"),
                                   ("NotFound", "Not found, or outside your scope"),
                                   ("BadRequest", "Malformed input; one line per problem"),
                                   ("Error", "Any refusal or error, as JSON")]},
            "schemas": {
                "Errors": {"type": "object", "properties": {
                    "errors": {"type": "array", "items": {"type": "string"}}}},
                "Me": {"type": "object", "properties": {
                    "username": {"type": "string"}, "role": {"type": "string"},
                    "organization": {"oneOf": [{"$ref": "#/components/schemas/Organization"},
                                               {"type": "null"}]}}},
                "Organization": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "code": {"type": "string"},
                    "name": {"type": "string"}, "kind": {"type": "string"},
                    "sector": {"type": "string"}, "parent": {"type": ["integer", "null"]},
                    "active": {"type": "boolean"}, "depth": {"type": "integer"}}},
                "Member": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "full_name": {"type": "string"},
                    "gender": {"enum": ["male", "female"]},
                    "date_of_birth": {"type": "string", "format": "date"},
                    "ethnicity": {"type": "string"},
                    "status": {"enum": ["official", "probationary"]},
                    "date_joined": {"type": "string", "format": "date"},
                    "organization": {"type": "integer"}, "education": {"type": "string"},
                    "theory_level": {"type": "string"}, "active": {"type": "boolean"}}},
            },
        },
    }

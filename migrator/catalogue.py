"""The Copernica SOAP operations this project knows: names, parameters, result shapes.

One table serves the mock (WSDL, validation, dispatch), the scanner (what a
Copernica operation name looks like) and the codemods. Sources: sections 8, 10
and 13 of shared/copernica-soap-api.md. Parameter types are the XSD types of
the wire contract: string, int, boolean, or one of the shared complex types
Map, Requirements and CollectionRef.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAMESPACE = "urn:copernica-migrate:soap"  # ours: Copernica's real namespace is not public
SOAP_ACTION_PREFIX = NAMESPACE + "#"
SERVICE = "POM_SOAP_API"
PORT = "POMPort"
PORT_TYPE = "POMPortType"
BINDING = "POMBinding"

# Entity element name -> (XSD type name, ordered (field, type) pairs); section 8.
ENTITIES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "database": ("Database", (
        ("id", "int"), ("name", "string"), ("description", "string"), ("archived", "boolean"),
        ("created", "string"), ("unsubscribebehavior", "string"), ("countprofiles", "int"),
        ("lastbuilt", "string"),
    )),
    "collection": ("Collection", (
        ("id", "int"), ("name", "string"), ("weight", "int"), ("created", "string"),
        ("unsubscribebehavior", "string"), ("countsubprofiles", "int"), ("lastbuilt", "string"),
    )),
    "field": ("Field", (
        ("id", "int"), ("name", "string"), ("type", "string"), ("value", "string"),
        ("display", "boolean"), ("ordered", "boolean"), ("length", "int"), ("textlines", "int"),
        ("hidden", "boolean"), ("index", "boolean"), ("specialcontent", "string"),
    )),
    "collectionfield": ("CollectionField", (
        ("id", "int"), ("name", "string"), ("type", "string"), ("value", "string"),
        ("display", "boolean"), ("ordered", "boolean"), ("length", "int"), ("textlines", "int"),
        ("hidden", "boolean"), ("index", "boolean"),
    )),
    "profile": ("Profile", (
        ("id", "int"), ("code", "string"), ("extra", "string"), ("created", "string"),
        ("modified", "string"), ("lastexport", "string"), ("fields", "Map"), ("interests", "Map"),
    )),
    "subprofile": ("SubProfile", (
        ("id", "int"), ("code", "string"), ("created", "string"), ("modified", "string"),
        ("lastexport", "string"), ("fields", "Map"),
    )),
}

# Result shapes (section 8): "value", "map", "array", "entity:<name>", "collection:<name>".


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = False


@dataclass(frozen=True)
class Operation:
    name: str
    params: tuple[Param, ...]
    result: str
    writes: bool = False  # a read-only access token may not call it
    summary: str = ""

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params if p.required)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _p(spec: str) -> tuple[Param, ...]:
    """'id*:int name*:string start:int' -> Params; '*' marks a required parameter."""
    out = []
    for item in spec.split():
        name, _, type_ = item.partition(":")
        out.append(Param(name.rstrip("*"), type_ or "string", name.endswith("*")))
    return tuple(out)


PAGING = "start:int length:int allproperties:boolean"
FIELD_OPTIONS = (
    "type:string value:string display:boolean ordered:boolean length:int textlines:int "
    "hidden:boolean index:boolean"
)

_OPS = [
    Operation("login", _p("username*:string password*:string account:string"), "value",
              summary="Legacy: start a session (cookie). Refused in token mode."),
    Operation("Account_databases", _p(PAGING), "collection:database"),
    Operation("Account_database", _p("identifier*:string"), "entity:database"),
    Operation("Account_createDatabase", _p("name*:string description:string"), "entity:database",
              writes=True),
    Operation("Database_remove", _p("id*:int"), "value", writes=True),
    Operation("Database_fields", _p("id*:int " + PAGING), "collection:field"),
    Operation("Database_createField",
              _p(f"id*:int name*:string {FIELD_OPTIONS} specialcontent:string"), "entity:field",
              writes=True),
    Operation("Database_collections", _p("id*:int " + PAGING), "collection:collection"),
    Operation("Database_collection", _p("id*:int identifier*:string"), "entity:collection"),
    Operation("Database_createCollection", _p("id*:int name*:string"), "entity:collection",
              writes=True),
    Operation("Database_createProfile", _p("id*:int fields*:Map interests:Map"), "entity:profile",
              writes=True),
    Operation("Database_profiles", _p("id*:int " + PAGING), "collection:profile"),
    Operation("Database_searchProfiles",
              _p("id*:int requirements*:Requirements order:string asc:boolean " + PAGING),
              "collection:profile"),
    Operation("Database_updateProfiles",
              _p("id*:int requirements*:Requirements fields*:Map create:boolean async:boolean "
                 "interests:Map " + PAGING),
              "collection:profile", writes=True),
    Operation("Collection_fields", _p("id*:int " + PAGING), "collection:collectionfield"),
    Operation("Collection_createField", _p(f"id*:int name*:string {FIELD_OPTIONS}"),
              "entity:collectionfield", writes=True),
    Operation("Collection_remove", _p("id*:int"), "value", writes=True),
    Operation("Collection_subProfile", _p("id*:int identifier*:int"), "entity:subprofile"),
    Operation("Collection_searchSubProfiles",
              _p("id*:int requirements*:Requirements order:string asc:boolean " + PAGING),
              "collection:subprofile"),
    Operation("Collection_updateSubProfiles",
              _p("id*:int requirements*:Requirements fields*:Map " + PAGING),
              "collection:subprofile", writes=True),
    Operation("Profile_fields", _p("id*:int"), "map"),
    Operation("Profile_updateFields", _p("id*:int fields*:Map timestamp:string"), "value",
              writes=True),
    Operation("Profile_remove", _p("id*:int"), "value", writes=True),
    Operation("Profile_createSubProfile",
              _p("id*:int collection*:CollectionRef fields*:Map timestamp:string"),
              "entity:subprofile", writes=True),
    Operation("Profile_searchSubProfiles",
              _p("id*:int collection*:CollectionRef requirements*:Requirements timestamp:string "
                 "order:string asc:boolean " + PAGING),
              "collection:subprofile"),
    Operation("Profile_updateSubProfiles",
              _p("id*:int collection*:CollectionRef requirements*:Requirements fields*:Map "
                 "create:boolean timestamp:string " + PAGING),
              "collection:subprofile", writes=True),
    Operation("SubProfile_fields", _p("id*:int"), "map"),
    Operation("SubProfile_updateFields", _p("id*:int fields*:Map timestamp:string"), "value",
              writes=True),
    Operation("SubProfile_remove", _p("id*:int"), "value", writes=True),
]

OPERATIONS: dict[str, Operation] = {op.name: op for op in _OPS}

# Lower-case index: PHP dispatch is case-insensitive (section 3), the mock answers the canonical name.
BY_LOWER_NAME: dict[str, Operation] = {name.lower(): op for name, op in OPERATIONS.items()}

# Object_method names of the whole API (also those the mock does not serve), for evidence in scans.
OBJECTS = (
    "Account", "Database", "Collection", "Profile", "SubProfile", "View", "MiniView", "Field",
    "CollectionField", "Template", "Document", "Emailing", "Email", "Mailing", "Login", "Survey",
)
OPERATION_NAME = re.compile(r"^(?:%s)_[a-z][A-Za-z]*$" % "|".join(OBJECTS))
# PHP dispatches methods in any letter case (`database_createProfile`)
OPERATION_NAME_ANY_CASE = re.compile(OPERATION_NAME.pattern, re.IGNORECASE)

# Parameters that carry credentials; removed from logs, traces and baselines.
CREDENTIAL_PARAMS = frozenset({"login", "access_token", "username", "password"})


def lookup(name: str) -> Operation | None:
    """Find an operation by its wire name, case-insensitively (as Copernica's PHP server does)."""
    return OPERATIONS.get(name) or BY_LOWER_NAME.get(name.lower())

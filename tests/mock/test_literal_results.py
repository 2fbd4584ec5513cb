"""The literal binding as real clients read it, against the real mock on loopback.

Responses carry no xsi:type, so each client reads an empty element its own way (measured):

- entity not found, an empty `<result/>`: zeep None; suds `Text("")` (an empty str: falsy, not
  None, no `.database`); PHP an empty stdClass (not null).
- empty page, an empty `<items/>` next to start/length/total: zeep `res.items` None; suds
  `res.items` `Text("")`; PHP `items` an empty stdClass.
- found entity, full page: objects and lists in all three.

So a program tests `result is None` (zeep) or `not result` (suds) for "not found" and guards an
empty page before reading `items.<entity>`. (suds and PHP read these the same way when the mock
still sent xsi:type; only zeep changed.) Every response body each client received is checked
for xsi:type, byte for byte.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from soap_clients import php_soap_missing
from throwaway_credentials import TOKEN

PHP_MISSING = php_soap_missing()

# Reads one JSON request per line ({"op", "params"}); answers one JSON line with the result
# described type by type (json_encode alone would not tell null, [] and an empty object apart)
# and the raw response body the client received.
PHP_CLIENT = r"""<?php
function describe($value) {
    if (is_object($value)) {
        $out = ['@class' => get_class($value)];
        foreach (get_object_vars($value) as $key => $member) {
            $out[$key] = describe($member);
        }
        return $out;
    }
    if (is_array($value)) {
        return ['@array' => array_map('describe', array_values($value))];
    }
    return $value;
}
$client = new SoapClient($argv[1], [
    'soap_version' => SOAP_1_1,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    'cache_wsdl' => WSDL_CACHE_NONE,
    'trace' => true,
]);
while (($line = fgets(STDIN)) !== false) {
    $req = json_decode($line, true);
    $result = $client->__soapCall($req['op'], [$req['params']]);
    echo json_encode(['result' => describe($result), 'raw' => $client->__getLastResponse()]), "\n";
    fflush(STDOUT);
}
"""


class Zeep:
    def __init__(self, wsdl_url: str, tmp_path):
        import requests
        import zeep
        import zeep.transports

        self.bodies: list[bytes] = []
        session = requests.Session()
        session.hooks["response"].append(self._keep)
        self.client = zeep.Client(wsdl_url, transport=zeep.transports.Transport(session=session))
        self.bodies.clear()  # the WSDL download is no SOAP response

    def _keep(self, response, *args, **kwargs):
        self.bodies.append(response.content)

    def call(self, op: str, **params):
        return getattr(self.client.service, op)({**params, "access_token": TOKEN})

    def close(self) -> None:
        self.client.transport.session.close()


class Suds:
    def __init__(self, wsdl_url: str, tmp_path):
        import suds.client
        import suds.plugin

        bodies = self.bodies = []

        class Keep(suds.plugin.MessagePlugin):
            def received(self, context):
                bodies.append(bytes(context.reply))

        self.client = suds.client.Client(wsdl_url, cache=None, plugins=[Keep()])

    def call(self, op: str, **params):
        return getattr(self.client.service, op)({**params, "access_token": TOKEN})

    def close(self) -> None:
        pass


class Php:
    def __init__(self, wsdl_url: str, tmp_path):
        script = tmp_path / "literal_client.php"
        script.write_text(PHP_CLIENT, encoding="utf-8")
        self.proc = subprocess.Popen(["php", str(script), wsdl_url], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.bodies: list[bytes] = []

    def call(self, op: str, **params):
        self.proc.stdin.write(json.dumps({"op": op, "params": {**params, "access_token": TOKEN}}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"php client exited with {self.proc.wait()}")
        answer = json.loads(line)
        self.bodies.append(answer["raw"].encode("utf-8"))
        return answer["result"]

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


CLIENTS = {"zeep": Zeep, "suds": Suds, "php": Php}
EMPTY_PHP_OBJECT = {"@class": "stdClass"}


def seed(wsdl_url: str) -> tuple[int, int]:
    """Databases "Full" (two profiles with an email) and "Empty" (none); returns their ids."""
    import zeep

    client = zeep.Client(wsdl_url)
    service = client.service
    full = service.Account_createDatabase({"name": "Full", "access_token": TOKEN}).database.id
    service.Database_createField({"id": full, "name": "email", "type": "email", "access_token": TOKEN})
    for email in ("ann@example.com", "bob@example.com"):
        service.Database_createProfile({"id": full, "fields": {"pair": [{"key": "email", "value": email}]},
                                        "access_token": TOKEN})
    empty = service.Account_createDatabase({"name": "Empty", "access_token": TOKEN}).database.id
    client.transport.session.close()
    return full, empty


def read_everything(client, wsdl_url: str) -> dict:
    """The same reads through any client: an empty account first, then a seeded one."""
    out = {"no databases": client.call("Account_databases")}
    full, empty = seed(wsdl_url)
    out["found"] = client.call("Account_database", identifier="Full")
    out["not found"] = client.call("Account_database", identifier="Missing")
    out["empty page"] = client.call("Database_profiles", id=empty)
    out["full page"] = client.call("Database_profiles", id=full, allproperties=True)
    out["databases"] = client.call("Account_databases")
    return out


@pytest.fixture(params=[
    "zeep", "suds",
    pytest.param("php", marks=[pytest.mark.php, pytest.mark.skipif(
        PHP_MISSING is not None, reason=f"PHP SoapClient part skipped: {PHP_MISSING}")]),
])
def reads(request, mock_server, tmp_path):
    mock = mock_server(auth="token")
    client = CLIENTS[request.param](mock.wsdl_url, tmp_path)
    try:
        results = read_everything(client, mock.wsdl_url)
    finally:
        client.close()
    assert [c["operation"] for c in mock.calls if c["operation"] in ("Account_database", "Account_databases",
                                                                      "Database_profiles")] == [
        "Account_databases", "Account_database", "Account_database", "Database_profiles",
        "Database_profiles", "Account_databases"]
    return request.param, results, client.bodies


def test_no_response_body_carries_xsi_type(reads):
    kind, _, bodies = reads
    assert len(bodies) == 6, f"{kind}: expected the 6 response bodies, got {len(bodies)}"
    for body in bodies:
        assert b"Response>" in body  # really a SOAP response, not an empty capture
        assert b"xsi:type" not in body and b"XMLSchema-instance" not in body, body
    # The not-found answer is literally an empty <result/>, the empty page an empty <items/>.
    assert b"<result/>" in bodies[2]
    assert b"<items/>" in bodies[0] and b"<items/>" in bodies[3]


def test_not_found(reads):
    kind, res, _ = reads
    missing = res["not found"]
    if kind == "zeep":
        assert missing is None
    elif kind == "suds":
        from suds.sax.text import Text

        # Not None and not an object: an empty string, so `if not result` is the suds test.
        assert type(missing) is Text and missing == "" and not missing
        assert not hasattr(missing, "database")
    else:
        assert missing == EMPTY_PHP_OBJECT  # an empty stdClass, not null


def test_found(reads):
    kind, res, _ = reads
    found = res["found"]
    if kind == "php":
        assert found["database"]["name"] == "Full" and found["database"]["countprofiles"] == 2
    else:
        assert found.database.name == "Full" and found.database.countprofiles == 2


def test_empty_lists(reads):
    kind, res, _ = reads
    for label in ("no databases", "empty page"):
        page = res[label]
        if kind == "zeep":
            assert (page.start, page.length, page.total) == (0, 0, 0)
            assert page.items is None, label
        elif kind == "suds":
            assert (page.start, page.length, page.total) == (0, 0, 0)
            assert page.items == "" and not page.items and not hasattr(page.items, "profile"), label
        else:
            assert (page["start"], page["length"], page["total"]) == (0, 0, 0)
            assert page["items"] == EMPTY_PHP_OBJECT, label


def test_full_lists(reads):
    kind, res, _ = reads
    page, listing = res["full page"], res["databases"]
    if kind == "php":
        assert page["total"] == 2
        emails = [p["fields"]["pair"]["@array"][0]["value"] for p in page["items"]["profile"]["@array"]]
        names = [d["name"] for d in listing["items"]["database"]["@array"]]
    else:
        assert page.total == 2
        emails = [p.fields.pair[0].value for p in page.items.profile]
        names = [d.name for d in listing.items.database]
    assert sorted(emails) == ["ann@example.com", "bob@example.com"]
    assert sorted(names) == ["Empty", "Full"]

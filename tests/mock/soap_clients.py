"""Tiny adapters that drive the mock through real SOAP clients (zeep, suds, PHP SoapClient), so
a workflow is written once. Each adapter's `call(op, **params)` returns the result as plain
dicts/lists/scalars with absent members left out, and raises SoapFault with the faultstring."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from php_available import php_soap_missing  # noqa: F401  (the mock tests import it from here)

PHP_CLIENT = r"""<?php
// Reads one JSON request per line ({"op", "params"}), answers one JSON line.
$client = new SoapClient($argv[1], [
    'soap_version' => SOAP_1_1,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    'cache_wsdl' => WSDL_CACHE_NONE,
    'exceptions' => true,
]);
while (($line = fgets(STDIN)) !== false) {
    $req = json_decode($line, true);
    try {
        $result = $client->__soapCall($req['op'], [$req['params']]);
        echo json_encode(['result' => $result]), "\n";
    } catch (SoapFault $fault) {
        echo json_encode(['fault' => $fault->getMessage()]), "\n";
    }
    fflush(STDOUT);
}
"""


class SoapFault(Exception):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def plain(value: Any) -> Any:
    """Drop absent or empty members, so every client's answer looks the same: zeep says None,
    suds and PHP say "" for an empty element, and an empty result is {} for all three."""
    if isinstance(value, dict):
        out = {k: plain(v) for k, v in value.items()}
        # 0 and False are values; None and empty strings, structs and lists are absence.
        return {k: v for k, v in out.items()
                if not (v is None or (isinstance(v, (str, dict, list)) and not v))}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def result(value: Any) -> dict:
    value = plain(value)
    return value if isinstance(value, dict) else {}


def as_map(value: dict | None) -> dict[str, str]:
    """A Map ({"pair": [{key, value}]}) as a dict; an empty value reads as ""."""
    return {p["key"]: p.get("value", "") for p in (value or {}).get("pair", [])}


class ZeepAdapter:
    name = "zeep"

    def __init__(self, wsdl_url: str, token: str | None = None):
        import zeep

        self.client = zeep.Client(wsdl_url)
        self.token = token

    def call(self, op: str, **params: Any) -> Any:
        import zeep.exceptions
        import zeep.helpers

        if self.token:
            params["access_token"] = self.token
        try:
            answer = getattr(self.client.service, op)(params)
        except zeep.exceptions.Fault as fault:
            raise SoapFault(fault.message) from None
        return result(zeep.helpers.serialize_object(answer, dict))

    def close(self) -> None:
        self.client.transport.session.close()


class SudsAdapter:
    name = "suds"

    def __init__(self, wsdl_url: str, token: str | None = None):
        import suds.client

        self.client = suds.client.Client(wsdl_url, cache=None)
        self.token = token

    def call(self, op: str, **params: Any) -> Any:
        import suds

        if self.token:
            params["access_token"] = self.token
        try:
            answer = getattr(self.client.service, op)(params)
        except suds.WebFault as fault:
            raise SoapFault(str(fault.fault.faultstring)) from None
        return result(_suds_dict(answer))

    def close(self) -> None:
        pass


def _suds_dict(value: Any) -> Any:
    from suds.sudsobject import Object, asdict

    if isinstance(value, Object):
        return {k: _suds_dict(v) for k, v in asdict(value).items()}
    if isinstance(value, list):
        return [_suds_dict(v) for v in value]
    if value is not None and type(value).__name__ == "Text":
        return str(value)
    return value


class PhpAdapter:
    """PHP's SoapClient in one long-running php process fed JSON lines (it keeps its cookies)."""

    name = "php"

    def __init__(self, wsdl_url: str, token: str | None, script_dir):
        script = script_dir / "client.php"
        script.write_text(PHP_CLIENT, encoding="utf-8")
        self.proc = subprocess.Popen(["php", str(script), wsdl_url], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.token = token

    def call(self, op: str, **params: Any) -> Any:
        if self.token:
            params["access_token"] = self.token
        self.proc.stdin.write(json.dumps({"op": op, "params": params}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"php client exited with {self.proc.wait()}")
        answer = json.loads(line)
        if "fault" in answer:
            raise SoapFault(answer["fault"])
        # PHP answers an empty result as null or [] (an empty stdClass encodes as {} or []).
        return result(answer["result"])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)



"""A fake Copernica SOAP endpoint for our integration tests.

It answers the legacy `login` operation with DONE and a soap_ session cookie, and a
handful of Account_* operations with canned results, so the old client code can be
exercised without the real API.  It is a server: it never calls Copernica.
"""

import http.server
import threading
import uuid
import xml.etree.ElementTree as ET

ENVELOPE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">'
    "<SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"
)
LOGIN_REPLY = "<loginResponse><result><value>DONE</value></result></loginResponse>"
FAULT = (
    "<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode>"
    "<faultstring>{text}</faultstring></SOAP-ENV:Fault>"
)
CANNED = {
    "Account_databases": "<Account_databasesResponse><result><start>0</start><length>0</length>"
                         "<total>0</total><items/></result></Account_databasesResponse>",
    "Account_database": "<Account_databaseResponse><result/></Account_databaseResponse>",
}


def _local(tag):
    return tag.rsplit("}", 1)[-1]


class FakeCopernicaHandler(http.server.BaseHTTPRequestHandler):
    sessions = set()

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        root = ET.fromstring(self.rfile.read(length))
        body = next(el for el in root if _local(el.tag) == "Body")
        call = next(iter(body))
        operation = _local(call.tag)
        headers = {}
        if operation == "login":
            # Any non-empty user/password is accepted: this is a test double.
            sid = uuid.uuid4().hex
            self.sessions.add(sid)
            headers["Set-Cookie"] = f"soap_session={sid}; path=/"
            reply, status = LOGIN_REPLY, 200
        elif not any(f"soap_session={sid}" in self.headers.get("Cookie", "") for sid in self.sessions):
            reply, status = FAULT.format(text="Not logged on"), 500
        elif operation in CANNED:
            reply, status = CANNED[operation], 200
        else:
            reply, status = FAULT.format(text=f"Unknown method {operation}"), 500
        payload = ENVELOPE.format(body=reply).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


def start(port=0):
    """Start the fake on localhost; returns (server, base_url). Call server.shutdown() after."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), FakeCopernicaHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"

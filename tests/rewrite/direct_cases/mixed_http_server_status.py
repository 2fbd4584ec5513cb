"""Tiny status page that shows the Copernica database count."""
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
PORT = int(os.environ.get("PORT", "8080"))


class StatusHandler(BaseHTTPRequestHandler):
    service = None

    def do_GET(self):
        if self.path != "/status":
            self.send_error(404)
            return
        listing = self.service.Account_databases({})
        body = json.dumps({"databases": listing.total}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass  # keep the console quiet


def serve():
    service = zeep.Client(WSDL).service
    service.login(LOGIN)
    StatusHandler.service = service
    HTTPServer(("127.0.0.1", PORT), StatusHandler).serve_forever()


if __name__ == "__main__":
    serve()
